using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CodeFixVerifier<
    MLOps.Analyzers.Reproducibility.NonDeterministicTrainerAnalyzer,
    MLOps.Analyzers.CodeFixes.Reproducibility.NonDeterministicTrainerCodeFixProvider>;

namespace MLOps.Analyzers.Tests.CodeFixes
{
    public class MLO1002DeterministicTrainerCodeFixTests
    {
        private const string Usings = @"
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;
";

        [Fact]
        public Task Adds_one_thread_to_an_inline_options_initializer() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var t = {|MLO1002:ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { MaximumNumberOfIterations = 10 })|};
    }
}", Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var t = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { MaximumNumberOfIterations = 10, NumberOfThreads = 1 });
    }
}");

        [Fact]
        public Task Replaces_an_explicit_thread_count_and_fills_an_empty_creation() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = {|MLO1002:ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 4 })|};
        var b = {|MLO1002:ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options())|};
    }
}", Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 });
        var b = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 });
    }
}");

        [Fact]
        public Task Keeps_the_layout_of_a_multi_line_initializer() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = {|MLO1002:ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            NumberOfLeaves = 4,
            RowGroupColumnName = ""GroupId""
        })|};
        var b = {|MLO1002:ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
        {
            LabelColumnName = ""Fare"",
        })|};
    }
}", Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            NumberOfLeaves = 4,
            RowGroupColumnName = ""GroupId"",
            Deterministic = true
        });
        var b = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
        {
            LabelColumnName = ""Fare"",
            NumberOfThreads = 1,
        });
    }
}");

        [Fact]
        public Task Edits_an_options_local() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var options = new KMeansTrainer.Options { NumberOfClusters = 3 };
        var t = {|MLO1002:ml.Clustering.Trainers.KMeans(options)|};
    }
}", Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var options = new KMeansTrainer.Options { NumberOfClusters = 3, NumberOfThreads = 1 };
        var t = ml.Clustering.Trainers.KMeans(options);
    }
}");

        [Fact]
        public Task Overwrites_a_later_statement_that_sets_the_thread_count() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var options = new KMeansTrainer.Options();
        options.NumberOfThreads = 8;
        var t = {|MLO1002:ml.Clustering.Trainers.KMeans(options)|};
    }
}", Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var options = new KMeansTrainer.Options();
        options.NumberOfThreads = 1;
        var t = ml.Clustering.Trainers.KMeans(options);
    }
}");

        [Fact]
        public Task LightGbm_gets_deterministic_mode() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var t = {|MLO1002:ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { NumberOfIterations = 50 })|};
    }
}", Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var t = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { NumberOfIterations = 50, Deterministic = true });
    }
}");

        [Fact]
        public Task Rewrites_the_simple_overload_to_the_options_overload() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = {|MLO1002:ml.Regression.Trainers.Sdca(labelColumnName: ""Fare"", featureColumnName: ""Features"")|};
        var b = {|MLO1002:ml.BinaryClassification.Trainers.SdcaLogisticRegression()|};
        var c = {|MLO1002:ml.Clustering.Trainers.KMeans(""Features"", numberOfClusters: 4)|};
    }
}", Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { LabelColumnName = ""Fare"", FeatureColumnName = ""Features"", NumberOfThreads = 1 });
        var b = ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 });
        var c = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options { FeatureColumnName = ""Features"", NumberOfClusters = 4, NumberOfThreads = 1 });
    }
}");

        [Fact]
        public Task Simple_overload_of_LightGbm_gets_deterministic_options() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var t = {|MLO1002:ml.Regression.Trainers.LightGbm(labelColumnName: ""y"", numberOfLeaves: 31)|};
    }
}", Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var t = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options { LabelColumnName = ""y"", NumberOfLeaves = 31, Deterministic = true });
    }
}");

        [Fact]
        public Task No_fix_when_an_argument_has_no_options_member() => Verify.VerifyNoFixAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var t = {|MLO1002:ml.MulticlassClassification.Trainers.SdcaNonCalibrated(lossFunction: new HingeLoss())|};
    }
}");

        [Fact]
        public Task Fix_all_in_document() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = {|MLO1002:ml.Regression.Trainers.Sdca()|};
        var b = {|MLO1002:ml.BinaryClassification.Trainers.SgdCalibrated(new SgdCalibratedTrainer.Options { NumberOfIterations = 5 })|};
        var c = {|MLO1002:ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options())|};
    }
}", Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 });
        var b = ml.BinaryClassification.Trainers.SgdCalibrated(new SgdCalibratedTrainer.Options { NumberOfIterations = 5, NumberOfThreads = 1 });
        var c = ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options { Deterministic = true });
    }
}");
    }
}
