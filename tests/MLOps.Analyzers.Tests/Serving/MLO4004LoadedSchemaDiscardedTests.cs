using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Serving.LoadedSchemaDiscardedAnalyzer>;

namespace MLOps.Analyzers.Tests.Serving
{
    public class MLO4004LoadedSchemaDiscardedTests
    {
        private const string Usings = @"
using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { public float Distance { get; set; } }
public class FarePrediction { [ColumnName(""Score"")] public float Fare { get; set; } }";

        // ---- flagged ----

        [Fact]
        public Task Discarded_schema_then_a_prediction_engine() => Verify.VerifyAsync(Usings + @"
class C
{
    float Predict(string modelPath, Trip trip)
    {
        var ml = new MLContext();
        var model = ml.Model.Load(modelPath, {|MLO4004:out _|});
        var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
        return engine.Predict(trip).Fare;
    }
}" + Types);

        [Fact]
        public Task Typed_discards_count_too() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, Trip trip)
    {
        ITransformer first = ml.Model.Load(""a.zip"", {|MLO4004:out var _|});
        ITransformer second = ml.Model.Load(""b.zip"", {|MLO4004:out DataViewSchema _|});
        Console.WriteLine(ml.Model.CreatePredictionEngine<Trip, FarePrediction>(first).Predict(trip).Fare);
        Console.WriteLine(ml.Model.CreatePredictionEngine<Trip, FarePrediction>(second).Predict(trip).Fare);
    }
}" + Types);

        [Fact]
        public Task Schema_local_that_is_never_read() => Verify.VerifyAsync(Usings + @"
class C
{
    PredictionEngine<Trip, FarePrediction> M(MLContext ml, Stream stream)
    {
        var model = ml.Model.Load(stream, {|MLO4004:out var schema|});
        return ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
    }
}" + Types);

        [Fact]
        public Task Predeclared_schema_local_that_is_never_read() => Verify.VerifyAsync(Usings + @"
class C
{
    PredictionEngine<Trip, FarePrediction> M(MLContext ml, string path)
    {
        DataViewSchema inputSchema;
        ITransformer model;
        model = ml.Model.Load(path, {|MLO4004:out inputSchema|});
        return ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model, ignoreMissingColumns: false);
    }
}" + Types);

        [Fact]
        public Task Load_passed_straight_to_CreatePredictionEngine() => Verify.VerifyAsync(Usings + @"
class C
{
    PredictionEngine<Trip, FarePrediction> M(MLContext ml, string path) =>
        ml.Model.CreatePredictionEngine<Trip, FarePrediction>(ml.Model.Load(path, {|MLO4004:out _|}));
}" + Types);

        // ---- not flagged ----

        [Fact]
        public Task Schema_passed_to_CreatePredictionEngine_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    PredictionEngine<Trip, FarePrediction> M(MLContext ml, string path)
    {
        var model = ml.Model.Load(path, out var inputSchema);
        return ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model, inputSchema);
    }
}" + Types);

        [Fact]
        public Task Schema_checked_against_the_input_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    PredictionEngine<Trip, FarePrediction> M(MLContext ml, string path)
    {
        var model = ml.Model.Load(path, out var inputSchema);
        if (inputSchema.GetColumnOrNull(nameof(Trip.Distance)) is null)
        {
            throw new InvalidOperationException(""The model was not trained on trips."");
        }

        return ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
    }
}" + Types);

        [Fact]
        public Task Engine_given_another_schema_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    PredictionEngine<Trip, FarePrediction> M(MLContext ml, string path, IDataView reference)
    {
        var model = ml.Model.Load(path, out _);
        return ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model, reference.Schema);
    }
}" + Types);

        [Fact]
        public Task Batch_scoring_with_Transform_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Score(MLContext ml, string path, IDataView batch)
    {
        var model = ml.Model.Load(path, out _);
        return model.Transform(batch);
    }
}" + Types);

        [Fact]
        public Task Load_without_a_prediction_engine_in_the_method_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private ITransformer _model;

    ITransformer Load(MLContext ml, string path) => ml.Model.Load(path, out _);

    void Reload(MLContext ml, string path) => _model = ml.Model.Load(path, out _);

    PredictionEngine<Trip, FarePrediction> Engine(MLContext ml) => ml.Model.CreatePredictionEngine<Trip, FarePrediction>(_model);
}" + Types);

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class Catalog { public object Load(string path, out object schema) { schema = null; return path; } }
class C { object M(Catalog c) => c.Load(""m.zip"", out _); }");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(MLContext ml)
    {
        var model = ml.Model.Load(""m.zip"", out );
        var other = ml.Model.Load(out _);
        var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model, );
        ml.Model.CreatePredictionEngine<Trip,>(ml.Model.Load(""x.zip"", out var
    }
}" + Types);
    }
}
