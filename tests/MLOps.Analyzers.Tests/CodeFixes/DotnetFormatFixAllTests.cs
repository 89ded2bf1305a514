using System.Threading.Tasks;
using MLOps.Analyzers.CodeFixes.Data;
using MLOps.Analyzers.CodeFixes.Evaluation;
using MLOps.Analyzers.Data;
using MLOps.Analyzers.Evaluation;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;

namespace MLOps.Analyzers.Tests.CodeFixes
{
    /// <summary>
    /// <c>dotnet format analyzers --diagnostics ID</c> asks the first diagnostic of the ID for its fix's equivalence key; when
    /// that diagnostic has no fix, the key is null. Every fix of the other diagnostics must still be applied.
    /// </summary>
    public class DotnetFormatFixAllTests
    {
        private const string Usings = @"using Microsoft.ML;
using Microsoft.ML.Data;
";

        [Fact]
        public async Task MLO3002_fixes_the_later_diagnostics_when_the_first_has_no_fix()
        {
            var source = Usings + @"
class C
{
    void First(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var model = pipeline.Fit(data);
        ml.Regression.Evaluate(model.Transform(data), ""Fare"");
    }

    void Second(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var model = pipeline.Fit(split.TrainSet);
        ml.Regression.Evaluate(model.Transform(split.TrainSet), ""Fare"");
    }

    void Third(MLContext ml, DataOperationsCatalog.TrainTestData parts, IEstimator<ITransformer> pipeline)
    {
        var model = pipeline.Fit(parts.TrainSet);
        ml.Regression.Evaluate(model.Transform(parts.TrainSet), ""Fare"");
    }
}";
            var expected = source
                .Replace(@"model.Transform(split.TrainSet)", @"model.Transform(split.TestSet)")
                .Replace(@"model.Transform(parts.TrainSet)", @"model.Transform(parts.TestSet)");

            var actual = await DotnetFormatFixAll.ApplyAsync(new EvaluatedOnTrainingDataAnalyzer(), new EvaluatedOnTrainingDataCodeFixProvider(), "MLO3002", source);

            Assert.Equal(expected, actual);
        }

        [Fact]
        public async Task MLO2007_fixes_the_later_diagnostics_when_the_first_has_no_fix()
        {
            var source = Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(path, hasHeader: true);
        var pipeline = ml.Transforms.Concatenate(""Features"", ""TripTim"", ""PasengerCount"", ""TripDistanc"")
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: ""label""));
        return pipeline.Fit(data);
    }
}

public class Trip
{
    [LoadColumn(0)] public float PassengerCount { get; set; }
    [LoadColumn(1)] public float TripDistance { get; set; }
    [LoadColumn(2)] public float TripTime { get; set; }
    [LoadColumn(3)] public float Label { get; set; }
    [LoadColumn(4)] public float TripTimes { get; set; }
}";
            var expected = source
                .Replace(@"""PasengerCount""", @"""PassengerCount""")
                .Replace(@"""TripDistanc""", @"""TripDistance""")
                .Replace(@"""label""", @"""Label""");

            var actual = await DotnetFormatFixAll.ApplyAsync(new UnknownColumnAnalyzer(), new UnknownColumnCodeFixProvider(), "MLO2007", source);

            Assert.Equal(expected, actual);
        }
    }
}
