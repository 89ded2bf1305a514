using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>
    /// The manifest links what happens to a fitted model across method boundaries: evaluations and saves in helpers the
    /// model is passed to, in the same file or another file of the compilation. Look-alikes: a helper that only predicts,
    /// or evaluates and saves a model of its own, adds nothing.
    /// </summary>
    public class ManifestAcrossMethodsTests
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

        private const string Training = """
            using Microsoft.ML;
            namespace Lib
            {
                public static class P
                {
                    public static void Train()
                    {
                        var ml = new MLContext(3);
                        var data = ml.Data.LoadFromTextFile<Row>("data/rows.csv", hasHeader: true, separatorChar: ',');
                        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
                        var model = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.BinaryClassification.Trainers.FastTree()).Fit(split.TrainSet);
                        Reports.Evaluate(ml, model, split.TestSet);
                        Reports.SaveModel(ml, model, data.Schema, "models/model.zip");
                        Reports.Predict(ml, model);
                        Reports.Unrelated(ml, model, split.TestSet);
                    }
                }
            }
            """;

        [Fact]
        public void Evaluations_and_saves_in_helpers_of_another_file_belong_to_the_pipeline()
        {
            var pipeline = Pipelines(Training, """
                using Microsoft.ML;
                using Microsoft.ML.Data;
                namespace Lib
                {
                    public static class Reports
                    {
                        public static void Evaluate(MLContext ml, ITransformer trained, IDataView rows)
                        {
                            var metrics = ml.BinaryClassification.Evaluate(trained.Transform(rows));
                            System.Console.WriteLine(metrics.AreaUnderRocCurve);
                        }

                        public static void SaveModel(MLContext ml, ITransformer trained, DataViewSchema schema, string path) =>
                            ml.Model.Save(trained, schema, path);

                        public static void Predict(MLContext ml, ITransformer trained) =>
                            ml.Model.CreatePredictionEngine<Row, Row>(trained).Predict(new Row());

                        public static void Unrelated(MLContext ml, ITransformer trained, IDataView rows)
                        {
                            var other = ml.Model.Load("other.zip", out _);
                            ml.BinaryClassification.Evaluate(other.Transform(rows));
                            ml.Model.Save(other, rows.Schema, "other-copy.zip");
                        }
                    }
                }
                """).Values.Single();

            var evaluation = pipeline.GetProperty("evaluations").EnumerateArray().Single();
            Assert.Equal("BinaryClassification.Evaluate", evaluation.GetProperty("method").GetString());
            Assert.Equal("test", evaluation.GetProperty("dataRole").GetString());
            Assert.Equal("Lib.Reports.Evaluate(Microsoft.ML.MLContext, Microsoft.ML.ITransformer, Microsoft.ML.IDataView)", evaluation.GetProperty("source").GetProperty("symbol").GetString());
            Assert.EndsWith("Reports.cs", evaluation.GetProperty("source").GetProperty("file").GetString());
            Assert.Contains(pipeline.GetProperty("data").EnumerateArray(), d => d.GetProperty("role").GetString() == "test");

            var save = pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray().Single();
            Assert.Equal("true", save.GetProperty("withInputSchema").GetString());
            Assert.Equal("models/model.zip", save.GetProperty("path").GetProperty("value").GetString());
            Assert.EndsWith("Reports.cs", save.GetProperty("source").GetProperty("file").GetString());
        }

        [Fact]
        public void A_helper_that_only_predicts_or_uses_a_model_of_its_own_adds_no_evaluation_or_save()
        {
            var pipeline = Pipelines(Training, """
                using Microsoft.ML;
                namespace Lib
                {
                    public static class Reports
                    {
                        public static void Evaluate(MLContext ml, ITransformer trained, IDataView rows) =>
                            System.Console.WriteLine(trained.GetOutputSchema(rows.Schema).Count);

                        public static void SaveModel(MLContext ml, ITransformer trained, DataViewSchema schema, string path) =>
                            System.IO.File.WriteAllText(path, trained.ToString());

                        public static void Predict(MLContext ml, ITransformer trained) =>
                            ml.Model.CreatePredictionEngine<Row, Row>(trained).Predict(new Row());

                        public static void Unrelated(MLContext ml, ITransformer trained, IDataView rows)
                        {
                            var other = ml.Model.Load("other.zip", out _);
                            ml.BinaryClassification.Evaluate(other.Transform(rows));
                            ml.Model.Save(other, rows.Schema, "other-copy.zip");
                        }
                    }
                }
                """).Values.Single();

            Assert.Empty(pipeline.GetProperty("evaluations").EnumerateArray());
            Assert.Empty(pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray());
        }

        [Fact]
        public void A_virtual_helper_is_not_followed()
        {
            var pipeline = Pipelines("""
                using Microsoft.ML;
                namespace Lib
                {
                    public class P
                    {
                        public void Train()
                        {
                            var ml = new MLContext(3);
                            var data = ml.Data.LoadFromTextFile<Row>("data/rows.csv", hasHeader: true, separatorChar: ',');
                            var model = ml.BinaryClassification.Trainers.FastTree().Fit(data);
                            Save(ml, model, data.Schema);
                        }

                        protected virtual void Save(MLContext ml, ITransformer trained, DataViewSchema schema) =>
                            ml.Model.Save(trained, schema, "model.zip");
                    }
                }
                """, null).Values.Single();

            Assert.Empty(pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray());
        }

        [Fact]
        public void Editing_a_helper_in_another_file_updates_the_pipeline()
        {
            const string Helper = """
                using Microsoft.ML;
                namespace Lib
                {
                    public static class Reports
                    {
                        public static void Evaluate(MLContext ml, ITransformer trained, IDataView rows) { }
                        public static void SaveModel(MLContext ml, ITransformer trained, DataViewSchema schema, string path) { ml.Model.Save(trained, schema, path); }
                        public static void Predict(MLContext ml, ITransformer trained) { }
                        public static void Unrelated(MLContext ml, ITransformer trained, IDataView rows) { }
                    }
                }
                """;
            var compilation = GeneratorHarness.Compile(new[]
            {
                (GeneratorHarness.ProjectDirectory + "/Row.cs", Row),
                (GeneratorHarness.ProjectDirectory + "/P.cs", Training),
                (GeneratorHarness.ProjectDirectory + "/Reports.cs", Helper),
            });
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var first = Single(GeneratorHarness.ManifestOf(driver.GetRunResult()));
            Assert.Single(first.GetProperty("persistence").GetProperty("saves").EnumerateArray());

            var tree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("Reports.cs", System.StringComparison.Ordinal));
            var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Helper.Replace("{ ml.Model.Save(trained, schema, path); }", "{ }", System.StringComparison.Ordinal)));
            var second = Single(GeneratorHarness.ManifestOf(driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult()));
            Assert.Empty(second.GetProperty("persistence").GetProperty("saves").EnumerateArray());
        }

        [Fact]
        public void Editing_a_path_helper_in_another_file_updates_the_data_path()
        {
            const string Paths = """
                namespace Lib
                {
                    public static class Paths
                    {
                        public static string Data(string name) => "data/v1/" + name;
                    }
                }
                """;
            const string Train = """
                using Microsoft.ML;
                namespace Lib
                {
                    public static class P
                    {
                        public static void Train()
                        {
                            var ml = new MLContext(3);
                            var data = ml.Data.LoadFromTextFile<Row>(Paths.Data("rows.csv"), hasHeader: true, separatorChar: ',');
                            var model = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.BinaryClassification.Trainers.FastTree()).Fit(data);
                        }
                    }
                }
                """;
            var compilation = GeneratorHarness.Compile(new[]
            {
                (GeneratorHarness.ProjectDirectory + "/Row.cs", Row),
                (GeneratorHarness.ProjectDirectory + "/P.cs", Train),
                (GeneratorHarness.ProjectDirectory + "/Paths.cs", Paths),
            });
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            static string PathOf(JsonElement pipeline) =>
                pipeline.GetProperty("data").EnumerateArray().Single(d => d.GetProperty("role").GetString() == "train")
                    .GetProperty("path").GetProperty("value").GetString()!;
            Assert.Equal("data/v1/rows.csv", PathOf(Single(GeneratorHarness.ManifestOf(driver.GetRunResult()))));

            var tree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("Paths.cs", System.StringComparison.Ordinal));
            var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Paths.Replace("data/v1/", "data/v2/", System.StringComparison.Ordinal)));
            var second = Single(GeneratorHarness.ManifestOf(driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult()));
            Assert.Equal("data/v2/rows.csv", PathOf(second));
        }

        [Theory]
        [InlineData("private", "var a = Train(ml, split.TrainSet); var b = Train(ml, split.TrainSet);", "relative")]
        [InlineData("private", "var a = Train(ml, split.TrainSet); var b = Train(ml, ml.Data.LoadFromTextFile<Row>(\"data/other.csv\", hasHeader: true, separatorChar: ','));", "parameter")]
        [InlineData("private", "var a = Train(ml, split.TrainSet); System.Func<MLContext, IDataView, ITransformer> f = Train;", "parameter")]
        [InlineData("public", "var a = Train(ml, split.TrainSet);", "parameter")]
        [InlineData("private", "IDataView d = null; var a = Train(ml, d);", "parameter")]
        public void Training_data_passed_as_a_parameter_is_known_when_every_call_passes_the_same_data(string accessibility, string calls, string provenance)
        {
            var pipeline = Pipelines($$"""
                using Microsoft.ML;
                namespace Lib
                {
                    public static class P
                    {
                        public static void Main()
                        {
                            var ml = new MLContext(3);
                            var data = ml.Data.LoadFromTextFile<Row>("data/rows.csv", hasHeader: true, separatorChar: ',');
                            var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
                            {{calls}}
                        }

                        {{accessibility}} static ITransformer Train(MLContext ml, IDataView trainingData) =>
                            ml.BinaryClassification.Trainers.FastTree().Fit(trainingData);
                    }
                }
                """, null).Values.Single();

            var train = pipeline.GetProperty("data").EnumerateArray().Single(d => d.GetProperty("role").GetString() == "train");
            Assert.Equal(provenance, train.GetProperty("path").GetProperty("provenance").GetString());
            if (provenance == "relative")
            {
                Assert.Equal("data/rows.csv", train.GetProperty("path").GetProperty("value").GetString());
                Assert.Equal("LoadFromTextFile", train.GetProperty("loader").GetString());
                Assert.Equal("TrainTestSplit", train.GetProperty("split").GetProperty("method").GetString());
            }
        }

        private static JsonElement Single(string? json) =>
            JsonDocument.Parse(json!).RootElement.Clone().GetProperty("pipelines").EnumerateArray().Single();

        private static Dictionary<string, JsonElement> Pipelines(string source, string? other)
        {
            var files = new List<(string, string)>
            {
                (GeneratorHarness.ProjectDirectory + "/Row.cs", Row),
                (GeneratorHarness.ProjectDirectory + "/P.cs", source),
            };
            if (other is not null)
            {
                files.Add((GeneratorHarness.ProjectDirectory + "/Reports.cs", other));
            }

            var json = GeneratorHarness.Manifest(files);
            var manifest = JsonDocument.Parse(json!).RootElement.Clone();
            return manifest.GetProperty("pipelines").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p);
        }
    }
}
