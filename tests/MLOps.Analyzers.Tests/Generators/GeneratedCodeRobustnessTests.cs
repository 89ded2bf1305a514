using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MLOps.Analyzers.Generators;
using Xunit;

namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>
    /// Issue 13: generated code that did not compile (two ML projects declaring the same names, a factory taking
    /// <c>ref MLContext</c>, overloads a call with one MLContext cannot choose between, user types named <c>var</c>,
    /// <c>System</c>, ...) and char seeds recorded as another seed than the pipeline's. Every test compiles what the
    /// generators emit next to the user's code and asserts it has no error.
    /// </summary>
    public class GeneratedCodeRobustnessTests
    {
        private static readonly ImmutableArray<MetadataReference> Xunit = Directory.GetFiles(AppContext.BaseDirectory, "xunit.*.dll")
            .Where(path => !path.Contains("runner", StringComparison.OrdinalIgnoreCase))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

        private const string Row = """
            using Microsoft.ML.Data;

            namespace Models
            {
                public class Row
                {
                    [LoadColumn(0)] public float Size;
                    [LoadColumn(1)] public float Label;
                }
            }
            """;

        /// <summary>The same <c>Models.Pipelines.Build</c> and <c>Models.Row</c>, as two ML projects of one solution declare them.</summary>
        private const string SameNamedPipelines = """
            using Microsoft.ML;

            namespace Models
            {
                public static class Pipelines
                {
                    public static IEstimator<ITransformer> Build(MLContext ml) =>
                        ml.Transforms.Concatenate("Features", nameof(Row.Size))
                            .Append(ml.Regression.Trainers.FastTree(numberOfTrees: 5));

                    public static void Train()
                    {
                        var ml = new MLContext(seed: 1);
                        var data = ml.Data.LoadFromTextFile<Row>("data/rows.csv", hasHeader: true, separatorChar: ',');
                        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 2);
                        var model = Build(ml).Fit(split.TrainSet);
                    }
                }
            }
            """;

        private const string Overloads = """
            using Microsoft.ML;

            namespace Models
            {
                public static class Ambiguous
                {
                    public static IEstimator<ITransformer> Build(MLContext ml, int trees = 10) =>
                        ml.Transforms.Concatenate("Features", nameof(Row.Size)).Append(ml.Regression.Trainers.FastTree(numberOfTrees: trees));

                    public static IEstimator<ITransformer> Build(MLContext ml, string label = "Label") =>
                        ml.Transforms.Concatenate("Features", nameof(Row.Size)).Append(ml.Regression.Trainers.FastForest(labelColumnName: label));
                }

                public static class Preferred
                {
                    public static IEstimator<ITransformer> Build(MLContext ml) =>
                        ml.Transforms.Concatenate("Features", nameof(Row.Size)).Append(ml.Regression.Trainers.FastTree());

                    public static IEstimator<ITransformer> Build(MLContext ml, int trees = 10) =>
                        ml.Transforms.Concatenate("Features", nameof(Row.Size)).Append(ml.Regression.Trainers.FastForest(numberOfTrees: trees));
                }

                public static class ByRef
                {
                    public static IEstimator<ITransformer> Build(ref MLContext ml) =>
                        ml.Transforms.Concatenate("Features", nameof(Row.Size)).Append(ml.Regression.Trainers.FastTree());
                }
            }
            """;

        [Theory]
        [InlineData("'A'", 65, "'B'", 66)]
        [InlineData("(byte)7", 7, "(short)9", 9)]
        [InlineData("(sbyte)-3", -3, "'\\u0001'", 1)]
        [InlineData("unchecked((int?)(byte)257)", 1, "(int?)3.7", 3)]
        public void A_constant_seed_of_another_type_is_recorded_as_the_int_the_parameter_receives_and_the_generated_tests_use_it(
            string contextSeed, int contextValue, string splitSeed, int splitValue)
        {
            var source = $$"""
                using Microsoft.ML;

                namespace Models
                {
                    public static class Seeded
                    {
                        public static IEstimator<ITransformer> Build(MLContext ml) =>
                            ml.Transforms.Concatenate("Features", nameof(Row.Size)).Append(ml.Regression.Trainers.FastTree());

                        public static void Train()
                        {
                            var ml = new MLContext(seed: {{contextSeed}});
                            var data = ml.Data.LoadFromTextFile<Row>("data/rows.csv", hasHeader: true, separatorChar: ',');
                            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: {{splitSeed}});
                            var model = Build(ml).Fit(split.TrainSet);
                        }
                    }
                }
                """;
            var json = GeneratorHarness.Manifest(new[] { ("/src/Row.cs", Row), ("/src/Seeded.cs", source) })!;
            using var manifest = JsonDocument.Parse(json);
            var pipeline = manifest.RootElement.GetProperty("pipelines")[0];
            Assert.Equal("constant", pipeline.GetProperty("context").GetProperty("seedKind").GetString());
            Assert.Equal(contextValue, pipeline.GetProperty("context").GetProperty("seed").GetInt32());
            var seed = pipeline.GetProperty("data")[0].GetProperty("split").GetProperty("arguments").GetProperty("seed");
            Assert.Equal(JsonValueKind.Number, seed.GetProperty("value").ValueKind);
            Assert.Equal(splitValue, seed.GetProperty("value").GetInt32());

            var library = TestScaffoldingGeneratorTests.BuildLibrary(new[] { ("/src/Row.cs", Row), ("/src/Seeded.cs", source) }, "Models");
            var (output, generated) = Scaffold(string.Empty, library);
            AssertCompiles(output);
            var tests = generated.Single(s => s.HintName == "Seeded_Build_Tests.g.cs").SourceText.ToString();
            Assert.Contains("private const int Seed = " + contextValue + ";", tests, StringComparison.Ordinal);
            Assert.Contains("testFraction: 0.2, samplingKeyColumnName: null, seed: " + splitValue + ")", tests, StringComparison.Ordinal);
        }

        [Fact]
        public void Overloads_are_named_by_their_parameters_and_callable_only_when_a_call_with_one_MLContext_binds_to_them()
        {
            var json = GeneratorHarness.Manifest(new[] { ("/src/Row.cs", Row), ("/src/Overloads.cs", Overloads) })!;
            using var manifest = JsonDocument.Parse(json);
            var factories = manifest.RootElement.GetProperty("pipelines").EnumerateArray()
                .Select(p => p.GetProperty("factory"))
                .ToDictionary(
                    f => f.GetProperty("containingType").GetString() + "." + f.GetProperty("method").GetString() + "(" + string.Join(", ", f.GetProperty("parameters").EnumerateArray().Select(e => e.GetString())) + ")",
                    f => (Callable: f.GetProperty("callable").GetBoolean(), Reason: f.GetProperty("notCallableReason").GetString()));

            Assert.Equal(5, factories.Count);
            Assert.Equal((true, null), factories["Models.Preferred.Build(Microsoft.ML.MLContext)"]);
            Assert.False(factories["Models.Preferred.Build(Microsoft.ML.MLContext, int)"].Callable);
            Assert.Contains("calls another overload (Models.Preferred.Build(Microsoft.ML.MLContext))", factories["Models.Preferred.Build(Microsoft.ML.MLContext, int)"].Reason, StringComparison.Ordinal);
            foreach (var ambiguous in new[] { "Models.Ambiguous.Build(Microsoft.ML.MLContext, int)", "Models.Ambiguous.Build(Microsoft.ML.MLContext, string)" })
            {
                Assert.False(factories[ambiguous].Callable);
                Assert.Contains("is ambiguous between its overloads", factories[ambiguous].Reason, StringComparison.Ordinal);
            }

            Assert.Equal((false, "its MLContext parameter is passed by ref, which a call with a plain MLContext cannot satisfy"), factories["Models.ByRef.Build(ref Microsoft.ML.MLContext)"]);

            // The test project compiles: one test class (Preferred), the others listed as not testable with their reason.
            var library = TestScaffoldingGeneratorTests.BuildLibrary(new[] { ("/src/Row.cs", Row), ("/src/Overloads.cs", Overloads) }, "Models");
            var (output, generated) = Scaffold(string.Empty, library);
            AssertCompiles(output);
            Assert.Equal(new[] { "Preferred_Build_Tests.g.cs" }, generated.Select(s => s.HintName).Where(h => h.EndsWith("_Tests.g.cs", StringComparison.Ordinal)));
            var listing = generated.Single(s => s.HintName == "MLOps.Testing.NotTestable.g.cs").SourceText.ToString();
            Assert.Contains("not testable: its MLContext parameter is passed by ref", listing, StringComparison.Ordinal);
            Assert.Equal(2, listing.Split("is ambiguous between its overloads").Length - 1);
        }

        [Fact]
        public void Two_ML_projects_declaring_the_same_names_are_listed_as_not_testable_with_the_alias_that_makes_them_testable()
        {
            var (first, second) = SameNamedLibraries();
            var (output, generated) = Scaffold(string.Empty, first, second);
            AssertCompiles(output);
            Assert.DoesNotContain(generated, s => s.HintName.EndsWith("_Tests.g.cs", StringComparison.Ordinal));
            var listing = generated.Single(s => s.HintName == "MLOps.Testing.NotTestable.g.cs").SourceText.ToString();
            Assert.Contains("(Models.First, Pipelines.cs:9)", listing, StringComparison.Ordinal);
            Assert.Contains("(Models.Second, Pipelines.cs:9)", listing, StringComparison.Ordinal);
            Assert.Contains("not testable: Models.Pipelines of Models.First cannot be named unambiguously: Models.Second also declares Models.Pipelines (give the project reference an alias, <ProjectReference Include=\"...\" Aliases=\"ModelsFirst\" />, and the generated tests use extern alias ModelsFirst)", listing, StringComparison.Ordinal);
            Assert.DoesNotContain("move the estimator chain", listing, StringComparison.Ordinal); // the factory is fine: the reason says the fix
        }

        [Fact]
        public void Two_ML_projects_declaring_the_same_names_both_get_tests_when_one_reference_has_an_alias()
        {
            var (first, second) = SameNamedLibraries();
            var (output, generated) = Scaffold(string.Empty, first, second.WithAliases(new[] { "Second" }));
            AssertCompiles(output);
            var classes = generated.Where(s => s.HintName.EndsWith("_Tests.g.cs", StringComparison.Ordinal)).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
            Assert.Equal(new[] { "Models_First_Models_Pipelines_Build_Tests.g.cs", "Models_Second_Models_Pipelines_Build_Tests.g.cs" }, classes.Keys.OrderBy(k => k, StringComparer.Ordinal));
            var aliased = classes["Models_Second_Models_Pipelines_Build_Tests.g.cs"];
            Assert.Contains("extern alias Second;\nnamespace MLOps.Generated.Tests", aliased, StringComparison.Ordinal);
            Assert.Contains("return Second::Models.Pipelines.Build(ml);", aliased, StringComparison.Ordinal);
            Assert.Contains("LoadFromTextFile<Second::Models.Row>(ml.Data, path", aliased, StringComparison.Ordinal);
            var plain = classes["Models_First_Models_Pipelines_Build_Tests.g.cs"];
            Assert.DoesNotContain("extern alias", plain, StringComparison.Ordinal);
            Assert.Contains("return global::Models.Pipelines.Build(ml);", plain, StringComparison.Ordinal);
        }

        [Fact]
        public void A_test_project_type_that_would_capture_the_factorys_name_makes_it_not_testable_instead_of_breaking_the_build()
        {
            var (first, _) = SameNamedLibraries();

            // A class named like the library's namespace (CS0437: the type in source wins), and one named like its type.
            var (output, generated) = Scaffold("public class Models { }", first);
            AssertCompiles(output, allowWarnings: true);
            Assert.DoesNotContain(generated, s => s.HintName.EndsWith("_Tests.g.cs", StringComparison.Ordinal));
            Assert.Contains("cannot be named unambiguously: the test project also declares Models", generated.Single(s => s.HintName == "MLOps.Testing.NotTestable.g.cs").SourceText.ToString(), StringComparison.Ordinal);

            (output, generated) = Scaffold("namespace Models { public static class Pipelines { } }", first);
            AssertCompiles(output, allowWarnings: true);
            Assert.Contains("the test project also declares Models.Pipelines", generated.Single(s => s.HintName == "MLOps.Testing.NotTestable.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        }

        /// <summary>User types named like the keywords and namespaces generated code uses, in every namespace it is declared in.</summary>
        private const string Hostile = """
            public class var { }
            public class dynamic { }
            public class nameof { }
            public class Microsoft { }
            public class Xunit { }

            namespace MLOps.Analyzers.Generated
            {
                public class var { }
                public class System { }
                public class AssemblyMetadataAttribute : global::System.Attribute { }
                public class PipelineManifestHelpers { public static string MetadataKey = "hijacked"; }
            }

            namespace MLOps.Generated.Tests
            {
                public class var { }
                public class dynamic { }
                public class System { }
                public class Microsoft { }
                public class Xunit { }
                public class MLContext { }
                public class IDataView { }
                public class ITransformer { }
                public class Column { }
                public class List<T> { }
                public class FactAttribute : global::System.Attribute { }
            }

            namespace MLOps.Testing
            {
                public class var { }
                public class System { }
                public class Attribute { }
            }
            """;

        private const string HostileUsings = """
            global using System;
            global using System.Collections.Generic;
            global using System.Linq;
            global using Microsoft.ML;
            global using Microsoft.ML.Data;
            global using Xunit;
            global using static System.Math;
            global using static System.String;
            global using MLContext = System.Object;
            """;

        [Fact]
        public void The_manifest_class_compiles_next_to_user_types_named_var_System_and_its_own_members()
        {
            // The pipeline spells its types out: with a type named var in scope, var is that type.
            var pipelines = SameNamedPipelines
                .Replace("var ml =", "MLContext ml =", StringComparison.Ordinal)
                .Replace("var data =", "IDataView data =", StringComparison.Ordinal)
                .Replace("var split =", "DataOperationsCatalog.TrainTestData split =", StringComparison.Ordinal)
                .Replace("var model =", "ITransformer model =", StringComparison.Ordinal);
            var sources = new[] { ("/src/Row.cs", Row), ("/src/Pipelines.cs", pipelines), ("/src/Hostile.cs", Hostile.Replace("public class Microsoft { }\npublic class Xunit { }\n", string.Empty, StringComparison.Ordinal)) };
            var compilation = GeneratorHarness.Compile(sources, assemblyName: "Models");

            // The class exists only when the manifest is embedded (opt-in): the class, its attribute and the comment-only file.
            GeneratorHarness.CreateDriver(embedded: "true").RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            Assert.Empty(diagnostics);
            var generatedTrees = output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, generatedTrees.Count);
            var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }

        [Fact]
        public void Generated_tests_compile_next_to_user_types_named_var_System_Xunit_MLContext_and_hostile_global_usings()
        {
            var (first, _) = SameNamedLibraries();
            var testSource = "[assembly: MLOps.Testing.QualityGate(\"Build\", \"RSquared\", Minimum = 0.1)]\n"
                + Hostile.Replace("public class Microsoft { }\npublic class Xunit { }\n", string.Empty, StringComparison.Ordinal);
            var (output, generated) = Scaffold(testSource, first, languageVersion: LanguageVersion.Latest, usings: HostileUsings);
            Assert.Contains(generated, s => s.HintName == "Pipelines_Build_Tests.g.cs");
            Assert.Contains(generated, s => s.HintName == "MLOpsTestSupport.g.cs");
            AssertCompiles(output, allowWarnings: true);
        }

        [Fact]
        public void Generated_type_names_the_test_project_already_uses_are_not_declared_twice()
        {
            var (first, _) = SameNamedLibraries();
            const string user = """
                [assembly: MLOps.Testing.QualityGate("Build", "RSquared", Minimum = 0.1)]
                [assembly: MLOps.Testing.QualityGate("Renamed", "RSquared", Minimum = 0.1)]

                namespace MLOps.Generated.Tests
                {
                    public class MLOpsTestSupport { }
                    public class QualityGatesWithoutPipeline { }
                    public class Pipelines_Build_Tests { }
                }

                namespace MLOps.Testing
                {
                    [System.AttributeUsage(System.AttributeTargets.Assembly, AllowMultiple = true)]
                    internal sealed class QualityGateAttribute : System.Attribute
                    {
                        public QualityGateAttribute(string pipeline, string metric) { }
                        public double Minimum { get; set; }
                    }
                }
                """;
            var (output, generated) = Scaffold(user, first);
            AssertCompiles(output);
            var tests = generated.Single(s => s.HintName == "Pipelines_Build_Tests2.g.cs").SourceText.ToString();
            Assert.Contains("public partial class Pipelines_Build_Tests2\n", tests, StringComparison.Ordinal);
            Assert.Contains("global::MLOps.Generated.Tests.MLOpsTestSupport2.AssertGate(", tests, StringComparison.Ordinal);
            Assert.Contains("internal static class MLOpsTestSupport2\n", generated.Single(s => s.HintName == "MLOpsTestSupport.g.cs").SourceText.ToString(), StringComparison.Ordinal);
            Assert.Contains("public class QualityGatesWithoutPipeline2\n", generated.Single(s => s.HintName == "MLOps.Testing.UnknownGates.g.cs").SourceText.ToString(), StringComparison.Ordinal);
            var attributes = generated.Single(s => s.HintName == "MLOps.Testing.Attributes.g.cs").SourceText.ToString();
            Assert.DoesNotContain("class QualityGateAttribute", attributes, StringComparison.Ordinal);
            Assert.Contains("class ExcludeFromGeneratedTestsAttribute", attributes, StringComparison.Ordinal);

            // A partial class of a test class's name is how data is supplied: it merges, the name stays.
            (output, generated) = Scaffold("""
                namespace MLOps.Generated.Tests
                {
                    public partial class Pipelines_Build_Tests
                    {
                        partial void SupplyTrainingData(global::Microsoft.ML.MLContext ml, ref global::Microsoft.ML.IDataView data) => data = null!;
                    }
                }
                """, first);
            AssertCompiles(output);
            Assert.Contains("public partial class Pipelines_Build_Tests\n", generated.Single(s => s.HintName == "Pipelines_Build_Tests.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void A_project_declaring_the_manifest_class_itself_keeps_it_and_still_embeds_the_manifest()
        {
            const string own = """
                namespace MLOps.Analyzers.Generated
                {
                    internal static class PipelineManifest { public const string Mine = "mine"; }
                }
                """;
            var compilation = GeneratorHarness.Compile(new[] { ("/src/Row.cs", Row), ("/src/Pipelines.cs", SameNamedPipelines), ("/src/Own.cs", own) }, assemblyName: "Models");
            var driver = GeneratorHarness.CreateDriver(embedded: "true").RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            Assert.Empty(diagnostics);
            var generated = driver.GetRunResult().Results.Single().GeneratedSources;
            Assert.Equal(
                new[] { ManifestCarrier.HintName, PipelineManifestGenerator.GeneratedClass + ".AssemblyMetadata.g.cs" }.OrderBy(n => n, StringComparer.Ordinal),
                generated.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
            AssertCompiles(output);
        }

        [Theory]
        [InlineData("class MLOps { }")]
        [InlineData("namespace MLOps { class Analyzers { } }")]
        [InlineData("namespace MLOps.Analyzers { class Generated { } }")]
        public void The_embedded_manifest_class_is_left_out_when_a_user_type_is_named_like_its_namespace(string hostile)
        {
            var compilation = GeneratorHarness.Compile(new[] { ("/src/Row.cs", Row), ("/src/Pipelines.cs", SameNamedPipelines), ("/src/Hostile.cs", hostile) }, assemblyName: "Models");
            var driver = GeneratorHarness.CreateDriver(embedded: "true").RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            Assert.Empty(diagnostics);
            var generated = driver.GetRunResult().Results.Single().GeneratedSources;
            Assert.Equal(
                new[] { ManifestCarrier.HintName, PipelineManifestGenerator.GeneratedClass + ".AssemblyMetadata.g.cs" }.OrderBy(n => n, StringComparer.Ordinal),
                generated.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
            AssertCompiles(output);
        }

        [Theory]
        [InlineData("class MLOps { }")]
        [InlineData("namespace MLOps { class Testing { } }")]
        [InlineData("namespace MLOps.Generated { class Tests { } }")]
        public void No_test_is_generated_when_a_user_type_is_named_like_a_generated_namespace(string hostile)
        {
            var (first, _) = SameNamedLibraries();
            var (output, generated) = Scaffold(hostile, first);
            Assert.Empty(generated);
            AssertCompiles(output);

            // The same test project without that type gets its tests.
            var (_, control) = Scaffold("class Other { }", first);
            Assert.Contains(control, s => s.HintName == "Pipelines_Build_Tests.g.cs");
        }

        private static (MetadataReference First, MetadataReference Second) SameNamedLibraries() =>
            (TestScaffoldingGeneratorTests.BuildLibrary(new[] { ("/src/Row.cs", Row), ("/src/Pipelines.cs", SameNamedPipelines) }, "Models.First"),
             TestScaffoldingGeneratorTests.BuildLibrary(new[] { ("/src/Row.cs", Row), ("/src/Pipelines.cs", SameNamedPipelines.Replace("numberOfTrees: 5", "numberOfTrees: 6", StringComparison.Ordinal)) }, "Models.Second"));

        private static (Compilation Output, ImmutableArray<GeneratedSourceResult> Generated) Scaffold(
            string testSource,
            MetadataReference first,
            MetadataReference? second = null,
            LanguageVersion languageVersion = LanguageVersion.Latest,
            string? usings = null)
        {
            var parse = new CSharpParseOptions(languageVersion);
            var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(testSource, parse, "/tests/Tests.cs") };
            if (usings is not null)
            {
                trees.Add(CSharpSyntaxTree.ParseText(usings, parse, "/tests/Usings.cs"));
            }

            var references = Verifiers.TestReferences.Runtime.AddRange(Verifiers.TestReferences.MLNet).AddRange(Xunit).Add(first);
            if (second is not null)
            {
                references = references.Add(second);
            }

            var compilation = CSharpCompilation.Create(
                "Models.Tests",
                trees,
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var driver = TestScaffoldingGeneratorTests.Driver(parse: parse).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            Assert.Empty(diagnostics);
            var result = driver.GetRunResult().Results.Single();
            Assert.Null(result.Exception);
            return (output, result.GeneratedSources);
        }

        /// <summary>No error anywhere (the user's code included), no warning in generated code unless allowed, and it emits.</summary>
        private static void AssertCompiles(Compilation output, bool allowWarnings = false)
        {
            var problems = output.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error
                    || (!allowWarnings && d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true))
                .ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            using var stream = new MemoryStream();
            Assert.True(output.Emit(stream).Success);
        }
    }
}
