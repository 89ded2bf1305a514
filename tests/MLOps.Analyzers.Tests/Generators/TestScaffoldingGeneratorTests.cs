using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Generators;
using MLOps.Analyzers.Generators.Scaffolding;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;
using Xunit.Abstractions;
using Names = MLOps.Analyzers.Generators.Scaffolding.TestScaffoldingGenerator.TrackingNames;

namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>
    /// The test-scaffolding generator in a test project that references an ML library: the library is compiled with the
    /// manifest generator (so it carries the embedded manifest, as a real build does), then the test project is generated.
    /// </summary>
    public class TestScaffoldingGeneratorTests
    {
        private static readonly Lazy<MetadataReference> ShopLibrary = new Lazy<MetadataReference>(() => BuildLibrary(ManifestSources.Shop, "Shop"));

        private static readonly ImmutableArray<MetadataReference> Xunit = Directory.GetFiles(AppContext.BaseDirectory, "xunit.*.dll")
            .Where(path => !path.Contains("runner", StringComparison.OrdinalIgnoreCase))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

        private const string Gates = """
            [assembly: MLOps.Testing.QualityGate("BuildPipeline", "RSquared", Minimum = 0.5)]
            [assembly: MLOps.Testing.QualityGate("BuildPipeline", "RootMeanSquaredError", Maximum = 3)]
            """;

        private readonly ITestOutputHelper _output;

        public TestScaffoldingGeneratorTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void A_callable_factory_gets_a_test_class_matching_the_expected_source()
        {
            var (output, generated) = Run(Gates);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
            var testClass = generated.Single(s => s.HintName == "PricePipelines_BuildPipeline_Tests.g.cs").SourceText.ToString();
            GeneratorHarness.AssertMatchesExpected("PricePipelines_BuildPipeline_Tests.g.cs.txt", testClass);

            Assert.Contains("[global::Xunit.Fact(DisplayName = \"BuildPipeline: training is deterministic\")]", testClass, StringComparison.Ordinal);
            Assert.Contains("metrics.RSquared, minimum: 0.5, maximum: double.NaN", testClass, StringComparison.Ordinal);
            Assert.Contains("metrics.RootMeanSquaredError, minimum: double.NaN, maximum: 3", testClass, StringComparison.Ordinal);
            Assert.Contains("testFraction: 0.25, samplingKeyColumnName: null, seed: 3", testClass, StringComparison.Ordinal);
            Assert.Contains("LoadFromTextFile<global::Shop.Listing>(ml.Data, path, allowQuoting: false, allowSparse: false, hasHeader: true, separatorChar: ',', trimWhitespace: false)", testClass, StringComparison.Ordinal);
        }

        [Fact]
        public void A_pipeline_built_inline_is_listed_with_the_refactoring_that_makes_it_testable()
        {
            var (_, generated) = Run(string.Empty);
            var listing = generated.Single(s => s.HintName == "MLOps.Testing.NotTestable.g.cs").SourceText.ToString();
            Assert.Contains("// Shop.Churn.Train/BinaryClassification.Trainers.SdcaLogisticRegression (Shop, Pipelines/Churn.cs:", listing, StringComparison.Ordinal);
            Assert.Contains("public static IEstimator<ITransformer> BuildPipeline(MLContext ml)", listing, StringComparison.Ordinal);
            Assert.DoesNotContain(generated, s => s.HintName.StartsWith("Churn", StringComparison.Ordinal));
        }

        [Fact]
        public void A_multi_threaded_factory_gets_a_skipped_determinism_test_with_the_reason()
        {
            const string source = """
                using Microsoft.ML;
                namespace Lib
                {
                    public static class Factories
                    {
                        public static IEstimator<ITransformer> BuildSdca(MLContext ml) =>
                            ml.Transforms.Concatenate("Features", "A", "B").Append(ml.Regression.Trainers.Sdca());
                    }
                }
                """;
            var library = BuildLibrary(new[] { ("/lib/Factories.cs", source) }, "Lib");
            var (_, generated) = Run(string.Empty, library);
            var testClass = generated.Single(s => s.HintName == "Factories_BuildSdca_Tests.g.cs").SourceText.ToString();
            Assert.Contains("Skip = \"Not deterministic by construction: Regression.Trainers.Sdca trains on several threads", testClass, StringComparison.Ordinal);
            Assert.Contains("NumberOfThreads = 1", testClass, StringComparison.Ordinal);

            // No data in the manifest (nothing fits the chain in the library): the tests say how to supply it.
            Assert.Contains("throw new global::System.InvalidOperationException(\"No training data for pipeline 'Lib.Factories.BuildSdca/Regression.Trainers.Sdca'", testClass, StringComparison.Ordinal);
            Assert.Contains("partial void SupplyTrainingData(MLContext ml, ref IDataView data)", testClass, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("[assembly: MLOps.Testing.QualityGate(\"BuildPipeline\", \"AreaUnderRocCurve\", Minimum = 0.9)]", "Regression has no metric 'AreaUnderRocCurve'; use one of MeanAbsoluteError")]
        [InlineData("[assembly: MLOps.Testing.QualityGate(\"BuildPipeline\", \"RSquared\")]", "sets neither Minimum nor Maximum")]
        public void A_gate_that_cannot_be_checked_generates_a_failing_test_that_says_why(string gate, string message)
        {
            var (output, generated) = Run(gate);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
            var testClass = generated.Single(s => s.HintName == "PricePipelines_BuildPipeline_Tests.g.cs").SourceText.ToString();
            Assert.Contains(message, testClass, StringComparison.Ordinal);
        }

        [Fact]
        public void A_gate_naming_no_pipeline_fails_instead_of_being_ignored()
        {
            var (output, generated) = Run("[assembly: MLOps.Testing.QualityGate(\"BuildFastTreePipeline\", \"RSquared\", Minimum = 0.9)]");
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
            var orphans = generated.Single(s => s.HintName == "MLOps.Testing.UnknownGates.g.cs").SourceText.ToString();
            Assert.Contains("Quality gate declared for pipeline 'BuildFastTreePipeline', which no referenced manifest has", orphans, StringComparison.Ordinal);
            Assert.Contains("Pipelines: BuildPipeline, model.", orphans, StringComparison.Ordinal);
        }

        [Fact]
        public void An_excluded_pipeline_gets_no_tests()
        {
            var (_, generated) = Run("[assembly: MLOps.Testing.ExcludeFromGeneratedTests(\"BuildPipeline\")]");
            Assert.DoesNotContain(generated, s => s.HintName == "PricePipelines_BuildPipeline_Tests.g.cs");
            Assert.Contains("excluded by [assembly: ExcludeFromGeneratedTests]", generated.Single(s => s.HintName == "MLOps.Testing.NotTestable.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(LanguageVersion.CSharp7_3, NullableContextOptions.Disable)]
        [InlineData(LanguageVersion.Latest, NullableContextOptions.Enable)]
        public void Generated_tests_compile_as_errors_free_code_under_old_and_new_language_versions(LanguageVersion version, NullableContextOptions nullable)
        {
            var (output, generated) = Run(Gates.Replace("\n", "\n", StringComparison.Ordinal), languageVersion: version, nullable: nullable);
            Assert.Contains(generated, s => s.HintName == "PricePipelines_BuildPipeline_Tests.g.cs");
            var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            using var stream = new MemoryStream();
            Assert.True(output.Emit(stream).Success);
        }

        [Fact]
        public void Nothing_is_generated_without_xunit_or_without_a_manifest_or_when_switched_off()
        {
            var withoutXunit = Compile(string.Empty, withXunit: false, libraries: new[] { ShopLibrary.Value });
            Assert.Empty(Driver().RunGenerators(withoutXunit).GetRunResult().GeneratedTrees);

            var withoutManifest = Compile(string.Empty, withXunit: true, libraries: Array.Empty<MetadataReference>());
            var result = Driver().RunGenerators(withoutManifest).GetRunResult();
            Assert.DoesNotContain(result.GeneratedTrees, t => t.FilePath.EndsWith("_Tests.g.cs", StringComparison.Ordinal));

            var switchedOff = Compile(string.Empty, withXunit: true, libraries: new[] { ShopLibrary.Value });
            Assert.Empty(Driver(enabled: "false").RunGenerators(switchedOff).GetRunResult().GeneratedTrees);
        }

        [Fact]
        public void An_unrelated_edit_in_the_test_project_leaves_every_tracked_step_cached_or_unchanged()
        {
            var compilation = Compile(Gates, withXunit: true, libraries: new[] { ShopLibrary.Value });
            var driver = Driver().RunGenerators(compilation);
            var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Helper { }", new CSharpParseOptions(LanguageVersion.Latest), "/tests/Helper.cs"));
            var second = driver.RunGenerators(edited).GetRunResult().Results.Single();
            foreach (var name in new[] { Names.Settings, Names.Input, Names.Pipelines, Names.Resolved, Names.Declarations, Names.Requests, Names.Files })
            {
                var reasons = second.TrackedSteps[name].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
                _output.WriteLine($"{name,-26} {string.Join(", ", reasons.GroupBy(r => r).Select(g => $"{g.Key} x{g.Count()}"))}");
                Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {r}"));
            }
        }

        [Fact]
        public void Editing_a_gate_regenerates_only_that_pipelines_tests()
        {
            var compilation = Compile(Gates, withXunit: true, libraries: new[] { ShopLibrary.Value });
            var driver = Driver().RunGenerators(compilation);
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "/tests/Gates.cs");
            var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Gates.Replace("Minimum = 0.5", "Minimum = 0.6", StringComparison.Ordinal))));
            var second = driver.RunGenerators(edited).GetRunResult().Results.Single();
            Assert.Equal(IncrementalStepRunReason.Cached, second.TrackedSteps[Names.Pipelines].Single().Outputs.Single().Reason);
            Assert.Equal(IncrementalStepRunReason.Modified, second.TrackedSteps[Names.Declarations].Single().Outputs.Single().Reason);
            Assert.Contains("minimum: 0.6,", second.GeneratedSources.Single(s => s.HintName == "PricePipelines_BuildPipeline_Tests.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void No_step_output_holds_a_symbol_syntax_node_or_compilation()
        {
            var compilation = Compile(Gates, withXunit: true, libraries: new[] { ShopLibrary.Value });
            var result = Driver().RunGenerators(compilation).GetRunResult().Results.Single();
            foreach (var (name, steps) in result.TrackedSteps.Where(s => s.Key.StartsWith("MLOps.", StringComparison.Ordinal)))
            {
                foreach (var output in steps.SelectMany(s => s.Outputs))
                {
                    AssertPlainData(output.Value, name, 0);
                }
            }
        }

        [Fact]
        public void The_reader_accepts_only_manifests_of_schema_version_1()
        {
            Assert.Empty(ManifestReader.Read(new EmbeddedManifest("A", "{\"schemaVersion\":\"2.0.0\",\"pipelines\":[{\"id\":\"x\"}]}")));
            Assert.Empty(ManifestReader.Read(new EmbeddedManifest("A", "{ not json")));
            Assert.Single(ManifestReader.Read(new EmbeddedManifest("A", "{\"schemaVersion\":\"1.3.0\",\"pipelines\":[{\"id\":\"x\"}]}")));
        }

        private static void AssertPlainData(object? value, string step, int depth)
        {
            Assert.True(depth < 30);
            if (value is null or string || value.GetType().IsPrimitive)
            {
                return;
            }

            Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location, $"{step} holds {value.GetType()}");
            if (value is System.Collections.IEnumerable items)
            {
                foreach (var item in items)
                {
                    AssertPlainData(item, step, depth + 1);
                }

                return;
            }

            foreach (var property in value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
            {
                AssertPlainData(property.GetValue(value), step, depth + 1);
            }
        }

        private (Compilation Output, ImmutableArray<GeneratedSourceResult> Generated) Run(
            string testSource,
            MetadataReference? library = null,
            LanguageVersion languageVersion = LanguageVersion.Latest,
            NullableContextOptions nullable = NullableContextOptions.Enable)
        {
            var compilation = Compile(testSource, withXunit: true, libraries: new[] { library ?? ShopLibrary.Value }, languageVersion, nullable);
            var parse = new CSharpParseOptions(languageVersion);
            Driver(parse: parse).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            Assert.Empty(diagnostics);
            var result = Driver(parse: parse).RunGenerators(compilation).GetRunResult().Results.Single();
            Assert.Null(result.Exception);
            foreach (var source in result.GeneratedSources)
            {
                _output.WriteLine("// " + source.HintName);
            }

            return (output, result.GeneratedSources);
        }

        internal static CSharpCompilation Compile(
            string testSource,
            bool withXunit,
            IEnumerable<MetadataReference> libraries,
            LanguageVersion languageVersion = LanguageVersion.Latest,
            NullableContextOptions nullable = NullableContextOptions.Enable)
        {
            var references = TestReferences.Runtime.AddRange(TestReferences.MLNet).AddRange(libraries);
            if (withXunit)
            {
                references = references.AddRange(Xunit);
            }

            return CSharpCompilation.Create(
                "Shop.Tests",
                new[] { CSharpSyntaxTree.ParseText(testSource, new CSharpParseOptions(languageVersion), "/tests/Gates.cs") },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable, generalDiagnosticOption: ReportDiagnostic.Error));
        }

        internal static GeneratorDriver Driver(string? enabled = null, CSharpParseOptions? parse = null)
        {
            var options = new Dictionary<string, string>();
            if (enabled is not null)
            {
                options["build_property.MLOpsGenerateTests"] = enabled;
            }

            return GeneratorHarness.CreateDriver(new TestScaffoldingGenerator(), options, parse ?? new CSharpParseOptions(LanguageVersion.Latest));
        }

        /// <summary>The ML library as the build makes it: compiled with the manifest generator, emitted to an assembly image.</summary>
        internal static MetadataReference BuildLibrary(IEnumerable<(string Path, string Text)> sources, string name)
        {
            var compilation = GeneratorHarness.Compile(sources, assemblyName: name);
            GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            Assert.Empty(diagnostics);
            using var stream = new MemoryStream();
            var emit = output.Emit(stream);
            Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
            return MetadataReference.CreateFromImage(stream.ToArray());
        }
    }
}
