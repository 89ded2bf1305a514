using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Serving.ModelSavedWithoutSchemaAnalyzer>;

namespace MLOps.Analyzers.Tests.Serving
{
    public class MLO4003ModelSavedWithoutSchemaTests
    {
        private const string Usings = @"
using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Fare { get; set; } }";

        // ---- flagged ----

        [Fact]
        public Task Null_schema_saved_to_a_file() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline, IDataView trainData)
    {
        var model = pipeline.Fit(trainData);
        ml.Model.Save(model, {|MLO4003:null|}, ""model.zip"");
    }
}" + Types);

        [Fact]
        public Task Null_schema_saved_to_a_stream() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, string path)
    {
        using var stream = File.Create(path);
        ml.Model.Save(model, {|MLO4003:null|}, stream);
    }
}" + Types);

        [Fact]
        public Task Default_literal_and_default_of_the_schema_type() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model)
    {
        ml.Model.Save(model, {|MLO4003:default|}, ""a.zip"");
        ml.Model.Save(model, {|MLO4003:default(DataViewSchema)|}, ""b.zip"");
    }
}" + Types);

        [Fact]
        public Task Named_null_argument() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, string path) =>
        ml.Model.Save(model, filePath: path, inputSchema: {|MLO4003:null|});
}" + Types);

        [Fact]
        public Task Local_only_ever_assigned_null() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, bool compact)
    {
        DataViewSchema schema = null;
        if (compact)
        {
            schema = default;
        }

        ml.Model.Save(model, {|MLO4003:schema|}, ""model.zip"");
    }
}" + Types);

        // ---- not flagged ----

        [Fact]
        public Task Schema_of_the_training_data_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline, IDataView data, string path)
    {
        var split = ml.Data.TrainTestSplit(data);
        var model = pipeline.Fit(split.TrainSet);
        ml.Model.Save(model, data.Schema, path);
        ml.Model.Save(model, split.TrainSet.Schema, path);
    }
}" + Types);

        [Fact]
        public Task Schema_from_a_parameter_or_a_sometimes_null_local_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, DataViewSchema schema, IDataView data, bool withSchema)
    {
        ml.Model.Save(model, schema, ""a.zip"");

        DataViewSchema maybe = null;
        if (withSchema)
        {
            maybe = data.Schema;
        }

        ml.Model.Save(model, maybe, ""b.zip"");
        ml.Model.Save(model, data?.Schema, ""c.zip"");
    }
}" + Types);

        [Fact]
        public Task Save_with_the_data_loader_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline, string dataPath)
    {
        var loader = ml.Data.CreateTextLoader<Trip>(separatorChar: ',', hasHeader: true);
        var model = pipeline.Fit(loader.Load(dataPath));
        ml.Model.Save(model, loader, ""model.zip"");
    }
}" + Types);

        [Fact]
        public Task Save_of_another_library_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Store { public void Save(object model, object schema, string path) { } }
class C
{
    void M(Store store, ITransformer model) => store.Save(model, null, ""model.zip"");
}" + Types);

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class Model { public void Save(object model, object schema, string path) { } }
class C { void M(Model m) => m.Save(new object(), null, ""model.zip""); }");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model)
    {
        DataViewSchema schema = ;
        ml.Model.Save(model, schema, );
        ml.Model.Save(, null
        ml.Model.Save(model, {|MLO4003:null|}, ""x.zip"").
    }
}" + Types);
    }
}
