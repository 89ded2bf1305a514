using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Serving.CustomMappingWithoutContractNameAnalyzer>;

namespace MLOps.Analyzers.Tests.Serving
{
    public class MLO4005CustomMappingWithoutContractNameTests
    {
        private const string Usings = @"
using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
";

        private const string Types = @"
public class Trip { public float Distance { get; set; } public float Fare { get; set; } }
public class TripExtra { public float Km { get; set; } }
public class Counter { public int Count; }";

        // ---- flagged ----

        [Fact]
        public Task Appended_fitted_and_saved_in_one_method_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        Action<Trip, TripExtra> toKm = (input, output) => output.Km = input.Distance * 1.609f;
        var pipeline = {|MLO4005:ml.Transforms.CustomMapping(toKm, contractName: null)|}
            .Append(ml.Transforms.Concatenate(""Features"", ""Km""))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Fare""));
        var model = pipeline.Fit(data);
        ml.Model.Save(model, data.Schema, ""model.zip"");
    }
}" + Types);

        [Fact]
        public Task Default_and_positional_null_are_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private const string NoName = null;

    void Train(MLContext ml, IDataView data)
    {
        var a = {|MLO4005:ml.Transforms.CustomMapping<Trip, TripExtra>((i, o) => o.Km = i.Distance, null)|};
        var b = {|MLO4005:ml.Transforms.CustomMapping<Trip, TripExtra>((i, o) => o.Km = i.Distance, default)|};
        var c = {|MLO4005:ml.Transforms.CustomMapping<Trip, TripExtra>((i, o) => o.Km = i.Distance, NoName)|};
        ml.Model.Save(a.Append(b).Append(c).Fit(data), data.Schema, ""model.zip"");
    }
}" + Types);

        [Fact]
        public Task Pipeline_grown_in_a_local_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data, bool convert)
    {
        IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate(""Features"", ""Distance"");
        if (convert)
        {
            pipeline = pipeline.Append({|MLO4005:ml.Transforms.CustomMapping<Trip, TripExtra>((i, o) => o.Km = i.Distance, null)|});
        }

        pipeline = pipeline.AppendCacheCheckpoint(ml);
        ITransformer model = pipeline.Fit(data);
        ml.Model.Save(model, data.Schema, ""model.zip"");
    }
}" + Types);

        [Fact]
        public Task Stateful_custom_mapping_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data, System.IO.Stream destination)
    {
        var counting = {|MLO4005:ml.Transforms.StatefulCustomMapping<Trip, TripExtra, Counter>(
            (i, o, s) => o.Km = s.Count++, s => s.Count = 0, contractName: null)|};
        ml.Model.Save(counting.Fit(data), data.Schema, destination);
    }
}" + Types);

        [Fact]
        public Task Pipeline_built_by_a_helper_of_the_same_type_is_flagged() => Verify.VerifyAsync(Usings + @"
class Trainer
{
    private readonly MLContext _ml = new MLContext(seed: 1);

    private IEstimator<ITransformer> BuildPipeline() =>
        {|MLO4005:_ml.Transforms.CustomMapping<Trip, TripExtra>((i, o) => o.Km = i.Distance, contractName: null)|}
            .Append(_ml.Regression.Trainers.Sdca(labelColumnName: ""Fare""));

    private ITransformer Fit(IDataView data) => BuildPipeline().Fit(data);

    public void TrainAndSave(IDataView data)
    {
        var model = Fit(data);
        SaveModel(model, data.Schema);
    }

    private void SaveModel(ITransformer model, DataViewSchema schema) => _ml.Model.Save(model, schema, ""model.zip"");
}" + Types);

        [Fact]
        public Task Model_kept_in_a_field_and_saved_elsewhere_in_the_type_is_flagged() => Verify.VerifyAsync(Usings + @"
class Trainer
{
    private readonly MLContext _ml = new MLContext(seed: 1);
    private ITransformer _model;

    public void Train(IDataView data) =>
        _model = {|MLO4005:_ml.Transforms.CustomMapping<Trip, TripExtra>((i, o) => o.Km = i.Distance, null)|}.Fit(data);

    public void Save(string path) => _ml.Model.Save(_model, null, path);
}" + Types);

        // ---- not flagged ----

        [Fact]
        public Task Custom_mapping_never_saved_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    float Predict(MLContext ml, IDataView data, Trip trip)
    {
        var pipeline = ml.Transforms.CustomMapping<Trip, TripExtra>((i, o) => o.Km = i.Distance, contractName: null)
            .Append(ml.Transforms.Concatenate(""Features"", ""Km""))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Fare""));
        var model = pipeline.Fit(data);
        var engine = ml.Model.CreatePredictionEngine<Trip, TripExtra>(model);
        return engine.Predict(trip).Km;
    }
}" + Types);

        [Fact]
        public Task Contract_name_given_is_not_flagged() => Verify.VerifyAsync(Usings + @"
[CustomMappingFactoryAttribute(ContractName)]
public class KmMapping : CustomMappingFactory<Trip, TripExtra>
{
    public const string ContractName = ""Km"";
    public static void Map(Trip input, TripExtra output) => output.Km = input.Distance * 1.609f;
    public override Action<Trip, TripExtra> GetMapping() => Map;
}

class C
{
    void Train(MLContext ml, IDataView data, string configuredName)
    {
        var a = ml.Transforms.CustomMapping<Trip, TripExtra>(KmMapping.Map, contractName: ""Km"");
        var b = ml.Transforms.CustomMapping<Trip, TripExtra>(KmMapping.Map, KmMapping.ContractName);
        var c = ml.Transforms.CustomMapping<Trip, TripExtra>(KmMapping.Map, configuredName);
        ml.Model.Save(a.Append(b).Append(c).Fit(data), data.Schema, ""model.zip"");
    }
}" + Types);

        [Fact]
        public Task Another_pipeline_saved_in_the_same_method_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var explore = ml.Transforms.CustomMapping<Trip, TripExtra>((i, o) => o.Km = i.Distance, null);
        var preview = explore.Fit(data).Transform(data);

        var pipeline = ml.Transforms.Concatenate(""Features"", ""Distance"").Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Fare""));
        var model = pipeline.Fit(preview);
        ml.Model.Save(model, data.Schema, ""model.zip"");
    }
}" + Types);

        [Fact]
        public Task Pipeline_handed_to_another_type_is_not_flagged() => Verify.VerifyAsync(Usings + @"
static class Persistence
{
    public static ITransformer FitOnly(IEstimator<ITransformer> estimator, IDataView data) => estimator.Fit(data);
}

class C
{
    void Train(MLContext ml, IDataView data)
    {
        var mapping = ml.Transforms.CustomMapping<Trip, TripExtra>((i, o) => o.Km = i.Distance, null);
        var model = Persistence.FitOnly(mapping, data);
        ml.Model.Save(model, data.Schema, ""model.zip"");
    }
}" + Types);

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class Transforms { public object CustomMapping(object action, string contractName) => action; }
class C { object M(Transforms t) => t.CustomMapping(null, null); }");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    ITransformer Helper() => Helper();

    void Train(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.CustomMapping<Trip, TripExtra>(;
        var other = ml.Transforms.CustomMapping<Trip, TripExtra>((i, o) => , );
        pipeline = pipeline.Append(
        ml.Model.Save(pipeline.Fit(data), data.Schema, ;
        ml.Model.Save(Helper(), data.Schema, ""m.zip"");
        return pipeline;
    }
}" + Types);
    }
}
