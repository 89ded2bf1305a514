using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Data.FittedBeforeSplitAnalyzer>;

namespace MLOps.Analyzers.Tests.Data
{
    /// <summary>MLO2008: unsupervised transforms that learn statistics of the rows, fitted before the split (Info). Same analyzer as MLO2004.</summary>
    public class MLO2008PreprocessingFittedBeforeSplitTests
    {
        private const string Usings = @"
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
";

        private const string Types = @"
public class House { [LoadColumn(0)] public float Size { get; set; } [LoadColumn(1)] public float Rooms { get; set; } [LoadColumn(2)] public float Price { get; set; } }";

        // ---- MLO2008: unsupervised transforms that learn statistics of the rows ----

        [Fact]
        public Task Normalizer_fitted_before_cross_validation_as_in_the_docs() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        IEstimator<ITransformer> dataPrepEstimator = ml.Transforms.Concatenate(""Features"", ""Size"", ""Rooms"")
            .Append({|MLO2008:ml.Transforms.NormalizeMinMax(""Features"")|});
        ITransformer dataPrepTransformer = dataPrepEstimator.Fit(data);
        IDataView transformedData = dataPrepTransformer.Transform(data);
        var cvResults = ml.Regression.CrossValidate(transformedData, ml.Regression.Trainers.Sdca(""Price""), numberOfFolds: 5, labelColumnName: ""Price"");
    }
}" + Types);

        [Fact]
        public Task Pca_text_dictionary_and_mean_imputation_fitted_before_the_split() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var prep = {|MLO2008:ml.Transforms.ReplaceMissingValues(""Size"", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean)|}
            .Append(ml.Transforms.Concatenate(""Features"", ""Size"", ""Rooms""))
            .Append({|MLO2008:ml.Transforms.ProjectToPrincipalComponents(""Pca"", ""Features"", rank: 1)|})
            .Append({|MLO2008:ml.Transforms.NormalizeMeanVariance(""Pca"")|});
        var model = prep.Fit(data);
        var split = ml.Data.TrainTestSplit(model.Transform(data));
    }
}" + Types);

        [Fact]
        public Task Shuffled_rows_of_the_fitted_data_are_the_same_rows() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var shuffled = ml.Data.ShuffleRows(data, seed: 1);
        var normalizer = ml.Transforms.Concatenate(""Features"", ""Size"").Append({|MLO2008:ml.Transforms.NormalizeMinMax(""Features"")|}).Fit(shuffled);
        var split = ml.Data.TrainTestSplit(ml.Data.TakeRows(normalizer.Transform(data), 1000));
    }
}" + Types);

        [Fact]
        public Task Reported_once_when_the_transformed_data_is_split_twice() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var transformed = {|MLO2008:ml.Transforms.NormalizeMinMax(""Size"")|}.Fit(data).Transform(data);
        var split = ml.Data.TrainTestSplit(transformed);
        var folds = ml.Data.CrossValidationSplit(transformed);
    }
}" + Types);

        [Fact]
        public Task Validation_split_of_training_rows_the_normalizer_was_fitted_on() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var normalizer = {|MLO2008:ml.Transforms.NormalizeMinMax(""Size"")|}.Fit(split.TrainSet);
        var train = normalizer.Transform(split.TrainSet);
        var validation = ml.Data.TrainTestSplit(train, testFraction: 0.1); // the validation rows were in the normalizer's statistics
    }
}" + Types);

        // ---- not flagged ----

        [Fact]
        public Task Stateless_and_dictionary_transforms_fitted_before_the_split_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var prep = ml.Transforms.Concatenate(""Features"", ""Size"", ""Rooms"")
            .Append(ml.Transforms.CopyColumns(""Label"", ""Price""))
            .Append(ml.Transforms.Conversion.ConvertType(""Rooms"", outputKind: DataKind.Double))
            .Append(ml.Transforms.NormalizeLpNorm(""Features""))
            .Append(ml.Transforms.ReplaceMissingValues(""Size""))
            .Append(ml.Transforms.Conversion.MapValueToKey(""Key"", ""Rooms""));
        var prepared = prep.Fit(data).Transform(data);
        var split = ml.Data.TrainTestSplit(prepared);
    }
}" + Types);

        [Fact]
        public Task Unsupervised_transforms_fitted_on_the_train_set_only_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var normalizer = ml.Transforms.NormalizeMinMax(""Size"").Fit(split.TrainSet);
        var train = normalizer.Transform(split.TrainSet);
        var test = normalizer.Transform(split.TestSet);
        var model = ml.Regression.Trainers.Sdca(""Size"").Fit(train);
    }
}" + Types);
    }
}
