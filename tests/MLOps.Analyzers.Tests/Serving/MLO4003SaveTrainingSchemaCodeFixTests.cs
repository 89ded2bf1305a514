using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CodeFixVerifier<
    MLOps.Analyzers.Serving.ModelSavedWithoutSchemaAnalyzer,
    MLOps.Analyzers.CodeFixes.Serving.ModelSavedWithoutSchemaCodeFixProvider>;

namespace MLOps.Analyzers.Tests.Serving
{
    public class MLO4003SaveTrainingSchemaCodeFixTests
    {
        private const string Usings = @"
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Fare { get; set; } }";

        [Fact]
        public Task Saves_the_schema_of_the_data_the_model_was_fitted_on() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline, IDataView trainData, IDataView testData)
    {
        var model = pipeline.Fit(trainData);
        ml.Model.Save(model, {|MLO4003:null|}, ""model.zip"");
    }
}" + Types, Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline, IDataView trainData, IDataView testData)
    {
        var model = pipeline.Fit(trainData);
        ml.Model.Save(model, trainData.Schema, ""model.zip"");
    }
}" + Types);

        [Fact]
        public Task Saves_the_schema_of_the_train_set_of_a_split() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline, IDataView data, string path)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        ITransformer model = pipeline.Fit(split.TrainSet);
        ml.Model.Save(model, inputSchema: {|MLO4003:default|}, filePath: path);
    }
}" + Types, Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline, IDataView data, string path)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        ITransformer model = pipeline.Fit(split.TrainSet);
        ml.Model.Save(model, inputSchema: split.TrainSet.Schema, filePath: path);
    }
}" + Types);

        [Fact]
        public Task Uses_the_only_data_view_in_scope_when_no_Fit_is_visible() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView data, Stream stream)
    {
        ml.Model.Save(model, {|MLO4003:null|}, stream);
    }
}" + Types, Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView data, Stream stream)
    {
        ml.Model.Save(model, data.Schema, stream);
    }
}" + Types);

        [Fact]
        public Task No_fix_when_two_data_views_could_be_the_training_data() => Verify.VerifyNoFixAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView train, IDataView test)
    {
        ml.Model.Save(model, {|MLO4003:null|}, ""model.zip"");
    }
}" + Types);

        [Fact]
        public Task No_fix_when_the_fitted_data_cannot_be_named_again() => Verify.VerifyNoFixAsync(Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline, string trainPath, string testPath)
    {
        var model = pipeline.Fit(ml.Data.LoadFromTextFile<Trip>(trainPath));
        var test = ml.Data.LoadFromTextFile<Trip>(testPath);
        ml.Model.Save(model, {|MLO4003:null|}, ""model.zip"");
    }
}" + Types);

        [Fact]
        public Task Fix_all_fixes_every_save_in_the_document() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void Train(MLContext ml, IEstimator<ITransformer> pipeline, IDataView trainData, IDataView other)
    {
        ml.Model.Save(pipeline.Fit(trainData), {|MLO4003:null|}, ""a.zip"");

        var model = pipeline.Fit(trainData);
        DataViewSchema schema = null;
        ml.Model.Save(model, {|MLO4003:schema|}, ""b.zip"");
    }

    void Export(MLContext ml, ITransformer model, IDataView data, string path) =>
        ml.Model.Save(model, {|MLO4003:null|}, path);
}" + Types, Usings + @"
class C
{
    void Train(MLContext ml, IEstimator<ITransformer> pipeline, IDataView trainData, IDataView other)
    {
        ml.Model.Save(pipeline.Fit(trainData), trainData.Schema, ""a.zip"");

        var model = pipeline.Fit(trainData);
        DataViewSchema schema = null;
        ml.Model.Save(model, trainData.Schema, ""b.zip"");
    }

    void Export(MLContext ml, ITransformer model, IDataView data, string path) =>
        ml.Model.Save(model, data.Schema, path);
}" + Types);
    }
}
