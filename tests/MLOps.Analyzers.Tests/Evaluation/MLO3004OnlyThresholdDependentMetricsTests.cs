using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Evaluation.OnlyThresholdDependentMetricsAnalyzer>;

namespace MLOps.Analyzers.Tests.Evaluation
{
    public class MLO3004OnlyThresholdDependentMetricsTests
    {
        private const string Usings = @"
using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        // ---- flagged ----

        [Fact]
        public Task Only_accuracy_read() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine($""Accuracy: {{|#0:metrics.Accuracy|}:P2}"");
    }
}", Verify.Diagnostic("MLO3004").WithLocation(0).WithArguments("Accuracy"));

        [Fact]
        public Task Accuracy_and_F1_read() => Verify.VerifyAsync(Usings + @"
class C
{
    bool M(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine({|#0:metrics.Accuracy|});
        Console.WriteLine(metrics.F1Score);
        return metrics.Accuracy > 0.9;
    }
}", Verify.Diagnostic("MLO3004").WithLocation(0).WithArguments("Accuracy and F1Score"));

        [Fact]
        public Task Precision_recall_and_confusion_matrix_read() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(test));
        Console.WriteLine({|#0:metrics.PositivePrecision|});
        Console.WriteLine(metrics.PositiveRecall);
        Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());
    }
}", Verify.Diagnostic("MLO3004").WithLocation(0).WithArguments("PositivePrecision, PositiveRecall and ConfusionMatrix"));

        [Fact]
        public Task Cross_validation_folds_read_for_accuracy_only() => Verify.VerifyAsync(Usings + @"
class C
{
    double M(MLContext ml, IDataView data)
    {
        var folds = ml.BinaryClassification.CrossValidate(data, ml.BinaryClassification.Trainers.SdcaLogisticRegression());
        return folds.Average(fold => {|#0:fold.Metrics.Accuracy|});
    }
}", Verify.Diagnostic("MLO3004").WithLocation(0).WithArguments("Accuracy"));

        // ---- not flagged ----

        [Fact]
        public Task Area_under_the_ROC_curve_read_too_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine(metrics.Accuracy);
        Console.WriteLine(metrics.AreaUnderRocCurve);
    }
}");

        [Fact]
        public Task Area_under_the_precision_recall_curve_in_a_lambda_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var folds = ml.BinaryClassification.CrossValidateNonCalibrated(data, ml.BinaryClassification.Trainers.LinearSvm());
        Console.WriteLine(folds.Average(f => f.Metrics.F1Score));
        Console.WriteLine(folds.Average(f => f.Metrics.AreaUnderPrecisionRecallCurve));
    }
}");

        [Fact]
        public Task Log_loss_read_too_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine(metrics.Accuracy);
        Console.WriteLine(metrics.LogLoss);
    }
}");

        [Fact]
        public Task Metrics_passed_to_another_method_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine(metrics.Accuracy);
        Report(metrics);
    }

    static void Report(BinaryClassificationMetrics metrics) { }
}");

        [Fact]
        public Task Metrics_returned_or_stored_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private CalibratedBinaryClassificationMetrics _last;

    CalibratedBinaryClassificationMetrics Returned(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine(metrics.Accuracy);
        return metrics;
    }

    void Stored(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine(metrics.Accuracy);
        _last = metrics;
    }

    void Collected(MLContext ml, IDataView data)
    {
        var folds = ml.BinaryClassification.CrossValidate(data, ml.BinaryClassification.Trainers.FastTree());
        Console.WriteLine(folds.Average(f => f.Metrics.Accuracy));
        List<CalibratedBinaryClassificationMetrics> all = folds.Select(f => f.Metrics).ToList();
    }
}");

        [Fact]
        public Task Metrics_received_as_a_parameter_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    // The caller evaluates and may read the areas under the curves itself.
    static void Print(BinaryClassificationMetrics metrics) => Console.WriteLine(metrics.Accuracy);
}");

        [Fact]
        public Task Multiclass_accuracy_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView test)
    {
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Console.WriteLine(metrics.MacroAccuracy);
        Console.WriteLine(metrics.MicroAccuracy);
    }
}");

        // ---- robustness ----

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView test)
    {
        var metrics = ml.BinaryClassification.Evaluate(
        Console.WriteLine(metrics.Accuracy
        Console.WriteLine(metrics.
    }
}");

        [Fact]
        public Task Without_MLNet_nothing_is_reported() => Verify.VerifyWithoutMLNetAsync(@"
class BinaryClassificationMetrics { public double Accuracy { get; set; } }

class C
{
    double M(BinaryClassificationMetrics metrics) => metrics.Accuracy;
}");
    }
}
