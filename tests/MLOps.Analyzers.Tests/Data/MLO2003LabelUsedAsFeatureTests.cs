using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Data.LabelUsedAsFeatureAnalyzer>;

namespace MLOps.Analyzers.Tests.Data
{
    public class MLO2003LabelUsedAsFeatureTests
    {
        private const string Usings = @"
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

public class Trip
{
    [LoadColumn(0)] public float PassengerCount { get; set; }
    [LoadColumn(1)] public float TripDistance { get; set; }
    [LoadColumn(2)] public float FareAmount { get; set; }
}
";

        // ---- flagged ----

        [Fact]
        public Task Default_label_in_the_default_feature_column() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.CopyColumns(""Label"", ""FareAmount"")
            .Append(ml.Transforms.Concatenate(""Features"", ""PassengerCount"", {|#0:""Label""|}))
            .Append(ml.Regression.Trainers.FastTree());
        return pipeline.Fit(data);
    }
}", Verify.Diagnostic("MLO2003").WithLocation(0).WithArguments("Label"));

        [Fact]
        public Task Label_argument_in_an_inline_array_of_the_trainers_feature_column() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var features = ml.Transforms.Concatenate(""Inputs"", new[] { ""PassengerCount"", {|#0:nameof(Trip.FareAmount)|} });
        var pipeline = features.Append(ml.Regression.Trainers.FastTree(labelColumnName: ""FareAmount"", featureColumnName: ""Inputs""));
        return pipeline.Fit(data);
    }
}", Verify.Diagnostic("MLO2003").WithLocation(0).WithArguments("FareAmount"));

        [Fact]
        public Task Copy_of_the_label_and_label_set_in_the_options() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.CopyColumns(""Label"", ""FareAmount"")
            .Append(ml.Transforms.Concatenate(""Features"", ""PassengerCount"", {|#0:""FareAmount""|}))
            .Append(ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 }));
        return pipeline.Fit(data);
    }
}", Verify.Diagnostic("MLO2003").WithLocation(0).WithArguments("Label"));

        [Fact]
        public Task Shared_concatenate_is_reported_once() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var features = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", {|#0:""FareAmount""|});
        features.Append(ml.Regression.Trainers.FastTree(labelColumnName: ""FareAmount"")).Fit(data);
        features.Append(ml.Regression.Trainers.FastForest(labelColumnName: ""FareAmount"")).Fit(data);
    }
}", Verify.Diagnostic("MLO2003").WithLocation(0).WithArguments("FareAmount"));

        // ---- not flagged ----

        [Fact]
        public Task Copies_overwritten_before_the_concatenation_are_not_the_label() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer CopyOverwritten(MLContext ml, IDataView data)
    {
        // B first copies the label, then is overwritten with A: at the concatenation it holds A's values.
        var pipeline = ml.Transforms.CopyColumns(""B"", ""Label"")
            .Append(ml.Transforms.CopyColumns(""B"", ""PassengerCount""))
            .Append(ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""B""))
            .Append(ml.Regression.Trainers.FastTree());
        return pipeline.Fit(data);
    }

    ITransformer LabelReplaced(MLContext ml, IDataView data)
    {
        // B keeps the old label; the label column itself is replaced by FareAmount, which is then the label.
        var pipeline = ml.Transforms.CopyColumns(""B"", ""Label"")
            .Append(ml.Transforms.CopyColumns(""Label"", ""FareAmount""))
            .Append(ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""B"", {|MLO2003:""FareAmount""|}))
            .Append(ml.Regression.Trainers.FastTree());
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Label_concatenated_into_a_column_the_trainer_does_not_use() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Concatenate(""Report"", ""PassengerCount"", ""FareAmount"")
            .Append(ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance""))
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""FareAmount""));
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Features_rebuilt_or_label_replaced_after_the_concatenate() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Rebuilt(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""FareAmount"")
            .Append(ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance""))
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""FareAmount"")).Fit(data);

    ITransformer Replaced(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""Label"")
            .Append(ml.Transforms.CopyColumns(""Label"", ""FareAmount""))
            .Append(ml.Regression.Trainers.FastTree()).Fit(data);
}");

        [Fact]
        public Task Unknown_chain_is_silent() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer AfterUnknownStep(MLContext ml, IEstimator<ITransformer> more, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""Label"")
            .Append(more)
            .Append(ml.Regression.Trainers.FastTree()).Fit(data);

    ITransformer FromParameter(MLContext ml, IEstimator<ITransformer> features, IDataView data) =>
        features.Append(ml.Regression.Trainers.FastTree()).Fit(data);

    ITransformer LabelFromVariable(MLContext ml, IDataView data, string label) =>
        ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""Label"")
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: label)).Fit(data);

    ITransformer Clustering(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""Label"")
            .Append(ml.Clustering.Trainers.KMeans()).Fit(data);
}");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var a = ml.Transforms.Concatenate(""Features"", ).Append(ml.Regression.Trainers.FastTree(
        var b = ml.Transforms.Concatenate(""Features"", undefined, ""Label"").Append(ml.Regression.Trainers.FastTree(labelColumnName: )).Fit(data);
        var c = ml.Transforms.Concatenate(, ""Label"").Append(ml.Regression.Trainers.FastTree()).Fit(data);
    }
}");

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class Transforms { public Transforms Concatenate(string output, params string[] inputs) => this; }
class C { void M() { new Transforms().Concatenate(""Features"", ""Label""); } }");
    }
}
