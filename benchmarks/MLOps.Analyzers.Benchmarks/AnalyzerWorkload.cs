using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// What every benchmark runs: the synthetic files (parsed once), the references (the running runtime's assemblies
    /// and the real ML.NET assemblies copied next to this program), and the analyzer sets to run over them.
    /// </summary>
    internal sealed class AnalyzerWorkload
    {
        public const int FileCount = 1000;
        public const int Seed = 20_240_601;

        /// <summary>The rule categories, in rule-ID order (MLO1xxx .. MLO5xxx).</summary>
        public static readonly string[] Categories = { "Reproducibility", "Data", "Evaluation", "Serving", "Performance" };

        private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        private static readonly CSharpCompilationOptions CompilationOptions =
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

        private AnalyzerWorkload(
            ImmutableArray<SyntaxTree> trees,
            ImmutableArray<MetadataReference> references,
            ImmutableArray<DiagnosticAnalyzer> allRules,
            IReadOnlyDictionary<string, ImmutableArray<DiagnosticAnalyzer>> byCategory)
        {
            Trees = trees;
            References = references;
            AllRules = allRules;
            ByCategory = byCategory;
        }

        public ImmutableArray<SyntaxTree> Trees { get; }

        public ImmutableArray<MetadataReference> References { get; }

        public ImmutableArray<DiagnosticAnalyzer> Baseline { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());

        public ImmutableArray<DiagnosticAnalyzer> AllRules { get; }

        public IReadOnlyDictionary<string, ImmutableArray<DiagnosticAnalyzer>> ByCategory { get; }

        public static AnalyzerWorkload Create()
        {
            var trees = SyntheticSources.Generate(FileCount, Seed)
                .Select(file => CSharpSyntaxTree.ParseText(file.Text, ParseOptions, file.Path))
                .ToImmutableArray();
            var references = LoadReferences();
            var allRules = DiscoverAnalyzers();
            var byCategory = Categories.ToDictionary(
                category => category,
                category => allRules
                    .Where(analyzer => analyzer.SupportedDiagnostics.Any(d => d.Category == category))
                    .ToImmutableArray(),
                StringComparer.Ordinal);
            return new AnalyzerWorkload(trees, references, allRules, byCategory);
        }

        /// <summary>A fresh compilation (no semantic state cached), then every analyzer diagnostic of <paramref name="analyzers"/>.</summary>
        public Task<ImmutableArray<Diagnostic>> AnalyzeAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, CancellationToken cancellationToken = default)
        {
            var compilation = CreateCompilation();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: null,
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            return compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken);
        }

        public CSharpCompilation CreateCompilation() =>
            CSharpCompilation.Create("Synthetic.MLApp", Trees, References, CompilationOptions);

        /// <summary>Every non-abstract <see cref="DiagnosticAnalyzer"/> marked [DiagnosticAnalyzer] in the package's assembly.</summary>
        internal static ImmutableArray<DiagnosticAnalyzer> DiscoverAnalyzers()
        {
            Assembly assembly = typeof(MLOps.Analyzers.Infrastructure.MLNetAnalyzer).Assembly;
            return assembly.GetTypes()
                .Where(type => !type.IsAbstract
                    && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                    && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .OrderBy(type => type.FullName, StringComparer.Ordinal)
                .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
                .ToImmutableArray();
        }

        internal static ImmutableArray<MetadataReference> LoadReferences()
        {
            // Touch the ML.NET packages so their assemblies are certainly copied next to this program.
            _ = typeof(Microsoft.ML.MLContext);
            _ = typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer);
            _ = typeof(Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer);
            string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            return ManagedAssemblies(runtimeDirectory, "*.dll")
                .Concat(ManagedAssemblies(AppContext.BaseDirectory, "Microsoft.ML*.dll"))
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();
        }

        private static IEnumerable<string> ManagedAssemblies(string directory, string pattern) =>
            Directory.GetFiles(directory, pattern)
                .Where(IsManagedAssembly)
                .OrderBy(path => path, StringComparer.Ordinal);

        private static bool IsManagedAssembly(string path)
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var reader = new PEReader(stream);
                return reader.HasMetadata && reader.GetMetadataReader().IsAssembly;
            }
            catch (BadImageFormatException)
            {
                return false;
            }
        }
    }
}
