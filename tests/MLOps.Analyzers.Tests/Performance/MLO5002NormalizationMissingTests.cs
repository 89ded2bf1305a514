using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Performance.NormalizationMissingAnalyzer>;

namespace MLOps.Analyzers.Tests.Performance
{
    public class MLO5002NormalizationMissingTests
    {
        private const string Usings = @"
using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

public class Trip
{
    [LoadColumn(0)] public string VendorId { get; set; } = """";
    [LoadColumn(1)] public float PassengerCount { get; set; }
    [LoadColumn(2)] public float TripDistance { get; set; }
    [LoadColumn(3)] public string Comment { get; set; } = """";
    [LoadColumn(4)] public float FareAmount { get; set; }
    [LoadColumn(5)] public bool Tipped { get; set; }
}
";

        // ---- flagged ----

        [Fact]
        public Task Sdca_on_raw_numeric_columns() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',', hasHeader: true);
        var pipeline = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance"")
            .Append({|MLO5002:ml.Regression.Trainers.Sdca(labelColumnName: ""FareAmount"")|});
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Column_lists_held_in_a_readonly_field_or_a_local() => Verify.VerifyAsync(Usings + @"
class C
{
    private static readonly string[] Features = { nameof(Trip.PassengerCount), nameof(Trip.TripDistance) };

    ITransformer FromField(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',', hasHeader: true);
        var pipeline = ml.Transforms.Concatenate(""Features"", Features)
            .Append({|MLO5002:ml.Regression.Trainers.Sdca(labelColumnName: ""FareAmount"")|});
        return pipeline.Fit(data);
    }

    ITransformer FromLocal(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',', hasHeader: true);
        var columns = new[] { ""PassengerCount"", ""TripDistance"" };
        var pipeline = ml.Transforms.Concatenate(""Features"", columns)
            .Append({|MLO5002:ml.Regression.Trainers.Sdca(labelColumnName: ""FareAmount"")|});
        return pipeline.Fit(data);
    }

    ITransformer FromReassignedLocal(MLContext ml, string path, bool withComment)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',', hasHeader: true);
        var columns = new[] { ""PassengerCount"", ""TripDistance"" };
        if (withComment) columns = new[] { ""Comment"" };
        var pipeline = ml.Transforms.Concatenate(""Features"", columns)
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: ""FareAmount""));
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Message_names_the_trainer() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""PassengerCount"").Append(ml.Regression.Trainers.OnlineGradientDescent(""FareAmount"")).Fit(data);
}",
            Verify.Diagnostic("MLO5002").WithSpan(21, 72, 21, 130).WithArguments("OnlineGradientDescent"));

        [Fact]
        public Task Every_family_the_documentation_lists() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var features = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance"");
        features.Append({|MLO5002:ml.BinaryClassification.Trainers.SdcaLogisticRegression(""Tipped"")|}).Fit(data);
        features.Append({|MLO5002:ml.BinaryClassification.Trainers.SdcaNonCalibrated(""Tipped"")|}).Fit(data);
        features.Append({|MLO5002:ml.BinaryClassification.Trainers.LbfgsLogisticRegression(""Tipped"")|}).Fit(data);
        features.Append({|MLO5002:ml.BinaryClassification.Trainers.AveragedPerceptron(""Tipped"")|}).Fit(data);
        features.Append({|MLO5002:ml.BinaryClassification.Trainers.LinearSvm(""Tipped"")|}).Fit(data);
        features.Append({|MLO5002:ml.BinaryClassification.Trainers.LdSvm(""Tipped"")|}).Fit(data);
        features.Append({|MLO5002:ml.BinaryClassification.Trainers.SgdCalibrated(""Tipped"")|}).Fit(data);
        features.Append({|MLO5002:ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(""VendorId"")|}).Fit(data);
        features.Append({|MLO5002:ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(""VendorId"")|}).Fit(data);
        features.Append({|MLO5002:ml.Regression.Trainers.LbfgsPoissonRegression(""FareAmount"")|}).Fit(data);
        features.Append({|MLO5002:ml.Regression.Trainers.OnlineGradientDescent(""FareAmount"")|}).Fit(data);
        features.Append({|MLO5002:ml.Clustering.Trainers.KMeans(numberOfClusters: 3)|}).Fit(data);
        features.Append({|MLO5002:ml.AnomalyDetection.Trainers.RandomizedPca(rank: 2)|}).Fit(data);
    }
}");

        [Fact]
        public Task Trainer_fitted_directly_on_data_loaded_from_a_file() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',', hasHeader: true);
        var shuffled = ml.Data.ShuffleRows(ml.Data.Cache(data), seed: 1);
        return {|MLO5002:ml.Clustering.Trainers.KMeans(""TripDistance"")|}.Fit(shuffled);
    }
}");

        [Fact]
        public Task One_hot_columns_next_to_raw_numeric_columns() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Categorical.OneHotEncoding(""VendorEncoded"", ""VendorId"")
            .Append(ml.Transforms.ReplaceMissingValues(""Distance"", ""TripDistance""))
            .Append(ml.Transforms.Concatenate(""Features"", ""VendorEncoded"", ""Distance"", ""PassengerCount""))
            .Append({|MLO5002:ml.Regression.Trainers.Sdca(""FareAmount"")|});
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Reassigned_local_helper_and_trainer_local() => Verify.VerifyAsync(Usings + @"
public static class ModelBuilder
{
    public static ITransformer Reassigned(MLContext ml, IDataView data)
    {
        IEstimator<ITransformer> pipeline = ml.Transforms.Conversion.ConvertType(""Passengers"", ""PassengerCount"", DataKind.Single);
        pipeline = pipeline.Append(ml.Transforms.Concatenate(""Features"", ""Passengers"", ""TripDistance""));
        pipeline = pipeline.Append({|MLO5002:ml.Regression.Trainers.Sdca(""FareAmount"")|});
        return pipeline.Fit(data);
    }

    public static ITransformer WithTrainerLocal(MLContext ml, IDataView data)
    {
        var dataProcessPipeline = BuildDataProcessing(ml);
        var trainer = {|MLO5002:ml.Regression.Trainers.OnlineGradientDescent(""FareAmount"")|};
        var trainingPipeline = dataProcessPipeline.Append(trainer);
        return trainingPipeline.Fit(data);
    }

    private static IEstimator<ITransformer> BuildDataProcessing(MLContext ml) =>
        ml.Transforms.CopyColumns(""Distance"", ""TripDistance"").Append(ml.Transforms.Concatenate(""Features"", ""Distance""));
}");

        /// <summary>The BikeSharingDemand shape: trainers in an array of (name, trainer) tuples, each appended to the same chain in a foreach.</summary>
        [Fact]
        public Task Trainers_of_an_array_fitted_in_a_foreach() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',', hasHeader: true);
        var prep = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance"");
        (string name, IEstimator<ITransformer> value)[] learners =
        {
            (""Sdca"", {|MLO5002:ml.Regression.Trainers.Sdca(labelColumnName: ""FareAmount"")|}),
            (""FastTree"", ml.Regression.Trainers.FastTree(labelColumnName: ""FareAmount"")),
        };
        foreach (var learner in learners)
        {
            var model = prep.Append(learner.value).Fit(data);
            Console.WriteLine(learner.name + model);
        }
    }
}");

        [Fact]
        public Task Binary_trainer_wrapped_in_OneVersusAll() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Conversion.MapValueToKey(""Label"", ""VendorId"")
            .Append(ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance""))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.OneVersusAll({|MLO5002:ml.BinaryClassification.Trainers.AveragedPerceptron()|}));
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Options_object_naming_the_feature_column() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Concatenate(""RawFeatures"", ""PassengerCount"", ""TripDistance"")
            .Append({|MLO5002:ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { LabelColumnName = ""FareAmount"", FeatureColumnName = ""RawFeatures"" })|});
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Top_level_statements()
        {
            var test = Verify.CreateTest(@"
using Microsoft.ML;

var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromTextFile(""trips.csv"", new[] { new Microsoft.ML.Data.TextLoader.Column(""Distance"", Microsoft.ML.Data.DataKind.Single, 0) });
var pipeline = ml.Transforms.Concatenate(""Features"", ""Distance"");
var model = pipeline.Append({|MLO5002:ml.Regression.Trainers.Sdca(""FareAmount"")|}).Fit(data);
");
            test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        // ---- not flagged ----

        [Fact]
        public Task Chains_with_a_normalizer() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var features = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance"");
        features.Append(ml.Transforms.NormalizeMinMax(""Features"")).Append(ml.Regression.Trainers.Sdca(""FareAmount"")).Fit(data);
        features.Append(ml.Transforms.NormalizeMeanVariance(""Features"")).Append(ml.Regression.Trainers.Sdca(""FareAmount"")).Fit(data);
        features.Append(ml.Transforms.NormalizeLogMeanVariance(""Features"")).Append(ml.Regression.Trainers.Sdca(""FareAmount"")).Fit(data);
        features.Append(ml.Transforms.NormalizeBinning(""Features"")).Append(ml.Regression.Trainers.Sdca(""FareAmount"")).Fit(data);
        features.Append(ml.Transforms.NormalizeRobustScaling(""Features"")).Append(ml.Regression.Trainers.Sdca(""FareAmount"")).Fit(data);
        features.Append(ml.Transforms.NormalizeSupervisedBinning(""Features"", labelColumnName: ""FareAmount"")).Append(ml.Regression.Trainers.Sdca(""FareAmount"")).Fit(data);
        features.Append(ml.Transforms.NormalizeLpNorm(""Features"")).Append(ml.Regression.Trainers.Sdca(""FareAmount"")).Fit(data);

        // A normalizer on an input column, before the concatenation.
        ml.Transforms.NormalizeMinMax(""TripDistance"")
            .Append(ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance""))
            .Append(ml.Clustering.Trainers.KMeans())
            .Fit(data);
    }
}");

        [Fact]
        public Task Trainers_that_do_not_need_normalization() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var features = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance"");
        features.Append(ml.Regression.Trainers.FastTree(""FareAmount"")).Fit(data);
        features.Append(ml.Regression.Trainers.FastForest(""FareAmount"")).Fit(data);
        features.Append(ml.Regression.Trainers.LightGbm(""FareAmount"")).Fit(data);
        features.Append(ml.BinaryClassification.Trainers.Gam(""Tipped"")).Fit(data);
        // Naive Bayes only looks at whether a value is above zero; FFM normalizes its own input.
        features.Append(ml.MulticlassClassification.Trainers.NaiveBayes(""VendorId"")).Fit(data);
        features.Append(ml.BinaryClassification.Trainers.FieldAwareFactorizationMachine(""Features"", ""Tipped"")).Fit(data);
    }
}");

        [Fact]
        public Task Features_that_are_already_on_a_bounded_scale() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        // Text featurization normalizes each row (L2 by default).
        ml.Transforms.Text.FeaturizeText(""Features"", ""Comment"")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(""Tipped""))
            .Fit(data);

        // One-hot vectors and text features only.
        ml.Transforms.Categorical.OneHotEncoding(""Vendor"", ""VendorId"")
            .Append(ml.Transforms.Text.FeaturizeText(""CommentFeatures"", ""Comment""))
            .Append(ml.Transforms.Concatenate(""Features"", ""Vendor"", ""CommentFeatures""))
            .Append(ml.BinaryClassification.Trainers.AveragedPerceptron(""Tipped""))
            .Fit(data);

        ml.Transforms.Categorical.OneHotHashEncoding(new[] { new InputOutputColumnPair(""Features"", ""VendorId"") })
            .Append(ml.Regression.Trainers.Sdca(""FareAmount""))
            .Fit(data);
    }
}");

        [Fact]
        public Task Features_from_a_step_the_rule_cannot_judge() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data, string featureColumn)
    {
        // Bag output kind gives counts: not judged.
        ml.Transforms.Categorical.OneHotEncoding(""Features"", ""VendorId"", OneHotEncodingEstimator.OutputKind.Bag)
            .Append(ml.Regression.Trainers.Sdca(""FareAmount""))
            .Fit(data);

        // Column names that are not constants.
        ml.Transforms.Concatenate(featureColumn, ""PassengerCount"")
            .Append(ml.Regression.Trainers.Sdca(""FareAmount"", featureColumn))
            .Fit(data);

        // A transform the rule does not know the scale of.
        ml.Transforms.Concatenate(""Raw"", ""PassengerCount"", ""TripDistance"")
            .Append(ml.Transforms.ApproximatedKernelMap(""Features"", ""Raw""))
            .Append(ml.Regression.Trainers.Sdca(""FareAmount""))
            .Fit(data);
    }
}");

        [Fact]
        public Task Data_prepared_by_a_pipeline_fitted_before() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var preparation = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance"")
            .Append(ml.Transforms.NormalizeMinMax(""Features""));
        var prepared = preparation.Fit(data).Transform(data);
        var trainer = ml.Regression.Trainers.Sdca(""FareAmount"");
        return trainer.Fit(prepared);
    }
}");

        [Fact]
        public Task Feature_vector_taken_as_it_is_from_data_the_method_does_not_load() => Verify.VerifyAsync(Usings + @"
class C
{
    // The caller may have normalized the Features column: only the data is given here.
    ITransformer TrainOnFeatures(MLContext ml, IDataView features) => ml.Clustering.Trainers.KMeans().Fit(features);

    ITransformer TrainWithLabelMapping(MLContext ml, IDataView features) =>
        ml.Transforms.Conversion.MapValueToKey(""Label"")
            .Append(ml.Transforms.CopyColumns(""Features"", ""Prepared""))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Fit(features);
}");

        [Fact]
        public Task Chains_the_rule_cannot_see_whole() => Verify.VerifyAsync(Usings + @"
public class C
{
    public void FromParameter(MLContext ml, IEstimator<ITransformer> prep, IDataView data) =>
        prep.Append(ml.Regression.Trainers.Sdca(""FareAmount"")).Fit(data);

    public void InALoop(MLContext ml, IDataView data, string[] columns)
    {
        IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate(""Features"", ""PassengerCount"");
        for (var i = 0; i < columns.Length; i++)
        {
            pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax(columns[i]));
        }

        pipeline.Append(ml.Regression.Trainers.Sdca(""FareAmount"")).Fit(data);
    }

    public void OptionsFromElsewhere(MLContext ml, IDataView data, SdcaRegressionTrainer.Options options) =>
        ml.Transforms.Concatenate(""Features"", ""PassengerCount"").Append(ml.Regression.Trainers.Sdca(options)).Fit(data);

    public IEstimator<ITransformer> CreateTrainer(MLContext ml) => ml.Regression.Trainers.Sdca(""FareAmount"");

    // Which trainers the loop fits is not known once the list is written after its initializer.
    public void ListWrittenAfterItsInitializer(MLContext ml, IDataView data)
    {
        var trainers = new System.Collections.Generic.List<IEstimator<ITransformer>> { ml.Regression.Trainers.Sdca(""FareAmount"") };
        trainers.Clear();
        foreach (var trainer in trainers)
        {
            ml.Transforms.Concatenate(""Features"", ""PassengerCount"").Append(trainer).Fit(data);
        }
    }

    public void CustomMapped(MLContext ml, IDataView data) =>
        ml.Transforms.CustomMapping<Trip, Scaled>((input, output) => output.Features = new[] { input.TripDistance / 100f }, contractName: null)
            .Append(ml.Regression.Trainers.Sdca(""FareAmount""))
            .Fit(data);

    public class Scaled
    {
        [VectorType(1)] public float[] Features { get; set; } = Array.Empty<float>();
    }
}");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var a = ml.Transforms.Concatenate(""Features"", ).Append(ml.Regression.Trainers.Sdca(
        var b = undefined.Append(ml.Regression.Trainers.Sdca(""FareAmount""));
        var c = ml.Transforms.Concatenate(""Features"", ""TripDistance"").Append({|MLO5002:ml.Regression.Trainers.Sdca(""FareAmount"")|});
        c.Fit(
        var d = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { FeatureColumnName = });
        var e = ml.Regression.Trainers.Sdca(featureColumnName: unknown);
    }
}");

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class SdcaRegressionTrainer { public SdcaRegressionTrainer Append(SdcaRegressionTrainer other) => this; }
class C { void M() { new SdcaRegressionTrainer().Append(new SdcaRegressionTrainer()); } }");
    }
}
