using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Infrastructure
{
    /// <summary>The package's <c>.editorconfig</c> options.</summary>
    public static class MLOpsOptions
    {
        /// <summary>The seed the code fixes write: <c>mlops.default_seed = 42</c>.</summary>
        public const string DefaultSeedKey = "mlops.default_seed";

        /// <summary>Used when <see cref="DefaultSeedKey"/> is absent or not an integer; ML.NET's own fallback seed.</summary>
        public const int DefaultSeed = 42;

        public static int GetDefaultSeed(AnalyzerConfigOptions options) =>
            options.TryGetValue(DefaultSeedKey, out var text)
            && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
                ? seed
                : DefaultSeed;
    }
}
