using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Data.UnknownColumnAnalyzer>;

namespace MLOps.Analyzers.Tests.Data
{
    public class MLO2007UnknownColumnTests
    {
        private const string Usings = @"
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

public class Trip
{
    [LoadColumn(0)] public string VendorId { get; set; } = """";
    [LoadColumn(1)] public float PassengerCount { get; set; }
    [LoadColumn(2)] public float TripDistance { get; set; }
    [LoadColumn(3), ColumnName(""Label"")] public float FareAmount { get; set; }
    [NoColumn] public string Note { get; set; } = """";
}
";

        // ---- flagged ----

        [Fact]
        public Task Concatenate_input_that_is_not_in_the_data_class_with_a_suggestion() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',', hasHeader: true);
        var pipeline = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", {|#0:""TripDistanse""|})
            .Append(ml.Regression.Trainers.FastTree());
        return pipeline.Fit(data);
    }
}", Verify.Diagnostic("MLO2007").WithLocation(0).WithArguments("TripDistanse", "Trip", "; did you mean 'TripDistance'?"));

        [Fact]
        public Task Member_name_of_a_renamed_column_and_a_NoColumn_member() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IEnumerable<Trip> rows)
    {
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", {|#0:nameof(Trip.Note)|})
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: {|#1:nameof(Trip.FareAmount)|}));
        return pipeline.Fit(data);
    }
}",
            Verify.Diagnostic("MLO2007").WithLocation(0).WithArguments("Note", "Trip", ""),
            Verify.Diagnostic("MLO2007").WithLocation(1).WithArguments("FareAmount", "Trip", ""));

        [Fact]
        public Task Input_of_a_transform_and_of_a_column_pair() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var loader = ml.Data.CreateTextLoader<Trip>(separatorChar: ',', hasHeader: true);
        var data = loader.Load(path);
        var pipeline = ml.Transforms.Categorical.OneHotEncoding(""Vendor"", inputColumnName: {|#0:""vendorId""|})
            .Append(ml.Transforms.NormalizeMinMax(new[] { new InputOutputColumnPair(""Distance"", {|#1:""Distance""|}) }))
            .Append(ml.Transforms.Concatenate(""Features"", ""Vendor"", ""PassengerCount""))
            .Append(ml.Regression.Trainers.FastTree());
        return pipeline.Fit(data);
    }
}",
            Verify.Diagnostic("MLO2007").WithLocation(0).WithArguments("vendorId", "Trip", "; did you mean 'VendorId'?"),
            Verify.Diagnostic("MLO2007").WithLocation(1).WithArguments("Distance", "Trip", ""));

        [Fact]
        public Task Column_used_before_the_step_that_produces_it() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',', hasHeader: true);
        var pipeline = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", {|#0:""VendorKey""|})
            .Append(ml.Transforms.Conversion.MapValueToKey(""VendorKey"", ""VendorId""))
            .Append(ml.Regression.Trainers.FastTree());
        return pipeline.Fit(data);
    }
}", Verify.Diagnostic("MLO2007").WithLocation(0).WithArguments("VendorKey", "Trip", ""));

        [Fact]
        public Task Trainer_feature_column_that_no_step_produces() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',', hasHeader: true);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var pipeline = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance"")
            .Append(ml.Regression.Trainers.FastTree(featureColumnName: {|#0:""Feature""|}));
        return pipeline.Fit(split.TrainSet);
    }
}", Verify.Diagnostic("MLO2007").WithLocation(0).WithArguments("Feature", "Trip", "; did you mean 'Features'?"));

        // ---- not flagged ----

        [Fact]
        public Task Columns_of_the_data_class_and_of_earlier_steps() => Verify.VerifyAsync(Usings + @"
class C
{
    const string Distance = nameof(Trip.TripDistance);

    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',', hasHeader: true);
        var pipeline = ml.Transforms.Conversion.MapValueToKey(""VendorKey"", ""VendorId"")
            .Append(ml.Transforms.NormalizeMinMax(""PassengerCount""))
            .Append(ml.Transforms.CopyColumns(""Distance2"", Distance))
            .Append(ml.Transforms.Concatenate(""Features"", ""VendorKey"", ""PassengerCount"", ""Distance2""))
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Label"", featureColumnName: ""Features""));
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Columns_written_by_a_trainer_read_after_it() => Verify.VerifyAsync(Usings + @"
public class Review { [LoadColumn(0)] public string Text { get; set; } = """"; [LoadColumn(1)] public string Category { get; set; } = """"; }

class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Review>(path, hasHeader: true);
        var pipeline = ml.Transforms.Conversion.MapValueToKey(""Label"", ""Category"")
            .Append(ml.Transforms.Text.FeaturizeText(""Features"", ""Text""))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue(""PredictedCategory"", ""PredictedLabel""));
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Unknown_data_class_is_silent() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer FromParameter(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""Nope"").Append(ml.Regression.Trainers.FastTree()).Fit(data);

    ITransformer FromColumns(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile(path, new[] { new TextLoader.Column(""A"", DataKind.Single, 0) });
        return ml.Transforms.Concatenate(""Features"", ""Nope"").Append(ml.Regression.Trainers.FastTree()).Fit(data);
    }

    ITransformer Transformed(MLContext ml, ITransformer prep, string path)
    {
        var data = prep.Transform(ml.Data.LoadFromTextFile<Trip>(path));
        return ml.Transforms.Concatenate(""Features"", ""Nope"").Append(ml.Regression.Trainers.FastTree()).Fit(data);
    }
}");

        [Fact]
        public Task Unknown_chain_is_silent() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer AfterAnUnknownStep(MLContext ml, IEstimator<ITransformer> prep, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path);
        return prep.Append(ml.Transforms.Concatenate(""Features"", ""Made"")).Append(ml.Regression.Trainers.FastTree()).Fit(data);
    }

    ITransformer AfterACustomMapping(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path);
        return ml.Transforms.CustomMapping<Trip, Trip>((a, b) => { }, null)
            .Append(ml.Transforms.Concatenate(""Features"", ""Made""))
            .Append(ml.Regression.Trainers.FastTree()).Fit(data);
    }

    IEstimator<ITransformer> Returned(MLContext ml) => ml.Transforms.Concatenate(""Features"", ""Nope"");
}");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path);
        var a = ml.Transforms.Concatenate(""Features"", ).Append(ml.Regression.Trainers.FastTree(
        var b = ml.Transforms.Concatenate(""Features"", undefined).Append(ml.Regression.Trainers.FastTree()).Fit(data);
        var c = ml.Transforms.CopyColumns(new InputOutputColumnPair(, ""x"")).Fit(data);
        var d = ml.Data.LoadFromTextFile<Missing>(path);
        ml.Transforms.Concatenate(""Features"", ""X"").Fit(d);
    }
}");

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class Transforms { public Transforms Concatenate(string output, params string[] inputs) => this; }
class C { void M() { new Transforms().Concatenate(""Features"", ""Nope""); } }");
    }
}
