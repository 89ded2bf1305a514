using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Data.FittedBeforeSplitAnalyzer>;

namespace MLOps.Analyzers.Tests.Data
{
    /// <summary>MLO2004: label-aware transforms fitted before the split (Warning). MLO2008 shares the analyzer: see MLO2008PreprocessingFittedBeforeSplitTests.</summary>
    public class MLO2004LabelAwareTransformFittedBeforeSplitTests
    {
        private const string Usings = @"
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
";

        private const string Types = @"
public class House { [LoadColumn(0)] public float Size { get; set; } [LoadColumn(1)] public float Rooms { get; set; } [LoadColumn(2)] public float Price { get; set; } }";

        // ---- MLO2004: label-aware transforms ----

        [Fact]
        public Task Supervised_binning_fitted_on_all_rows_then_split() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, string path)
    {
        IDataView data = ml.Data.LoadFromTextFile<House>(path, separatorChar: ',', hasHeader: true);
        var binning = {|MLO2004:ml.Transforms.NormalizeSupervisedBinning(""Size"", labelColumnName: ""Price"")|};
        ITransformer binner = binning.Fit(data);
        IDataView binned = binner.Transform(data);
        var split = ml.Data.TrainTestSplit(binned, testFraction: 0.2);
    }
}" + Types);

        [Fact]
        public Task Mutual_information_selection_in_a_fluent_fit_transform_then_cross_validate() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var prep = ml.Transforms.Concatenate(""Features"", ""Size"", ""Rooms"")
            .Append({|MLO2004:ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation(""Features"", labelColumnName: ""Price"", slotsInOutput: 1)|});
        var prepared = prep.Fit(data).Transform(data);
        var results = ml.Regression.CrossValidate(prepared, ml.Regression.Trainers.Sdca(""Price""), numberOfFolds: 5, labelColumnName: ""Price"");
    }
}" + Types);

        [Fact]
        public Task Label_aware_transform_before_a_cross_validation_split_through_a_helper_pipeline() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var prepModel = BuildPreparation(ml).Fit(data);
        var folds = ml.Data.CrossValidationSplit(ml.Data.Cache(prepModel.Transform(data)), numberOfFolds: 5);
    }

    private static IEstimator<ITransformer> BuildPreparation(MLContext ml) =>
        ml.Transforms.Concatenate(""Features"", ""Size"", ""Rooms"")
            .Append({|MLO2004:ml.Transforms.NormalizeSupervisedBinning(""Features"", labelColumnName: ""Price"")|});
}" + Types);

        // ---- not flagged ----

        [Fact]
        public Task Transforms_in_the_training_pipeline_fitted_on_the_train_set_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var pipeline = ml.Transforms.Concatenate(""Features"", ""Size"", ""Rooms"")
            .Append(ml.Transforms.NormalizeSupervisedBinning(""Features"", labelColumnName: ""Price""))
            .Append(ml.Transforms.NormalizeMinMax(""Features""))
            .Append(ml.Regression.Trainers.Sdca(""Price""));
        var model = pipeline.Fit(split.TrainSet);
        var cv = ml.Regression.CrossValidate(data, pipeline, labelColumnName: ""Price"");
    }
}" + Types);

        [Fact]
        public Task Transformer_fitted_on_other_data_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView reference, IDataView data)
    {
        var normalizer = ml.Transforms.NormalizeMinMax(""Size"").Fit(reference);
        var split = ml.Data.TrainTestSplit(normalizer.Transform(data));
    }
}" + Types);

        [Fact]
        public Task Transformer_fitted_on_a_subset_of_the_rows_it_transforms_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var normalizer = ml.Transforms.NormalizeMinMax(""Size"").Fit(ml.Data.TakeRows(data, 100));
        var split = ml.Data.TrainTestSplit(normalizer.Transform(data));
    }
}" + Types);

        [Fact]
        public Task Unknown_flows_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private ITransformer _model = null!;

    void M(MLContext ml, IDataView data, ITransformer loaded, bool again)
    {
        var split1 = ml.Data.TrainTestSplit(loaded.Transform(data));   // fitted elsewhere
        var split2 = ml.Data.TrainTestSplit(_model.Transform(data));   // a mutable field

        var transformed = data;
        if (again)
        {
            transformed = ml.Transforms.NormalizeMinMax(""Size"").Fit(data).Transform(data);
        }

        var split3 = ml.Data.TrainTestSplit(transformed);              // one branch only: unknown
    }
}" + Types);

        // ---- robustness ----

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var t = ml.Transforms.NormalizeMinMax(""Size"").Fit();
        var split = ml.Data.TrainTestSplit(t.Transform(;
        var other = ml.Data.TrainTestSplit(ml.Transforms.NormalizeSupervisedBinning(""Size"").Fit(data).Transform(data)
        var cv = ml.Regression.CrossValidate(
    }
}" + Types);

        [Fact]
        public Task Without_MLNet_nothing_is_reported() => Verify.VerifyWithoutMLNetAsync(@"
class Data { public object TrainTestSplit(object d) => d; }
class Normalizer { public Normalizer Fit(object d) => this; public object Transform(object d) => d; }
class C
{
    void M(Data data, Normalizer n, object rows) => data.TrainTestSplit(n.Fit(rows).Transform(rows));
}");
    }
}
