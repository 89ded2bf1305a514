using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CodeFixVerifier<
    MLOps.Analyzers.Data.UnknownColumnAnalyzer,
    MLOps.Analyzers.CodeFixes.Data.UnknownColumnCodeFixProvider>;

namespace MLOps.Analyzers.Tests.Data
{
    public class MLO2007UseKnownColumnCodeFixTests
    {
        private const string Usings = @"
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip
{
    [LoadColumn(0)] public float PassengerCount { get; set; }
    [LoadColumn(1)] public float TripDistance { get; set; }
    [LoadColumn(2)] public float TripTime { get; set; }
    [LoadColumn(3)] public float Label { get; set; }
    [LoadColumn(4)] public float TripTimes { get; set; }
}";

        [Fact]
        public Task Replaces_a_misspelt_literal_with_the_close_column() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, hasHeader: true);
        var pipeline = ml.Transforms.Concatenate(""Features"", {|MLO2007:""passengerCount""|}, ""TripDistance"")
            .Append(ml.Regression.Trainers.FastTree());
        return pipeline.Fit(data);
    }
}" + Types, Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, hasHeader: true);
        var pipeline = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance"")
            .Append(ml.Regression.Trainers.FastTree());
        return pipeline.Fit(data);
    }
}" + Types);

        [Fact]
        public Task Fix_all_in_document() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, hasHeader: true);
        var pipeline = ml.Transforms.Concatenate(""Features"", {|MLO2007:""PasengerCount""|}, {|MLO2007:""TripDistanc""|})
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: {|MLO2007:""label""|}));
        return pipeline.Fit(data);
    }
}" + Types, Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, hasHeader: true);
        var pipeline = ml.Transforms.Concatenate(""Features"", ""PassengerCount"", ""TripDistance"")
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: ""Label""));
        return pipeline.Fit(data);
    }
}" + Types);

        [Fact]
        public Task No_fix_when_two_columns_are_as_close() => Verify.VerifyNoFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, hasHeader: true);
        var pipeline = ml.Transforms.Concatenate(""Features"", {|MLO2007:""TripTim""|})
            .Append(ml.Regression.Trainers.FastTree());
        return pipeline.Fit(data);
    }
}" + Types);

        [Fact]
        public Task No_fix_for_a_constant_that_is_not_a_literal() => Verify.VerifyNoFixAsync(Usings + @"
class C
{
    const string Distance = ""TripDistanse"";

    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, hasHeader: true);
        var pipeline = ml.Transforms.Concatenate(""Features"", {|MLO2007:Distance|})
            .Append(ml.Regression.Trainers.FastTree());
        return pipeline.Fit(data);
    }
}" + Types);
    }
}
