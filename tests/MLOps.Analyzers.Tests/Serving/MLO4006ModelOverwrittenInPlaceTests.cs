using System.Threading.Tasks;
using MLOps.Analyzers.Serving;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Serving.ModelOverwrittenInPlaceAnalyzer>;

namespace MLOps.Analyzers.Tests.Serving
{
    public class MLO4006ModelOverwrittenInPlaceTests
    {
        private const string Usings = @"
using System;
using System.IO;
using Microsoft.ML;
";

        private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Overwritten(int markup, string path) =>
            Verify.Diagnostic("MLO4006").WithLocation(markup).WithArguments(path);

        // ---- flagged ----

        [Fact]
        public Task Literal_path_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, ITransformer model, IDataView data)
    {
        ml.Model.Save(model, data.Schema, {|#0:""model.zip""|});
    }
}", Overwritten(0, "model.zip"));

        [Fact]
        public Task Constant_path_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private const string ModelPath = ""MLModels/SentimentModel.zip"";

    void Train(MLContext ml, ITransformer model, IDataView data) => ml.Model.Save(model, data.Schema, {|#0:ModelPath|});
}", Overwritten(0, "MLModels/SentimentModel.zip"));

        [Fact]
        public Task Local_initialised_from_a_literal_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, ITransformer model, IDataView data)
    {
        var path = ""model-latest.zip"";
        Console.WriteLine(path);
        ml.Model.Save(model, data.Schema, {|#0:path|});
    }
}", Overwritten(0, "model-latest.zip"));

        [Fact]
        public Task Static_readonly_field_built_with_Path_Combine_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private static readonly string ModelPath = Path.Combine(""models"", ""fare"", ""model.zip"");

    void Train(MLContext ml, ITransformer model, IDataView data) => ml.Model.Save(model, data.Schema, {|#0:ModelPath|});
}", Overwritten(0, "models/fare/model.zip"));

        [Fact]
        public Task Path_Combine_under_the_application_directory_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, ITransformer model, IDataView data)
    {
        ml.Model.Save(model, data.Schema, {|#0:Path.Combine(Environment.CurrentDirectory, ""MLModels"", ""model.zip"")|});
        ml.Model.Save(model, data.Schema, {|#1:AppContext.BaseDirectory + ""model.zip""|});
    }
}", Overwritten(0, "<Environment.CurrentDirectory>/MLModels/model.zip"), Overwritten(1, "<AppContext.BaseDirectory>model.zip"));

        [Fact]
        public Task Loader_overload_with_a_literal_path_is_flagged() => Verify.VerifyAsync(Usings + @"
class Row { public float X { get; set; } }
class C
{
    void Train(MLContext ml, ITransformer model)
    {
        var loader = ml.Data.CreateTextLoader<Row>();
        ml.Model.Save(model, loader, {|#0:""pipeline.zip""|});
    }
}", Overwritten(0, "pipeline.zip"));

        // ---- not flagged ----

        [Fact]
        public Task Interpolated_path_with_a_timestamp_or_run_id_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, ITransformer model, IDataView data, string runId)
    {
        ml.Model.Save(model, data.Schema, $""model-{DateTime.UtcNow:yyyyMMddHHmmss}.zip"");
        ml.Model.Save(model, data.Schema, $""models/{runId}/model.zip"");
        ml.Model.Save(model, data.Schema, Path.Combine(""models"", runId, ""model.zip""));
    }
}");

        [Fact]
        public Task Path_from_a_parameter_or_configuration_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private readonly string _configuredPath;

    C(string configuredPath) { _configuredPath = configuredPath; }

    void Train(MLContext ml, ITransformer model, IDataView data, string outputPath)
    {
        ml.Model.Save(model, data.Schema, outputPath);
        ml.Model.Save(model, data.Schema, Environment.GetEnvironmentVariable(""MODEL_PATH"") ?? ""model.zip"");
        ml.Model.Save(model, data.Schema, _configuredPath);
    }
}");

        [Fact]
        public Task Readonly_field_replaced_in_the_constructor_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private readonly string _path = ""model.zip"";

    C(string path) { _path = path; }

    void Train(MLContext ml, ITransformer model, IDataView data) => ml.Model.Save(model, data.Schema, _path);
}");

        [Fact]
        public Task Local_assigned_twice_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, ITransformer model, IDataView data, bool archive)
    {
        var path = ""model.zip"";
        if (archive)
        {
            path = Path.Combine(""archive"", Guid.NewGuid().ToString(""N""), ""model.zip"");
        }

        ml.Model.Save(model, data.Schema, path);
    }
}");

        [Fact]
        public Task Stream_overload_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, ITransformer model, IDataView data, Stream destination)
    {
        ml.Model.Save(model, data.Schema, destination);
        using var file = File.Create(""model.zip"");
        ml.Model.Save(model, data.Schema, file);
    }
}");

        [Theory]
        [InlineData("model-v3.zip")]
        [InlineData("models/v12/model.zip")]
        [InlineData("models/2024-05-01/model.zip")]
        [InlineData("model_20240501T101500Z.zip")]
        [InlineData("model.1.2.0.zip")]
        [InlineData("runs/42/model.zip")]
        [InlineData("models/3f2a9c1/model.zip")]
        [InlineData("models/0f8fad5b-d9cb-469f-a165-70867728950e.zip")]
        [InlineData("models/{0}/model.zip")]
        public Task Path_with_a_version_segment_is_not_flagged(string path) => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, ITransformer model, IDataView data) => ml.Model.Save(model, data.Schema, """ + path + @""");
}");

        [Fact]
        public Task Previous_model_moved_away_first_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, ITransformer model, IDataView data)
    {
        const string path = ""model.zip"";
        if (File.Exists(path))
        {
            File.Move(path, $""model-{DateTime.UtcNow:yyyyMMddHHmmss}.zip"");
        }

        ml.Model.Save(model, data.Schema, path);
    }
}");

        [Fact]
        public Task A_Save_method_of_another_type_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Registry { public void Save(ITransformer model, DataViewSchema schema, string path) { } }
class C
{
    void Train(Registry registry, ITransformer model, IDataView data) => registry.Save(model, data.Schema, ""model.zip"");
}");

        // ---- the version heuristic itself ----

        [Theory]
        [InlineData("model.zip", false)]
        [InlineData("MLModels/SentimentModel.zip", false)]
        [InlineData("resnet50.zip", false)]
        [InlineData("model-final.zip", false)]
        [InlineData("v/model.zip", false)]
        [InlineData("defaced/model.zip", false)]
        [InlineData("model-v2.zip", true)]
        [InlineData("model-2.zip", true)]
        [InlineData("2024/05/model.zip", true)]
        [InlineData("model-run240501.zip", true)]
        [InlineData("model-a1b2c3d4e5.zip", true)]
        public void Version_segments(string path, bool expected) => Assert.Equal(expected, VersionSegments.ContainsVersion(path));

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class Model { public void Save(object model, object schema, string path) { } }
class C { void M(Model m) => m.Save(null, null, ""model.zip""); }");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    private static readonly string P = Path.Combine(;
    void Train(MLContext ml, ITransformer model, IDataView data)
    {
        var path = ;
        ml.Model.Save(model, data.Schema, path);
        ml.Model.Save(model, data.Schema, P);
        ml.Model.Save(model, data.Schema, Path.Combine(""a"", );
        ml.Model.Save(model, data.Schema, 
    }
}");
    }
}
