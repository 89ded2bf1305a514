using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>
    /// <c>ml.Model.ConvertToOnnx(model, data, stream)</c> ships the model (MLO3001 counts it as saved): the manifest records
    /// it as a save of the pipeline with <c>format: onnx</c>, and the file when the stream is opened on one in the method
    /// (<c>File.Create(path)</c>, <c>new FileStream(path, FileMode.Create)</c>). <c>Model.Save</c> is <c>format: mlnet</c>.
    /// Look-alikes: an export of a model that no fit of the pipeline produced, or a same-named method of another type.
    /// </summary>
    public class ManifestOnnxSaveTests
    {
        /// <summary>The ONNX export of Microsoft.ML.OnnxConverter (not referenced by the tests): the same namespace, type and signature.</summary>
        private const string OnnxExport = """
            namespace Microsoft.ML
            {
                public static class OnnxExportExtensions
                {
                    public static void ConvertToOnnx(this ModelOperationsCatalog catalog, ITransformer transform, IDataView inputData, System.IO.Stream stream) { }
                }
            }
            """;

        private const string Row = """
            using Microsoft.ML.Data;
            namespace Taxi
            {
                public class Trip
                {
                    [LoadColumn(0)] public float Distance { get; set; }
                    [LoadColumn(1)] public float Fare { get; set; }
                }
            }
            """;

        private static string Program(string body) => $$"""
            using System;
            using System.IO;
            using Microsoft.ML;
            namespace Taxi
            {
                public static class Program
                {
                    public static void Train(Stream given)
                    {
                        var ml = new MLContext(seed: 1);
                        var data = ml.Data.LoadFromTextFile<Trip>("Data/taxi.csv", hasHeader: true, separatorChar: ',');
                        var model = ml.Transforms.Concatenate("Features", "Distance").Append(ml.Regression.Trainers.Sdca(labelColumnName: "Fare")).Fit(data);
            {{body}}
                    }

                    private static void Export(MLContext ml, ITransformer trained, IDataView rows, string path)
                    {
                        using var stream = File.Create(path);
                        ml.Model.ConvertToOnnx(trained, rows, stream);
                    }
                }
            }
            """;

        [Theory]
        [InlineData("using var stream = File.Create(\"models/taxi.onnx\");\nml.Model.ConvertToOnnx(model, data, stream);", "relative", "models/taxi.onnx")]
        [InlineData("using (var stream = File.Create(\"models/taxi.onnx\"))\n    ml.Model.ConvertToOnnx(model, data, stream);", "relative", "models/taxi.onnx")]
        [InlineData("using (FileStream stream = new FileStream(Path.Combine(AppContext.BaseDirectory, \"taxi.onnx\"), FileMode.Create))\n{ ml.Model.ConvertToOnnx(model, data, stream); }", "baseDirectory", "taxi.onnx")]
        [InlineData("ml.Model.ConvertToOnnx(model, data, File.OpenWrite(\"models/taxi.onnx\"));", "relative", "models/taxi.onnx")]
        [InlineData("Export(ml, model, data, \"models/taxi.onnx\");", "relative", "models/taxi.onnx")]
        [InlineData("ml.Model.ConvertToOnnx(model, data, given);", "stream", null)]
        [InlineData("var stream = File.Create(\"models/a.onnx\");\nstream = File.Create(\"models/b.onnx\");\nml.Model.ConvertToOnnx(model, data, stream);", "stream", null)]
        [InlineData("using var stream = new MemoryStream();\nml.Model.ConvertToOnnx(model, data, stream);", "stream", null)]
        [InlineData("using var stream = new FileStream(\"models/taxi.onnx\", FileMode.Open);\nml.Model.ConvertToOnnx(model, data, stream);", "stream", null)]
        public void An_ONNX_export_is_a_save_of_the_pipeline_with_the_file_its_stream_writes(string body, string provenance, string? path)
        {
            var pipeline = SinglePipeline(Program(body));

            var save = pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray().Single();
            Assert.Equal("onnx", save.GetProperty("format").GetString());
            Assert.Equal("true", save.GetProperty("withInputSchema").GetString());
            Assert.Equal(provenance, save.GetProperty("path").GetProperty("provenance").GetString());
            Assert.Equal(path, save.GetProperty("path").GetProperty("value").GetString());
            Assert.Contains("ConvertToOnnx", SourceLine(body, save), System.StringComparison.Ordinal);
        }

        [Fact]
        public void A_zip_save_and_an_ONNX_export_of_the_same_model_are_two_saves()
        {
            var pipeline = SinglePipeline(Program("""
                        ml.Model.Save(model, data.Schema, "models/taxi.zip");
                        using var stream = File.Create("models/taxi.onnx");
                        ml.Model.ConvertToOnnx(model, data, stream);
                        var loaded = ml.Model.Load("models/taxi.zip", out var schema);
            """));

            var saves = pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray()
                .Select(s => (Format: s.GetProperty("format").GetString()!, Path: s.GetProperty("path").GetProperty("value").GetString()!))
                .ToList();
            Assert.Equal(new[] { ("mlnet", "models/taxi.zip"), ("onnx", "models/taxi.onnx") }, saves);

            // A load counts when it reads a file the pipeline saves: the zip, as before.
            Assert.Equal("models/taxi.zip", pipeline.GetProperty("persistence").GetProperty("loads").EnumerateArray().Single().GetProperty("path").GetProperty("value").GetString());
        }

        [Fact]
        public void An_export_of_another_model_or_a_same_named_method_is_not_a_save()
        {
            var pipeline = SinglePipeline(Program("""
                        var other = ml.Model.Load("models/other.zip", out _);
                        using var stream = File.Create("models/other.onnx");
                        ml.Model.ConvertToOnnx(other, data, stream);
                        Lookalike.ConvertToOnnx(ml.Model, model, data, stream);
            """) + """
            namespace Taxi
            {
                public static class Lookalike
                {
                    public static void ConvertToOnnx(Microsoft.ML.ModelOperationsCatalog catalog, Microsoft.ML.ITransformer transform, Microsoft.ML.IDataView inputData, System.IO.Stream stream) { }
                }
            }
            """);

            Assert.Empty(pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray());
        }

        [Fact]
        public void A_zip_save_is_format_mlnet()
        {
            var pipeline = SinglePipeline(Program("ml.Model.Save(model, data.Schema, \"models/taxi.zip\");"));

            var save = pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray().Single();
            Assert.Equal("mlnet", save.GetProperty("format").GetString());
            Assert.Equal("true", save.GetProperty("withInputSchema").GetString());
        }

        /// <summary>The text of the source line the save points to (in Program.cs, or the helper's line).</summary>
        private static string SourceLine(string body, JsonElement save)
        {
            var line = save.GetProperty("source").GetProperty("line").GetInt32();
            return Program(body).Split('\n')[line - 1];
        }

        private static JsonElement SinglePipeline(string source)
        {
            var compilation = GeneratorHarness.Compile(new[]
            {
                (GeneratorHarness.ProjectDirectory + "/Trip.cs", Row),
                (GeneratorHarness.ProjectDirectory + "/Program.cs", source),
                (GeneratorHarness.ProjectDirectory + "/OnnxExport.cs", OnnxExport),
            });
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            var json = GeneratorHarness.ManifestOf(GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult());
            var manifest = JsonDocument.Parse(json!).RootElement.Clone();
            return manifest.GetProperty("pipelines").EnumerateArray().Single();
        }
    }
}
