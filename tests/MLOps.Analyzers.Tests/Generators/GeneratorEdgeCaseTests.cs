using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Xunit;

namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>
    /// Code a review probed the generators with: wrapped trainers, factories the tests cannot call, names C# reserves,
    /// internal row types, odd gate declarations, splits and labels computed at run time, ids and class names that must
    /// stay stable. Each case once produced a wrong manifest or generated code that did not compile.
    /// </summary>
    public class GeneratorEdgeCaseTests
    {
        private const string Row = """
            using Microsoft.ML.Data;
            namespace Lib
            {
                public class Row
                {
                    [LoadColumn(0)] public float A { get; set; }
                    [LoadColumn(1)] public float B { get; set; }
                    [LoadColumn(2)] public bool Label { get; set; }
                }
            }
            """;

        [Fact]
        public void A_trainer_wrapped_by_OneVersusAll_counts_in_the_verdict_the_hash_and_the_columns()
        {
            string Source(int leaves) => $$"""
                using Microsoft.ML;
                namespace Lib
                {
                    public static class Multi
                    {
                        public static IEstimator<ITransformer> BuildPipeline(MLContext ml) =>
                            ml.Transforms.Conversion.MapValueToKey("Label")
                                .Append(ml.Transforms.Concatenate("Vector", "A", "B"))
                                .Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: {{leaves}}, featureColumnName: "Vector")))
                                .Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.SdcaLogisticRegression()));
                    }
                }
                """;
            var before = Pipelines(Source(8));
            var after = Pipelines(Source(9));

            var fastTree = before["Lib.Multi.BuildPipeline/MulticlassClassification.Trainers.OneVersusAll"];
            var arguments = fastTree.GetProperty("steps")[2].GetProperty("arguments");
            Assert.Equal("BinaryClassification.Trainers.FastTree", arguments.GetProperty("binaryEstimator").GetProperty("value").GetString());
            Assert.Equal(8, arguments.GetProperty("binaryEstimator.numberOfLeaves").GetProperty("value").GetInt32());
            Assert.Contains("Vector", fastTree.GetProperty("steps")[2].GetProperty("inputColumns").EnumerateArray().Select(c => c.GetString()));
            Assert.NotEqual(Hash(fastTree), Hash(after["Lib.Multi.BuildPipeline/MulticlassClassification.Trainers.OneVersusAll"]));

            // The second OneVersusAll wraps a multi-threaded SDCA: not deterministic, and its id gets "#2" (the first keeps none).
            var sdca = before["Lib.Multi.BuildPipeline/MulticlassClassification.Trainers.OneVersusAll#2"];
            Assert.False(sdca.GetProperty("deterministic").GetBoolean());
            Assert.Equal("multi", sdca.GetProperty("steps")[3].GetProperty("randomness").GetProperty("threads").GetString());
        }

        [Fact]
        public void An_evaluation_in_a_helper_the_fitted_model_is_passed_to_belongs_to_the_pipeline()
        {
            var pipeline = Pipelines("""
                using Microsoft.ML;
                using Microsoft.ML.Data;
                namespace Lib
                {
                    public static class P
                    {
                        public static double Train()
                        {
                            var ml = new MLContext(3);
                            var data = ml.Data.LoadFromTextFile<Row>("data/rows.csv", hasHeader: true, separatorChar: ',');
                            var split = ml.Data.TrainTestSplit(data, testFraction: 0.3);
                            var model = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.BinaryClassification.Trainers.FastTree()).Fit(split.TrainSet);
                            var onTest = Score(ml, model, split.TestSet);
                            var onTrain = Score(ml, model, split.TrainSet);
                            return onTest.AreaUnderRocCurve - onTrain.AreaUnderRocCurve;
                        }

                        private static BinaryClassificationMetrics Score(MLContext ml, ITransformer trained, IDataView rows) =>
                            ml.BinaryClassification.EvaluateNonCalibrated(trained.Transform(rows));
                    }
                }
                """).Values.Single();
            var evaluations = pipeline.GetProperty("evaluations").EnumerateArray().ToList();
            Assert.Equal(2, evaluations.Count);
            Assert.Equal(new[] { "test", "train" }, evaluations.Select(e => e.GetProperty("dataRole").GetString()).OrderBy(r => r).ToArray());
            Assert.All(evaluations, e => Assert.Equal("BinaryClassification.EvaluateNonCalibrated", e.GetProperty("method").GetString()));
            Assert.Contains(pipeline.GetProperty("data").EnumerateArray(), d => d.GetProperty("role").GetString() == "test");
        }

        [Fact]
        public void Options_objects_of_non_ranking_trainers_add_no_group_column()
        {
            var pipelines = Pipelines("""
                using Microsoft.ML;
                using Microsoft.ML.Trainers.FastTree;
                namespace Lib
                {
                    public static class P
                    {
                        public static IEstimator<ITransformer> Build(MLContext ml) =>
                            ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { LabelColumnName = "Price", NumberOfLeaves = 4 });
                    }
                }
                """);
            var inputs = pipelines.Values.Single().GetProperty("steps")[0].GetProperty("inputColumns").EnumerateArray().Select(c => c.GetString()).ToArray();
            Assert.Equal(new[] { "Price", "Features" }, inputs);
        }

        [Theory]
        [InlineData("public static ITransformer TrainIt(MLContext ml, IDataView data) { IEstimator<ITransformer> Make() => ml.Regression.Trainers.FastTree(); return Make().Fit(data); }", "TrainIt", null)]
        [InlineData("public static object Build(MLContext ml) => ml.Regression.Trainers.FastTree();", "Build", "it does not return an estimator (IEstimator<ITransformer>)")]
        [InlineData("public static class Inner<T> { public static IEstimator<ITransformer> Build(MLContext ml) => ml.Regression.Trainers.FastTree(); }", "Build", "generic (or in a generic type)")]
        public void Factories_the_tests_cannot_call_are_not_callable(string member, string method, string? reason)
        {
            var source = "using Microsoft.ML; namespace Lib { public static class F { " + member + " } }";
            var pipeline = Pipelines(source).Values.Single();
            var factory = pipeline.GetProperty("factory");
            if (reason is null)
            {
                Assert.Equal(JsonValueKind.Null, factory.ValueKind); // the trainer is in a local function: TrainIt is not its factory
                Assert.Contains(method, pipeline.GetProperty("id").GetString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.False(factory.GetProperty("callable").GetBoolean());
                Assert.Equal(reason, factory.GetProperty("notCallableReason").GetString());
            }
        }

        [Fact]
        public void Generated_tests_compile_for_keyword_names_internal_row_types_colliding_names_and_odd_gates()
        {
            var library = TestScaffoldingGeneratorTests.BuildLibrary(new[]
            {
                ("/lib/Row.cs", Row),
                ("/lib/Odd.cs", """
                    using Microsoft.ML;
                    using Microsoft.ML.Data;
                    namespace Lib.@event
                    {
                        internal class SecretRow { [LoadColumn(0)] public float A { get; set; } [LoadColumn(1)] public bool Label { get; set; } }

                        public static class @class
                        {
                            public static IEstimator<ITransformer> @checked(MLContext ml) =>
                                ml.Transforms.Concatenate("Features", "A").Append(ml.BinaryClassification.Trainers.FastTree());

                            public static void Train()
                            {
                                var ml = new MLContext(1);
                                var data = ml.Data.LoadFromTextFile<SecretRow>("data/secret.csv", hasHeader: true, separatorChar: ',');
                                var split = ml.Data.TrainTestSplit(data, testFraction: System.Math.Min(0.3, 0.4));
                                var model = @checked(ml).Fit(split.TrainSet);
                            }
                        }
                    }

                    namespace Lib.A { public static class Pipelines { public static IEstimator<ITransformer> Build(MLContext ml) => ml.Regression.Trainers.FastTree(); } }
                    namespace Lib.B
                    {
                        public static class Pipelines
                        {
                            public static IEstimator<ITransformer> Build(MLContext ml)
                            {
                                var options = new Microsoft.ML.Trainers.FastTree.FastTreeRegressionTrainer.Options { LabelColumnName = "Price" };
                                return ml.Regression.Trainers.FastTree(options);
                            }
                        }
                    }
                    """),
            }, "Lib");
            const string gates = """
                [assembly: MLOps.Testing.QualityGate(pipeline: "checked", metric: "Accuracy", Minimum = 'a')]
                [assembly: MLOps.Testing.QualityGate("checked", "AreaUnderRocCurve", Maximum = double.PositiveInfinity, Minimum = 0.5f)]
                [assembly: MLOps.Testing.QualityGate(metric: "RSquared", pipeline: "Lib.B.Pipelines.Build/Regression.Trainers.FastTree", Minimum = 0.5)]
                [assembly: MLOps.Testing.QualityGate("checked", "F1Score", Minimum = double.NaN)]
                [assembly: MLOps.Testing.QualityGate("Lib.A.Pipelines.Build/Regression.Trainers.FastTree", "RSquared", Minimum = 0.5)]
                """;
            foreach (var version in new[] { Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3, Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest })
            {
                var nullable = version == Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest ? NullableContextOptions.Enable : NullableContextOptions.Disable;
                var compilation = TestScaffoldingGeneratorTests.Compile(gates, withXunit: true, libraries: new[] { library }, version, nullable);
                var parse = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(version);
                var driver = TestScaffoldingGeneratorTests.Driver(parse: parse).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
                Assert.Empty(diagnostics);
                var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
                Assert.True(problems.Count == 0, string.Join("\n", problems));
                using var stream = new MemoryStream();
                Assert.True(output.Emit(stream).Success);

                var sources = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
                var keyword = sources["class_checked_Tests.g.cs"];
                Assert.Contains("global::Lib.@event.@class.@checked(ml)", keyword, StringComparison.Ordinal);
                Assert.Contains("the row type Lib.@event.SecretRow is not public, so the test project cannot name it", keyword, StringComparison.Ordinal);
                Assert.Contains("The manifest's split cannot be repeated (its testFraction is computed at run time)", keyword, StringComparison.Ordinal);
                Assert.Contains("metrics.Accuracy, minimum: 97, maximum: double.NaN", keyword, StringComparison.Ordinal);
                Assert.Contains("metrics.AreaUnderRocCurve, minimum: 0.5, maximum: double.PositiveInfinity", keyword, StringComparison.Ordinal);
                Assert.Contains("a bound is NaN", keyword, StringComparison.Ordinal);

                // Two factories named Pipelines.Build: both classes are named after their namespaces, whatever their order.
                Assert.Contains("Lib_A_Pipelines_Build_Tests.g.cs", sources.Keys);
                var b = sources["Lib_B_Pipelines_Build_Tests.g.cs"];
                Assert.Contains("the trainer's label column is not a constant in the manifest", b, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Top_level_statements_and_their_local_functions_get_readable_ids_and_symbols()
        {
            // The sentiment tutorial's shape: top-level statements and a local function that trains. The compiler names
            // the entry point <Main>$; the manifest says Program.Main, as the C# documentation does.
            const string Source = """
                using Microsoft.ML;
                using Lib;

                var ml = new MLContext(seed: 1);
                var data = ml.Data.LoadFromTextFile<Row>("rows.csv", hasHeader: true);
                var direct = ml.BinaryClassification.Trainers.FastTree().Fit(data);
                var model = Train(data);

                ITransformer Train(IDataView rows) =>
                    ml.Transforms.Concatenate("Features", "A", "B").Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression()).Fit(rows);
                """;
            var pipelines = Pipelines(Source);

            Assert.Equal(new[] { "Program.Main/BinaryClassification.Trainers.FastTree", "Program.Main/BinaryClassification.Trainers.SdcaLogisticRegression" }, pipelines.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var pipeline in pipelines.Values)
            {
                Assert.Equal("Program.Main(string[])", pipeline.GetProperty("source").GetProperty("symbol").GetString());
            }

            Assert.DoesNotContain("<Main>$", GeneratorHarness.Manifest(new[] { (GeneratorHarness.ProjectDirectory + "/Row.cs", Row), (GeneratorHarness.ProjectDirectory + "/P.cs", Source) }), StringComparison.Ordinal);
        }

        private static Dictionary<string, JsonElement> Pipelines(string source)
        {
            var json = GeneratorHarness.Manifest(new[] { (GeneratorHarness.ProjectDirectory + "/Row.cs", Row), (GeneratorHarness.ProjectDirectory + "/P.cs", source) });
            var manifest = JsonDocument.Parse(json!).RootElement.Clone();
            return manifest.GetProperty("pipelines").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p);
        }

        private static string Hash(JsonElement pipeline) => pipeline.GetProperty("definitionHash").GetProperty("value").GetString()!;
    }
}
