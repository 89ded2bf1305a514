using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Evaluation.EvaluationResultDiscardedAnalyzer>;

namespace MLOps.Analyzers.Tests.Evaluation
{
    public class MLO3003EvaluationResultDiscardedTests
    {
        private const string Usings = @"
using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Review { public bool Label { get; set; } public float[] Features { get; set; } }";

        // ---- flagged ----

        [Fact]
        public Task Evaluate_as_a_statement() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        {|MLO3003:ml.BinaryClassification.Evaluate(model.Transform(test))|};
    }
}" + Types);

        [Fact]
        public Task Evaluate_assigned_to_a_discard() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        _ = {|MLO3003:ml.Regression.Evaluate(model.Transform(test))|};
    }
}" + Types);

        [Fact]
        public Task Metrics_local_that_is_never_read() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView train, IDataView test)
    {
        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(train);
        var metrics = {|MLO3003:ml.BinaryClassification.Evaluate(model.Transform(test))|};
        return model;
    }
}" + Types);

        [Fact]
        public Task Predeclared_local_that_is_only_assigned() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        RegressionMetrics metrics;
        metrics = {|MLO3003:ml.Regression.Evaluate(model.Transform(test))|};
        metrics = null;
    }
}" + Types);

        [Fact]
        public Task Cross_validation_result_never_read() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var pipeline = ml.BinaryClassification.Trainers.FastTree();
        var folds = {|MLO3003:ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5)|};
    }
}" + Types);

        [Fact]
        public Task Non_calibrated_evaluations_and_other_catalogs() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView data)
    {
        var scored = model.Transform(data);
        {|MLO3003:ml.BinaryClassification.EvaluateNonCalibrated(scored)|};
        {|MLO3003:ml.BinaryClassification.CrossValidateNonCalibrated(data, ml.BinaryClassification.Trainers.AveragedPerceptron())|};
        {|MLO3003:ml.MulticlassClassification.Evaluate(scored)|};
        {|MLO3003:ml.Clustering.Evaluate(scored)|};
        {|MLO3003:ml.Ranking.Evaluate(scored)|};
        {|MLO3003:ml.AnomalyDetection.Evaluate(scored)|};
    }
}" + Types);

        [Fact]
        public Task Permutation_feature_importance_dropped() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var model = ml.Regression.Trainers.Sdca().Fit(data);
        {|MLO3003:ml.Regression.PermutationFeatureImportance(model, data)|};
    }
}" + Types);

        [Fact]
        public Task Dropped_inside_a_lambda() => Verify.VerifyAsync(Usings + @"
class C
{
    Action M(MLContext ml, ITransformer model, IDataView test) =>
        () => {|MLO3003:ml.Regression.Evaluate(model.Transform(test))|};
}" + Types);

        // ---- not flagged ----

        [Fact]
        public Task Member_read_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine(metrics.AreaUnderRocCurve);
    }
}" + Types);

        [Fact]
        public Task Returned_result_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    RegressionMetrics Direct(MLContext ml, ITransformer model, IDataView test) =>
        ml.Regression.Evaluate(model.Transform(test));

    RegressionMetrics ThroughALocal(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.Regression.Evaluate(model.Transform(test));
        return metrics;
    }
}" + Types);

        [Fact]
        public Task Result_passed_to_a_method_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        Print(ml.Regression.Evaluate(model.Transform(test)));
        var folds = ml.Regression.CrossValidate(test, ml.Regression.Trainers.Sdca());
        Console.WriteLine(folds.Average(f => f.Metrics.RSquared));
    }

    static void Print(RegressionMetrics metrics) => Console.WriteLine(metrics.RSquared);
}" + Types);

        [Fact]
        public Task Result_stored_in_a_field_or_property_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private RegressionMetrics _last;

    public RegressionMetrics Last { get; private set; }

    void M(MLContext ml, ITransformer model, IDataView test)
    {
        _last = ml.Regression.Evaluate(model.Transform(test));
        Last = ml.Regression.Evaluate(model.Transform(test));
    }
}" + Types);

        [Fact]
        public Task Result_in_string_interpolation_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Console.WriteLine($""{metrics}"");
    }
}" + Types);

        [Fact]
        public Task Local_read_only_inside_a_lambda_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    Func<double> M(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.Regression.Evaluate(model.Transform(test));
        return () => metrics.RSquared;
    }
}" + Types);

        [Fact]
        public Task Local_passed_by_ref_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.Regression.Evaluate(model.Transform(test));
        Keep(ref metrics);
    }

    static void Keep(ref RegressionMetrics metrics) { }
}" + Types);

        [Fact]
        public Task Evaluate_of_a_user_type_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Scorer
{
    public double Evaluate(IDataView data) => 0;
}

class C
{
    void M(Scorer scorer, IDataView test)
    {
        scorer.Evaluate(test);
    }
}" + Types);

        // ---- robustness ----

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView test)
    {
        var metrics = ml.BinaryClassification.Evaluate(
        ml.Regression.Evaluate(undefined)
        _ = ml.Ranking.Evaluate(
    }
}");

        [Fact]
        public Task Without_MLNet_nothing_is_reported() => Verify.VerifyWithoutMLNetAsync(@"
class Catalog { public int Evaluate(object data) => 0; }

class C
{
    void M(Catalog catalog) { catalog.Evaluate(null); }
}");
    }
}
