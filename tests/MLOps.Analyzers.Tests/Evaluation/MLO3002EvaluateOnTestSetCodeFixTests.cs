using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CodeFixVerifier<
    MLOps.Analyzers.Evaluation.EvaluatedOnTrainingDataAnalyzer,
    MLOps.Analyzers.CodeFixes.Evaluation.EvaluatedOnTrainingDataCodeFixProvider>;

namespace MLOps.Analyzers.Tests.Evaluation
{
    public class MLO3002EvaluateOnTestSetCodeFixTests
    {
        private const string Usings = @"
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Fare { get; set; } }";

        [Fact]
        public Task Train_set_becomes_the_test_set_of_the_same_split() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.Regression.Evaluate(model.Transform({|MLO3002:split.TrainSet|}), ""Fare"");
    }
}" + Types, Usings + @"
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
        public Task Fix_all_replaces_every_train_set_evaluation() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var model = pipeline.Fit(split.TrainSet);
        var predictions = model.Transform({|MLO3002:split.TrainSet|});
        var metrics = ml.BinaryClassification.Evaluate(predictions);
        var raw = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform({|MLO3002:split.TrainSet|}));
    }

    void N(MLContext ml, DataOperationsCatalog.TrainTestData parts, IEstimator<ITransformer> pipeline)
    {
        var model = pipeline.Fit(parts.TrainSet);
        ml.Regression.Evaluate(model.Transform({|MLO3002:parts.TrainSet|}), ""Fare"");
    }
}" + Types, Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var model = pipeline.Fit(split.TrainSet);
        var predictions = model.Transform(split.TestSet);
        var metrics = ml.BinaryClassification.Evaluate(predictions);
        var raw = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(split.TestSet));
    }

    void N(MLContext ml, DataOperationsCatalog.TrainTestData parts, IEstimator<ITransformer> pipeline)
    {
        var model = pipeline.Fit(parts.TrainSet);
        ml.Regression.Evaluate(model.Transform(parts.TestSet), ""Fare"");
    }
}" + Types);

        [Fact]
        public Task No_fix_when_the_model_was_fitted_on_all_rows() => Verify.VerifyNoFixAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var model = pipeline.Fit(data);
        ml.Regression.Evaluate(model.Transform({|MLO3002:data|}), ""Fare"");
    }
}" + Types);

        [Fact]
        public Task No_fix_when_the_train_set_is_held_in_another_local() => Verify.VerifyNoFixAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var train = split.TrainSet;
        var model = pipeline.Fit(train);
        ml.Regression.Evaluate(model.Transform({|MLO3002:train|}), ""Fare"");
    }
}" + Types);
    }
}
