using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Generators;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;

namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>
    /// Runs <see cref="PipelineManifestGenerator"/> on in-memory compilations against the real ML.NET 5.0.1 assemblies,
    /// with the MSBuild properties a consumer project passes (build_property.*), and reads back the emitted manifest.
    /// </summary>
    internal static class GeneratorHarness
    {
        public const string ProjectDirectory = "/work/src/Shop";

        public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> sources, bool withMLNet = true, string assemblyName = "Shop")
        {
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path, Encoding.UTF8)).ToList();
            var references = withMLNet ? TestReferences.Runtime.AddRange(TestReferences.MLNet) : TestReferences.Runtime;
            return CSharpCompilation.Create(
                assemblyName,
                trees,
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        }

        public static GeneratorDriver CreateDriver(string? projectDirectory = ProjectDirectory, string? enabled = null, string? embedded = null)
        {
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            if (projectDirectory is not null)
            {
                properties["build_property.MSBuildProjectDirectory"] = projectDirectory;
            }

            if (enabled is not null)
            {
                properties["build_property.MLOpsManifestEnabled"] = enabled;
            }

            if (embedded is not null)
            {
                properties["build_property.MLOpsManifestEmbedded"] = embedded;
            }

            return CreateDriver(new PipelineManifestGenerator(), properties, ParseOptions);
        }

        /// <summary>A step-tracking driver for any of the generators, with the given build_property.* values.</summary>
        public static GeneratorDriver CreateDriver(IIncrementalGenerator generator, Dictionary<string, string> properties, CSharpParseOptions parseOptions, IEnumerable<AdditionalText>? additionalTexts = null) =>
            CSharpGeneratorDriver.Create(
                new[] { generator.AsSourceGenerator() },
                additionalTexts: additionalTexts,
                parseOptions: parseOptions,
                optionsProvider: new OptionsProvider(properties),
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>Runs the generator once and returns the manifest JSON it embedded (null when it emitted nothing).</summary>
        public static string? Manifest(IEnumerable<(string Path, string Text)> sources, string? projectDirectory = ProjectDirectory)
        {
            var driver = CreateDriver(projectDirectory).RunGenerators(Compile(sources));
            return ManifestOf(driver.GetRunResult());
        }

        /// <summary>
        /// The manifest JSON the generator handed out in its comment-only file (null when it emitted nothing). When the
        /// run embedded it too (MLOpsManifestEmbedded=true), the attribute must hold the same JSON.
        /// </summary>
        public static string? ManifestOf(GeneratorDriverRunResult result)
        {
            Assert.Empty(result.Diagnostics);
            var generated = result.Results.Single().GeneratedSources;
            Assert.Null(result.Results.Single().Exception);
            var carrier = generated.SingleOrDefault(s => s.HintName == ManifestCarrier.HintName);
            if (carrier.SourceText is null)
            {
                Assert.Empty(generated);
                return null;
            }

            // Comments only: nothing in it reaches the assembly.
            Assert.Empty(carrier.SyntaxTree.GetRoot().ChildNodes());
            Assert.True(ManifestCarrier.TryRead(carrier.SourceText.ToString(), out var json, out _), "The manifest file cannot be read back.");

            var attribute = generated.SingleOrDefault(s => s.HintName.EndsWith(".AssemblyMetadata.g.cs", StringComparison.Ordinal));
            if (attribute.SourceText is not null)
            {
                // The value of [assembly: AssemblyMetadata("MLOps.Manifest", "...")], as the compiler reads the literal.
                var literals = attribute.SyntaxTree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().ToList();
                Assert.Equal(2, literals.Count);
                Assert.Equal(PipelineManifestGenerator.MetadataKey, literals[0].Token.ValueText);
                Assert.Equal(json, literals[1].Token.ValueText);

                // The generated class reads it from that attribute.
                var classSource = generated.Single(s => s.HintName == PipelineManifestGenerator.GeneratedClass + ".g.cs").SourceText.ToString();
                Assert.Contains("public const string MetadataKey = \"" + PipelineManifestGenerator.MetadataKey + "\";", classSource, StringComparison.Ordinal);
            }
            else
            {
                Assert.Single(generated);
            }

            return json;
        }

        /// <summary>The manifest with the generator version replaced, so expected files survive a version bump.</summary>
        public static string Normalize(string json) =>
            json.Replace("\"version\": \"" + PipelineManifestGenerator.GeneratorVersion + "\"", "\"version\": \"<generator version>\"", StringComparison.Ordinal);

        /// <summary>
        /// Compares with Generators/Expected/<paramref name="name"/>. With MLOPS_UPDATE_EXPECTED=1 the file in the source
        /// tree is (re)written instead, to be reviewed in the diff.
        /// </summary>
        public static void AssertMatchesExpected(string name, string json)
        {
            var normalized = Normalize(json);
            if (Environment.GetEnvironmentVariable("MLOPS_UPDATE_EXPECTED") == "1")
            {
                var sourceDirectory = Path.Combine(FindRepositoryRoot(), "tests", "MLOps.Analyzers.Tests", "Generators", "Expected");
                Directory.CreateDirectory(sourceDirectory);
                File.WriteAllText(Path.Combine(sourceDirectory, name), normalized, new UTF8Encoding(false));
                return;
            }

            var path = Path.Combine(AppContext.BaseDirectory, "Generators", "Expected", name);
            Assert.True(File.Exists(path), $"No expected output {name}; run the tests with MLOPS_UPDATE_EXPECTED=1 and review the new file.");
            var expected = File.ReadAllText(path, Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal);
            if (expected != normalized)
            {
                var expectedLines = expected.Split('\n');
                var actualLines = normalized.Split('\n');
                var line = 0;
                while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
                {
                    line++;
                }

                Assert.Fail($"{name} differs from the generator output at line {line + 1}:\n"
                    + $"expected: {(line < expectedLines.Length ? expectedLines[line] : "<end>")}\n"
                    + $"actual:   {(line < actualLines.Length ? actualLines[line] : "<end>")}\n"
                    + "Run the tests with MLOPS_UPDATE_EXPECTED=1 to rewrite the file, then review the diff.");
            }
        }

        public static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
        }

        private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
        {
            private readonly DictionaryOptions _global;

            public OptionsProvider(Dictionary<string, string> global) => _global = new DictionaryOptions(global);

            public override AnalyzerConfigOptions GlobalOptions => _global;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => DictionaryOptions.Empty;
        }

        private sealed class DictionaryOptions : AnalyzerConfigOptions
        {
            public static readonly DictionaryOptions Empty = new DictionaryOptions(new Dictionary<string, string>());

            private readonly Dictionary<string, string> _values;

            public DictionaryOptions(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value)
            {
                var found = _values.TryGetValue(key, out var text);
                value = text ?? string.Empty;
                return found;
            }
        }
    }
}
