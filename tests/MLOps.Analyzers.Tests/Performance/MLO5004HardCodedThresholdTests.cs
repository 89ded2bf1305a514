using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Performance.HardCodedThresholdAnalyzer>;

namespace MLOps.Analyzers.Tests.Performance
{
    public class MLO5004HardCodedThresholdTests
    {
        private const string Usings = @"
using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
";

        /// <summary>The output class of a calibrated binary classifier, as the ML.NET samples write it.</summary>
        private const string Types = @"
public class Transaction { public float Amount { get; set; } public bool Label { get; set; } }
public class FraudPrediction
{
    [ColumnName(""PredictedLabel"")] public bool IsFraud { get; set; }
    public float Probability { get; set; }
    public float Score { get; set; }
    public float Amount { get; set; }
}";

        private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Threshold(int markup, string value) =>
            Verify.Diagnostic("MLO5004").WithLocation(markup).WithArguments(value);

        // ---- flagged ----

        [Fact]
        public Task ChangeModelThreshold_with_a_literal_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer M(MLContext ml, IDataView data)
    {
        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression().Fit(data);
        return ml.BinaryClassification.ChangeModelThreshold(model, {|#0:0.7f|});
    }
}" + Types, Threshold(0, "0.7f"));

        [Fact]
        public Task ChangeModelThreshold_with_a_named_constant_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    // Still hard-coded: a rebuild is needed to move it, and nothing ties it to the evaluation.
    private const float FraudCutOff = 2.5f;

    ITransformer M(MLContext ml, BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> model) =>
        ml.BinaryClassification.ChangeModelThreshold(model, threshold: {|#0:FraudCutOff|});
}" + Types, Threshold(0, "FraudCutOff"));

        [Fact]
        public Task Anomaly_detection_ChangeModelThreshold_with_a_literal_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer M(MLContext ml, IDataView data)
    {
        var model = ml.AnomalyDetection.Trainers.RandomizedPca(""Features"", rank: 2).Fit(data);
        return ml.AnomalyDetection.ChangeModelThreshold(model, {|#0:0.3f|});
    }
}" + Types, Threshold(0, "0.3f"));

        [Fact]
        public Task Probability_compared_with_a_literal_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    bool IsFraud(PredictionEngine<Transaction, FraudPrediction> engine, Transaction t)
    {
        var prediction = engine.Predict(t);
        return prediction.Probability > {|#0:0.8f|};
    }
}" + Types, Threshold(0, "0.8f"));

        [Fact]
        public Task Score_compared_with_a_literal_on_either_side_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    int Count(MLContext ml, IDataView scored) =>
        ml.Data.CreateEnumerable<FraudPrediction>(scored, reuseRowObject: false).Count(p => {|#0:1.5|} <= p.Score);
}" + Types, Threshold(0, "1.5"));

        [Fact]
        public Task Member_bound_with_ColumnName_is_flagged() => Verify.VerifyAsync(Usings + @"
public class ChurnPrediction
{
    [ColumnName(""PredictedLabel"")] public bool WillChurn;
    [ColumnName(""Probability"")] public float Confidence;
}
class C
{
    string Label(ChurnPrediction p) => p.Confidence >= {|#0:0.65f|} ? ""churn"" : ""stay"";
}" + Types, Threshold(0, "0.65f"));

        [Fact]
        public Task Relational_patterns_are_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    string Band(FraudPrediction p) => p.Probability switch
    {
        > {|#0:0.9f|} => ""block"",
        > 0.5f => ""review"",
        _ => ""allow"",
    };

    bool High(FraudPrediction p) => p.Probability is > {|#1:0.95f|} and <= 1f || p is { Score: >= {|#2:3f|} };
}" + Types, Threshold(0, "0.9f"), Threshold(1, "0.95f"), Threshold(2, "3f"));

        // ---- not flagged ----

        [Fact]
        public Task ML_NET_default_cut_offs_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    // Probability > 0.5 and Score > 0 restate what PredictedLabel already says.
    bool A(FraudPrediction p) => p.Probability > 0.5f;
    bool B(FraudPrediction p) => p.Score > 0;
    bool D(FraudPrediction p) => p.Score >= 0f && p.Probability <= .5;
}" + Types);

        [Fact]
        public Task Threshold_from_configuration_or_a_parameter_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private static readonly float Configured = float.Parse(Environment.GetEnvironmentVariable(""FRAUD_THRESHOLD"") ?? ""0.8"");

    ITransformer M(MLContext ml, BinaryPredictionTransformer<LinearBinaryModelParameters> model, float threshold) =>
        ml.BinaryClassification.ChangeModelThreshold(model, threshold);

    bool IsFraud(FraudPrediction p, float threshold) => p.Probability > threshold || p.Probability > Configured;
}" + Types);

        [Fact]
        public Task Comparisons_of_other_members_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    bool Large(FraudPrediction p) => p.Amount > 1000f;
    bool Same(FraudPrediction p) => p.Probability == 0.8f;
}" + Types);

        [Fact]
        public Task Regression_Score_is_the_prediction_and_is_not_flagged() => Verify.VerifyAsync(Usings + @"
public class FarePrediction { [ColumnName(""Score"")] public float FareAmount; }
public class PricePrediction { public float Score { get; set; } }
class C
{
    bool Expensive(FarePrediction p) => p.FareAmount > 40f;
    bool Premium(PricePrediction p) => p.Score > 250_000f;
}" + Types);

        [Fact]
        public Task Probability_of_a_class_that_is_not_a_prediction_is_not_flagged() => Verify.VerifyAsync(Usings + @"
public class Forecast { public double Probability { get; set; } public string City { get; set; } = """"; }
public class MulticlassPrediction { public uint PredictedLabel { get; set; } public float[] Score { get; set; } = Array.Empty<float>(); }
class C
{
    bool Rain(Forecast f) => f.Probability > 0.7;
    bool Sure(MulticlassPrediction p) => p.Score.Max() > 0.9f;
}" + Types);

        [Fact]
        public Task Hand_written_class_with_a_multiclass_label_is_not_flagged() => Verify.VerifyAsync(Usings + @"
// The shape of GitHubLabeler's FullPrediction: a class label string and one score picked from the multiclass Score vector.
public class FullPrediction { public string PredictedLabel { get; set; } = """"; public float Score { get; set; } public int OriginalSchemaIndex { get; set; } }
class C
{
    bool Confident(FullPrediction p) => p.Score >= 0.3;
}" + Types);

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class Prediction { public bool PredictedLabel { get; set; } public float Probability { get; set; } }
class C { bool M(Prediction p) => p.Probability > 0.8f; }");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    bool A(FraudPrediction p) => p.Probability > ;
    bool B(FraudPrediction p) => p.Probability is > ;
    ITransformer D(MLContext ml, ITransformer model) => ml.BinaryClassification.ChangeModelThreshold(model, );
    bool E(FraudPrediction p) => p.Missing > 0.8f;
    bool F(Unknown p) => p.Probability > 0.8f;
}" + Types);
    }
}
