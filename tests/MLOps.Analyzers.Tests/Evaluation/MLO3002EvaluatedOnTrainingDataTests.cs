using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Evaluation.EvaluatedOnTrainingDataAnalyzer>;

namespace MLOps.Analyzers.Tests.Evaluation
{
    public class MLO3002EvaluatedOnTrainingDataTests
    {
        private const string Usings = @"
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Fare { get; set; } }
public class Review { [LoadColumn(0)] public string Text { get; set; } = """"; [LoadColumn(1)] public bool Label { get; set; } }";

        // ---- flagged ----

        [Fact]
        public Task Fluent_fit_and_evaluate_on_the_same_loaded_data() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, string path)
    {
        IDataView data = ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',');
        var pipeline = ml.Transforms.Concatenate(""Features"", ""Distance"")
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: ""Fare""));
        var model = pipeline.Fit(data);
        var metrics = ml.Regression.Evaluate(model.Transform({|MLO3002:data|}), labelColumnName: ""Fare"");
    }
}" + Types);

        [Fact]
        public Task Train_set_of_the_split_evaluated_through_a_predictions_local() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        ITransformer model = pipeline.Fit(split.TrainSet);
        IDataView predictions = model.Transform({|MLO3002:split.TrainSet|});
        var metrics = ml.BinaryClassification.Evaluate(predictions);
    }
}" + Types);

        [Fact]
        public Task Same_parameter_for_fit_and_evaluation() => Verify.VerifyAsync(Usings + @"
class C
{
    CalibratedBinaryClassificationMetrics M(MLContext ml, IEstimator<ITransformer> pipeline, IDataView trainingData)
    {
        var model = pipeline.Fit(trainingData);
        return ml.BinaryClassification.Evaluate(model.Transform({|MLO3002:trainingData|}));
    }
}" + Types);

        [Fact]
        public Task Every_task_catalog_evaluation() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline, IDataView data)
    {
        var model = pipeline.Fit(data);
        ml.BinaryClassification.EvaluateNonCalibrated(model.Transform({|MLO3002:data|}));
        ml.MulticlassClassification.Evaluate(model.Transform({|MLO3002:data|}));
        ml.Clustering.Evaluate(model.Transform({|MLO3002:data|}));
        ml.Ranking.Evaluate(model.Transform({|MLO3002:data|}));
        ml.AnomalyDetection.Evaluate(model.Transform({|MLO3002:data|}));
    }
}" + Types);

        [Fact]
        public Task Training_data_held_in_a_local_copied_from_the_split() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var split = ml.Data.TrainTestSplit(data);
        var train = split.TrainSet;
        var model = pipeline.Fit(train);
        var metrics = ml.Regression.Evaluate(model.Transform({|MLO3002:split.TrainSet|}), ""Fare"");
    }
}" + Types);

        [Fact]
        public Task Cached_training_data_is_the_same_rows() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var model = pipeline.Fit(ml.Data.Cache(data));
        var metrics = ml.Regression.Evaluate(model.Transform({|MLO3002:data|}), ""Fare"");
    }
}" + Types);

        [Fact]
        public Task Test_set_of_a_split_of_the_data_the_model_was_fitted_on() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var model = pipeline.Fit(data); // fitted on every row, test rows included
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var metrics = ml.Regression.Evaluate(model.Transform({|MLO3002:split.TestSet|}), ""Fare"");
    }
}" + Types);

        [Fact]
        public Task Reassigned_local_sees_the_last_definition() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline, string trainPath, string testPath)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(testPath);
        data = ml.Data.LoadFromTextFile<Trip>(trainPath);
        var model = pipeline.Fit(data);
        var metrics = ml.Regression.Evaluate(model.Transform({|MLO3002:data|}), ""Fare"");
    }
}" + Types);

        [Fact]
        public Task Data_loaded_by_a_Model_Builder_style_helper() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline)
    {
        IDataView trainingDataView = LoadIDataViewFromFile(ml, ""taxi.csv"", ',', true);
        ITransformer model = pipeline.Fit(trainingDataView);
        var metrics = ml.Regression.Evaluate(model.Transform({|MLO3002:trainingDataView|}), ""Fare"");
    }

    private static IDataView LoadIDataViewFromFile(MLContext mlContext, string inputDataFilePath, char separatorChar, bool hasHeader)
    {
        return mlContext.Data.LoadFromTextFile<Trip>(inputDataFilePath, separatorChar, hasHeader);
    }
}" + Types);

        [Fact]
        public Task Model_trained_by_a_helper_on_the_train_set() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data);
        var model = Train(ml, split.TrainSet);
        var metrics = ml.Regression.Evaluate(model.Transform({|MLO3002:split.TrainSet|}), ""Fare"");
    }

    private static ITransformer Train(MLContext ml, IDataView trainData)
    {
        var pipeline = ml.Transforms.Concatenate(""Features"", ""Distance"").Append(ml.Regression.Trainers.Sdca(""Fare""));
        return pipeline.Fit(trainData);
    }
}" + Types);

        [Fact]
        public Task Predictions_made_by_a_scoring_helper() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var model = pipeline.Fit(data);
        var metrics = ml.Regression.Evaluate({|MLO3002:Score(model, data)|}, ""Fare"");
    }

    private static IDataView Score(ITransformer model, IDataView input) => model.Transform(input);
}" + Types);

        // ---- not flagged ----

        [Fact]
        public Task Evaluation_on_the_test_set_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet), ""Fare"");
    }
}" + Types);

        [Fact]
        public Task Another_loaded_file_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline)
    {
        var train = ml.Data.LoadFromTextFile<Trip>(""train.csv"");
        var test = ml.Data.LoadFromTextFile<Trip>(""test.csv"");
        var model = pipeline.Fit(train);
        var metrics = ml.Regression.Evaluate(model.Transform(test), ""Fare"");
    }
}" + Types);

        [Fact]
        public Task Two_helper_calls_load_two_data_sets() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline)
    {
        var train = Load(ml, ""train.csv"");
        var test = Load(ml, ""test.csv"");
        var model = pipeline.Fit(train);
        var metrics = ml.Regression.Evaluate(model.Transform(test), ""Fare"");
    }

    private static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path);
}" + Types);

        [Fact]
        public Task Training_rows_that_were_filtered_or_taken_are_not_the_whole_training_data() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var model = pipeline.Fit(ml.Data.TakeRows(data, 1000));
        var metrics = ml.Regression.Evaluate(model.Transform(data), ""Fare"");
    }
}" + Types);

        [Fact]
        public Task Unknown_data_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private IDataView _data = null!;

    void M(MLContext ml, IEstimator<ITransformer> pipeline, bool useTest, IDataView a, IDataView b)
    {
        var model = pipeline.Fit(_data);
        ml.Regression.Evaluate(model.Transform(_data), ""Fare""); // a mutable field may change in between

        var data = a;
        if (useTest)
        {
            data = b;
        }

        var model2 = pipeline.Fit(a);
        ml.Regression.Evaluate(model2.Transform(data), ""Fare""); // a or b: unknown
    }
}" + Types);

        [Fact]
        public Task Parameter_reassigned_in_the_method_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IEstimator<ITransformer> pipeline, IDataView data, IDataView test)
    {
        var model = pipeline.Fit(data);
        data = test;
        ml.Regression.Evaluate(model.Transform(data), ""Fare"");
    }
}" + Types);

        [Fact]
        public Task Model_loaded_from_disk_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var model = ml.Model.Load(""model.zip"", out var schema);
        ml.Regression.Evaluate(model.Transform(data), ""Fare"");
    }
}" + Types);

        [Fact]
        public Task Cross_validation_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var results = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5, labelColumnName: ""Fare"");
    }
}" + Types);

        [Fact]
        public Task Cross_validation_fold_test_set_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        foreach (var fold in ml.Data.CrossValidationSplit(data, numberOfFolds: 5))
        {
            var model = pipeline.Fit(fold.TrainSet);
            ml.Regression.Evaluate(model.Transform(fold.TestSet), ""Fare"");
        }
    }
}" + Types);

        [Fact]
        public Task Model_reassigned_in_a_branch_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IDataView other, IEstimator<ITransformer> pipeline, bool retrain)
    {
        var model = pipeline.Fit(other);
        if (retrain)
        {
            model = pipeline.Fit(data);
        }

        ml.Regression.Evaluate(model.Transform(data), ""Fare"");
    }
}" + Types);

        // ---- robustness ----

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var model = pipeline.Fit();
        ml.Regression.Evaluate(model.Transform(), ""Fare"");
        ml.Regression.Evaluate(model.Transform(data
        var split = ml.Data.TrainTestSplit(;
        ml.BinaryClassification.Evaluate(model.Transform(split.TrainSet)
    }
}" + Types);

        [Fact]
        public Task Without_MLNet_nothing_is_reported() => Verify.VerifyWithoutMLNetAsync(@"
class Model { public object Transform(object d) => d; }
class Catalog { public object Evaluate(object d) => d; }
class C
{
    void M(Model model, Catalog regression, object data) => regression.Evaluate(model.Transform(data));
}");
    }
}
