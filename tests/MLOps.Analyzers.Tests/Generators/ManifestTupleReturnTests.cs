using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>
    /// A method that fits a model and returns it inside a tuple literal, <c>return (model, split.TestSet);</c>
    /// (Microsoft's machinelearning-samples): the evaluations and saves its callers make of that element (deconstruction,
    /// a named element, <c>ItemN</c> on a local holding the result) belong to the pipeline, and the test set returned
    /// beside it is the evaluation's data. Look-alikes link nothing: another model in the tuple, a loaded one, another
    /// model evaluated by the caller, the element written before its use, a virtual or recursive method, a discarded result.
    /// </summary>
    public class ManifestTupleReturnTests
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

        /// <summary>The ONNX export of Microsoft.ML.OnnxConverter (not referenced by the tests): same namespace, type and signature.</summary>
        private const string OnnxExport = """
            namespace Microsoft.ML
            {
                public static class OnnxExportExtensions
                {
                    public static void ConvertToOnnx(this ModelOperationsCatalog catalog, ITransformer transform, IDataView inputData, System.IO.Stream stream) { }
                }
            }
            """;

        private const string Fit = """
                        var data = ml.Data.LoadFromTextFile<Row>(path, hasHeader: true, separatorChar: ',');
                        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
                        var model = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.BinaryClassification.Trainers.FastTree()).Fit(split.TrainSet);
            """;

        private static string Program(string caller, string returned = "return (model, split.TestSet);", string modifiers = "public static", string extra = "") => $$"""
            using Microsoft.ML;
            using Microsoft.ML.Data;
            namespace Lib
            {
                public class P
                {
                    {{modifiers}} (ITransformer model, IDataView test) Train(MLContext ml, string path)
                    {
            {{Fit}}
                        {{extra}}
                        {{returned}}
                    }

                    public static void Main()
                    {
                        var ml = new MLContext(3);
                        {{caller}}
                    }
                }
            }
            """;

        // ---- look-alikes first: nothing of these is the pipeline's ----

        [Theory]
        [InlineData("a different model in the tuple",
            "var (model, test) = Train(ml, \"data/rows.csv\"); ml.BinaryClassification.Evaluate(model.Transform(test)); ml.Model.Save(model, null, \"models/model.zip\");",
            "var other = ml.Transforms.Concatenate(\"Features\", \"A\", \"B\").Fit(data); return (other, split.TestSet);")]
        [InlineData("a loaded model in the tuple",
            "var (model, test) = Train(ml, \"data/rows.csv\"); ml.BinaryClassification.Evaluate(model.Transform(test)); ml.Model.Save(model, null, \"models/model.zip\");",
            "var loaded = ml.Model.Load(\"models/old.zip\", out _); return (loaded, split.TestSet);")]
        [InlineData("the caller evaluates another model",
            "var (model, test) = Train(ml, \"data/rows.csv\"); var other = ml.Model.Load(\"o.zip\", out _); ml.BinaryClassification.Evaluate(other.Transform(test)); ml.Model.Save(other, null, \"models/model.zip\");",
            "return (model, split.TestSet);")]
        [InlineData("the deconstructed element is reassigned",
            "var (model, test) = Train(ml, \"data/rows.csv\"); model = ml.Model.Load(\"o.zip\", out _); ml.BinaryClassification.Evaluate(model.Transform(test)); ml.Model.Save(model, null, \"models/model.zip\");",
            "return (model, split.TestSet);")]
        [InlineData("the named element is reassigned",
            "var result = Train(ml, \"data/rows.csv\"); result.model = ml.Model.Load(\"o.zip\", out _); ml.BinaryClassification.Evaluate(result.model.Transform(result.test)); ml.Model.Save(result.model, null, \"models/model.zip\");",
            "return (model, split.TestSet);")]
        [InlineData("the result local is reassigned",
            "var result = Train(ml, \"data/rows.csv\"); result = (ml.Model.Load(\"o.zip\", out _), null); ml.BinaryClassification.Evaluate(result.model.Transform(result.test)); ml.Model.Save(result.Item1, null, \"models/model.zip\");",
            "return (model, split.TestSet);")]
        [InlineData("the result is discarded",
            "Train(ml, \"data/rows.csv\"); _ = Train(ml, \"data/rows.csv\"); var (_, test) = Train(ml, \"data/rows.csv\"); var other = ml.Model.Load(\"o.zip\", out _); ml.BinaryClassification.Evaluate(other.Transform(test)); ml.Model.Save(other, null, \"models/model.zip\");",
            "return (model, split.TestSet);")]
        [InlineData("the model element is used in a lambda",
            "var (model, test) = Train(ml, \"data/rows.csv\"); System.Action a = () => ml.Model.Save(model, null, \"models/model.zip\"); a();",
            "return (model, split.TestSet);")]
        [InlineData("the method returns on several paths",
            "var (model, test) = Train(ml, \"data/rows.csv\"); ml.BinaryClassification.Evaluate(model.Transform(test)); ml.Model.Save(model, null, \"models/model.zip\");",
            "if (path.Length == 0) return (null, null); return (model, split.TestSet);")]
        public void A_look_alike_links_nothing(string name, string caller, string returned)
        {
            var pipeline = Pipelines(Program(caller, returned)).Values.Single();

            Assert.True(pipeline.GetProperty("evaluations").GetArrayLength() == 0, name);
            Assert.True(pipeline.GetProperty("persistence").GetProperty("saves").GetArrayLength() == 0, name);
        }

        [Fact]
        public void A_virtual_method_is_not_followed_to_its_callers()
        {
            var pipeline = Pipelines(Program(
                "var (model, test) = new P().Train(ml, \"data/rows.csv\"); ml.BinaryClassification.Evaluate(model.Transform(test)); ml.Model.Save(model, null, \"models/model.zip\");",
                modifiers: "public virtual")).Values.Single();

            Assert.Empty(pipeline.GetProperty("evaluations").EnumerateArray());
            Assert.Empty(pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray());
        }

        [Fact]
        public void A_recursive_method_is_not_followed_to_its_callers()
        {
            var pipeline = Pipelines(Program(
                "var (model, test) = Train(ml, \"data/rows.csv\"); ml.BinaryClassification.Evaluate(model.Transform(test)); ml.Model.Save(model, null, \"models/model.zip\");",
                extra: "if (path.Length > 100) { var (again, rows) = Train(ml, path.Substring(1)); ml.Model.Save(again, null, \"models/again.zip\"); }")).Values.Single();

            Assert.Empty(pipeline.GetProperty("evaluations").EnumerateArray());
            Assert.Empty(pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray());
        }

        // ---- what the callers do with the returned model ----

        [Theory]
        [InlineData("var (model, test) = Train(ml, \"data/rows.csv\"); var metrics = ml.BinaryClassification.Evaluate(model.Transform(test)); System.Console.WriteLine(metrics.Accuracy); ml.Model.Save(model, null, \"models/model.zip\");")]
        [InlineData("(ITransformer model, IDataView test) = Train(ml, \"data/rows.csv\"); var predictions = model.Transform(test); var metrics = ml.BinaryClassification.Evaluate(predictions); System.Console.WriteLine(metrics.Accuracy); ml.Model.Save(model, null, \"models/model.zip\");")]
        [InlineData("ITransformer model; IDataView test; (model, test) = Train(ml, \"data/rows.csv\"); var metrics = ml.BinaryClassification.Evaluate(model.Transform(test)); System.Console.WriteLine(metrics.Accuracy); ml.Model.Save(model, null, \"models/model.zip\");")]
        [InlineData("var result = Train(ml, \"data/rows.csv\"); var metrics = ml.BinaryClassification.Evaluate(result.model.Transform(result.test)); System.Console.WriteLine(metrics.Accuracy); ml.Model.Save(result.model, null, \"models/model.zip\");")]
        [InlineData("var result = Train(ml, \"data/rows.csv\"); var predictions = result.Item1.Transform(result.Item2); var metrics = ml.BinaryClassification.Evaluate(predictions); System.Console.WriteLine(metrics.Accuracy); ml.Model.Save(result.Item1, null, \"models/model.zip\");")]
        public void The_callers_evaluation_and_save_of_the_returned_model_belong_to_the_pipeline(string caller)
        {
            var pipeline = Pipelines(Program(caller)).Values.Single();

            var evaluation = pipeline.GetProperty("evaluations").EnumerateArray().Single();
            Assert.Equal("BinaryClassification.Evaluate", evaluation.GetProperty("method").GetString());
            Assert.Equal("test", evaluation.GetProperty("dataRole").GetString());
            Assert.Equal("Lib.P.Main()", evaluation.GetProperty("source").GetProperty("symbol").GetString());
            Assert.Contains("Accuracy", evaluation.GetProperty("metricsRead").EnumerateArray().Select(m => m.GetString()));
            var test = pipeline.GetProperty("data").EnumerateArray().Single(d => d.GetProperty("role").GetString() == "test");
            Assert.Equal("TrainTestSplit", test.GetProperty("split").GetProperty("method").GetString());

            var save = pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray().Single();
            Assert.Equal("models/model.zip", save.GetProperty("path").GetProperty("value").GetString());
            Assert.Equal("mlnet", save.GetProperty("format").GetString());
            Assert.Equal("Lib.P.Main()", save.GetProperty("source").GetProperty("symbol").GetString());
        }

        private static string RecordProgram(string caller, string returned = "return new TrainResult(model, split.TestSet);", string members = "") => $$"""
            using Microsoft.ML;
            using Microsoft.ML.Data;
            namespace Lib
            {
                public record TrainResult(ITransformer Model, IDataView Test)
                {
                    {{members}}
                }

                public static class P
                {
                    public static TrainResult Train(MLContext ml, string path)
                    {
            {{Fit}}
                        {{returned}}
                    }

                    public static void Main()
                    {
                        var ml = new MLContext(3);
                        {{caller}}
                    }
                }
            }
            """;

        [Fact]
        public void A_model_returned_beside_its_metrics_is_followed()
        {
            var pipeline = Pipelines("""
                using Microsoft.ML;
                using Microsoft.ML.Data;
                namespace Lib
                {
                    public static class P
                    {
                        private static (ITransformer Model, BinaryClassificationMetrics Metrics) Train(MLContext ml, string path)
                        {
                            var data = ml.Data.LoadFromTextFile<Row>(path, hasHeader: true, separatorChar: ',');
                            var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
                            var model = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.BinaryClassification.Trainers.FastTree()).Fit(split.TrainSet);
                            var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
                            return (model, metrics);
                        }

                        public static void Main()
                        {
                            var ml = new MLContext(3);
                            var (trained, metrics) = Train(ml, "data/rows.csv");
                            System.Console.WriteLine(metrics.Accuracy);
                            ml.Model.Save(trained, null, "models/model.zip");
                        }
                    }
                }
                """).Values.Single();

            Assert.Equal("test", pipeline.GetProperty("evaluations").EnumerateArray().Single().GetProperty("dataRole").GetString());
            Assert.Equal("models/model.zip", pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray().Single().GetProperty("path").GetProperty("value").GetString());
        }

        [Fact]
        public void A_positional_record_holding_the_model_is_followed()
        {
            var pipeline = Pipelines(RecordProgram(
                "var result = Train(ml, \"data/rows.csv\"); var metrics = ml.BinaryClassification.Evaluate(result.Model.Transform(result.Test)); ml.Model.Save(result.Model, null, \"models/model.zip\");")).Values.Single();

            Assert.Equal("test", pipeline.GetProperty("evaluations").EnumerateArray().Single().GetProperty("dataRole").GetString());
            Assert.Equal("models/model.zip", pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray().Single().GetProperty("path").GetProperty("value").GetString());
        }

        [Theory]
        [InlineData("a property declared in the record's body", "var result = Train(ml, \"data/rows.csv\"); ml.Model.Save(result.Other, null, \"models/model.zip\");", "return new TrainResult(model, split.TestSet);", "public ITransformer Other { get; set; }")]
        [InlineData("an object initializer changes the record", "var result = Train(ml, \"data/rows.csv\"); ml.Model.Save(result.Model, null, \"models/model.zip\");", "return new TrainResult(model, split.TestSet) { Model = ml.Model.Load(\"o.zip\", out _) };", "")]
        [InlineData("the result is replaced by a with expression", "var result = Train(ml, \"data/rows.csv\"); result = result with { Model = ml.Model.Load(\"o.zip\", out _) }; ml.Model.Save(result.Model, null, \"models/model.zip\");", "return new TrainResult(model, split.TestSet);", "")]
        [InlineData("a record deconstructed (its Deconstruct may be the user's own)", "var (m, t) = Train(ml, \"data/rows.csv\"); ml.Model.Save(m, null, \"models/model.zip\");", "return new TrainResult(model, split.TestSet);", "")]
        public void A_record_look_alike_links_nothing(string name, string caller, string returned, string members)
        {
            var pipeline = Pipelines(RecordProgram(caller, returned, members)).Values.Single();

            Assert.True(pipeline.GetProperty("persistence").GetProperty("saves").GetArrayLength() == 0, name);
        }

        private const string CallerHelpers = """
                    private static void EvaluateModel(MLContext ml, ITransformer trained, IDataView rows)
                    {
                        var predictions = trained.Transform(rows);
                        var metrics = ml.BinaryClassification.Evaluate(predictions);
                        System.Console.WriteLine(metrics.Accuracy);
                    }

                    private static void SaveModel(MLContext ml, ITransformer trained, string modelPath, DataViewSchema schema) =>
                        ml.Model.Save(trained, schema, modelPath);

                    private static void Predict(MLContext ml, ITransformer trained) =>
                        ml.Model.CreatePredictionEngine<Row, Row>(trained).Predict(new Row());

                    private static void Unrelated(MLContext ml, ITransformer trained, IDataView rows)
                    {
                        var other = ml.Model.Load("other.zip", out _);
                        ml.BinaryClassification.Evaluate(other.Transform(rows));
                        ml.Model.Save(other, rows.Schema, "other-copy.zip");
                    }
            """;

        [Fact]
        public void Helpers_the_caller_passes_the_model_to_are_followed_one_level()
        {
            var pipeline = Pipelines(Program(
                "var (model, test) = Train(ml, \"data/rows.csv\"); EvaluateModel(ml, model, test); SaveModel(ml, model, \"models/model.zip\", test.Schema); Predict(ml, model); Unrelated(ml, model, test); } " + CallerHelpers + " static void Unused() {")).Values.Single();

            var evaluation = pipeline.GetProperty("evaluations").EnumerateArray().Single();
            Assert.Equal("test", evaluation.GetProperty("dataRole").GetString());
            Assert.Equal("Lib.P.EvaluateModel(Microsoft.ML.MLContext, Microsoft.ML.ITransformer, Microsoft.ML.IDataView)", evaluation.GetProperty("source").GetProperty("symbol").GetString());
            var save = pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray().Single();
            Assert.Equal("models/model.zip", save.GetProperty("path").GetProperty("value").GetString());
            Assert.Equal("Lib.P.SaveModel(Microsoft.ML.MLContext, Microsoft.ML.ITransformer, string, Microsoft.ML.DataViewSchema)", save.GetProperty("source").GetProperty("symbol").GetString());
        }

        [Fact]
        public void Helpers_that_only_predict_or_use_a_model_of_their_own_add_nothing()
        {
            var pipeline = Pipelines(Program(
                "var (model, test) = Train(ml, \"data/rows.csv\"); Predict(ml, model); Unrelated(ml, model, test); } " + CallerHelpers + " static void Unused() {")).Values.Single();

            Assert.Empty(pipeline.GetProperty("evaluations").EnumerateArray());
            Assert.Empty(pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray());
        }

        [Fact]
        public void The_fitted_model_with_a_transformer_appended_is_the_pipelines_model()
        {
            // CreditCardFraudDetection: model.Append(<feature contribution calculator>) is returned and evaluated by the caller.
            var pipeline = Pipelines(Program(
                "var (model, test) = Train(ml, \"data/rows.csv\"); EvaluateModel(ml, model, test); SaveModel(ml, model, \"models/model.zip\", test.Schema); } " + CallerHelpers + " static void Unused() {",
                "var explained = model.Append(ml.Transforms.CopyColumns(\"Copy\", \"A\").Fit(data)); return (explained, split.TestSet);")).Values.Single();

            Assert.Equal("test", pipeline.GetProperty("evaluations").EnumerateArray().Single().GetProperty("dataRole").GetString());
            Assert.Single(pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray());
        }

        private const string Trainer = """
            using Microsoft.ML;
            namespace Lib
            {
                public static class Trainer
                {
                    public static (ITransformer Model, IDataView Test) Train(MLContext ml, string path)
                    {
                        var data = ml.Data.LoadFromTextFile<Row>(path, hasHeader: true, separatorChar: ',');
                        var split = ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
                        var model = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.BinaryClassification.Trainers.FastTree()).Fit(split.TrainSet);
                        return (model, split.TestSet);
                    }
                }
            }
            """;

        private const string Caller = """
            using System.IO;
            using Microsoft.ML;
            namespace App
            {
                public static class Program
                {
                    public static void Main()
                    {
                        var ml = new MLContext(3);
                        var (model, test) = Lib.Trainer.Train(ml, "data/rows.csv");
                        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
                        ml.Model.Save(model, test.Schema, "models/model.zip");
                        using var stream = File.Create("models/model.onnx");
                        ml.Model.ConvertToOnnx(model, test, stream);
                    }
                }
            }
            """;

        [Fact]
        public void A_caller_in_another_file_evaluates_saves_and_exports_the_model()
        {
            var json = Manifest(
                (GeneratorHarness.ProjectDirectory + "/Row.cs", Row),
                (GeneratorHarness.ProjectDirectory + "/OnnxExport.cs", OnnxExport),
                (GeneratorHarness.ProjectDirectory + "/Trainer.cs", Trainer),
                (GeneratorHarness.ProjectDirectory + "/Program.cs", Caller));
            var pipeline = Single(json);

            var evaluation = pipeline.GetProperty("evaluations").EnumerateArray().Single();
            Assert.Equal("test", evaluation.GetProperty("dataRole").GetString());
            Assert.EndsWith("Program.cs", evaluation.GetProperty("source").GetProperty("file").GetString());
            Assert.Equal("App.Program.Main()", evaluation.GetProperty("source").GetProperty("symbol").GetString());

            var saves = pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray().ToList();
            Assert.Equal(2, saves.Count);
            Assert.Contains(saves, s => s.GetProperty("format").GetString() == "mlnet" && s.GetProperty("path").GetProperty("value").GetString() == "models/model.zip" && s.GetProperty("withInputSchema").GetString() == "true");
            Assert.Contains(saves, s => s.GetProperty("format").GetString() == "onnx" && s.GetProperty("path").GetProperty("value").GetString() == "models/model.onnx");
            Assert.All(saves, s => Assert.EndsWith("Program.cs", s.GetProperty("source").GetProperty("file").GetString()));
        }

        [Fact]
        public void Editing_the_caller_in_another_file_updates_the_pipeline()
        {
            var compilation = GeneratorHarness.Compile(new[]
            {
                (GeneratorHarness.ProjectDirectory + "/Row.cs", Row),
                (GeneratorHarness.ProjectDirectory + "/OnnxExport.cs", OnnxExport),
                (GeneratorHarness.ProjectDirectory + "/Trainer.cs", Trainer),
                (GeneratorHarness.ProjectDirectory + "/Program.cs", Caller),
            });
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            Assert.Equal(2, Single(GeneratorHarness.ManifestOf(driver.GetRunResult())).GetProperty("persistence").GetProperty("saves").GetArrayLength());

            var tree = compilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("Program.cs", System.StringComparison.Ordinal));
            var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Caller.Replace("ml.Model.Save(model, test.Schema, \"models/model.zip\");", string.Empty, System.StringComparison.Ordinal)));
            var second = Single(GeneratorHarness.ManifestOf(driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult()));
            Assert.Equal("onnx", second.GetProperty("persistence").GetProperty("saves").EnumerateArray().Single().GetProperty("format").GetString());
        }

        private static JsonElement Single(string? json) =>
            JsonDocument.Parse(json!).RootElement.Clone().GetProperty("pipelines").EnumerateArray().Single();

        /// <summary>The manifest of compiling sources: they must compile (a look-alike that does not bind proves nothing).</summary>
        private static string? Manifest(params (string Path, string Text)[] sources)
        {
            var compilation = GeneratorHarness.Compile(sources);
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.ToString()));
            return GeneratorHarness.ManifestOf(GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult());
        }

        private static Dictionary<string, JsonElement> Pipelines(string source)
        {
            var json = Manifest(
                (GeneratorHarness.ProjectDirectory + "/Row.cs", Row),
                (GeneratorHarness.ProjectDirectory + "/P.cs", source));
            var manifest = JsonDocument.Parse(json!).RootElement.Clone();
            return manifest.GetProperty("pipelines").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p);
        }
    }
}
