using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Reproducibility.NonDeterministicTrainerAnalyzer>;

namespace MLOps.Analyzers.Tests.Reproducibility
{
    public class MLO1002NonDeterministicTrainerTests
    {
        private const string Usings = @"
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
";

        // ---- flagged ----

        [Fact]
        public Task Sdca_family_with_a_seeded_context() => Verify.VerifyAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = {|MLO1002:ml.Regression.Trainers.Sdca(labelColumnName: ""Label"", featureColumnName: ""Features"")|};
        var b = {|MLO1002:ml.BinaryClassification.Trainers.SdcaLogisticRegression()|};
        var c = {|MLO1002:ml.BinaryClassification.Trainers.SdcaNonCalibrated()|};
        var d = {|MLO1002:ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()|};
        var e = {|MLO1002:ml.MulticlassClassification.Trainers.SdcaNonCalibrated()|};
    }
}");

        [Fact]
        public Task Sgd_and_KMeans_with_a_seeded_context() => Verify.VerifyAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(42);
        var a = {|MLO1002:ml.BinaryClassification.Trainers.SgdCalibrated()|};
        var b = {|MLO1002:ml.BinaryClassification.Trainers.SgdNonCalibrated()|};
        var c = {|MLO1002:ml.Clustering.Trainers.KMeans(numberOfClusters: 3)|};
    }
}");

        [Fact]
        public Task Message_names_the_trainer_and_the_setting() => Verify.VerifyAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = ml.Regression.Trainers.Sdca();
        var b = ml.Regression.Trainers.LightGbm();
    }
}",
            Verify.Diagnostic("MLO1002").WithSpan(12, 17, 12, 46).WithArguments("Sdca", "NumberOfThreads = 1"),
            Verify.Diagnostic("MLO1002").WithSpan(13, 17, 13, 50).WithArguments("LightGbm", "Deterministic = true"));

        [Fact]
        public Task LightGbm_without_deterministic_mode() => Verify.VerifyAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = {|MLO1002:ml.BinaryClassification.Trainers.LightGbm()|};
        var b = {|MLO1002:ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options { Seed = 1 })|};
        var c = {|MLO1002:ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options { Deterministic = false })|};
    }
}");

        [Fact]
        public Task Options_without_one_thread_or_with_several() => Verify.VerifyAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = {|MLO1002:ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { MaximumNumberOfIterations = 10 })|};
        var b = {|MLO1002:ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 4 })|};
        var c = {|MLO1002:ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options())|};
        var options = new SdcaRegressionTrainer.Options { LabelColumnName = ""Fare"" };
        var d = {|MLO1002:ml.Regression.Trainers.Sdca(options)|};
    }
}");

        [Fact]
        public Task Seed_flows_through_a_constant_a_field_and_a_private_helper() => Verify.VerifyAsync(Usings + @"
class C
{
    private const int Seed = 2024;
    private readonly MLContext _ml = new MLContext(Seed);

    void Train() => {|MLO1002:_ml.Regression.Trainers.Sdca()|};

    void Run()
    {
        var ml = new MLContext(seed: Seed);
        Build(ml);
    }

    private static void Build(MLContext ml) => {|MLO1002:ml.BinaryClassification.Trainers.SdcaLogisticRegression()|};
}");

        [Fact]
        public Task Seeded_reassignment_before_training_is_followed() => Verify.VerifyAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext();
        ml = new MLContext(seed: 1);
        var a = {|MLO1002:ml.Regression.Trainers.Sdca()|};
    }
}");

        [Fact]
        public Task Seeded_context_in_the_training_branch_of_load_else_train() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer M(bool exists, string path, IDataView data)
    {
        MLContext ml;
        if (exists)
        {
            ml = new MLContext();
            return ml.Model.Load(path, out _);
        }

        ml = new MLContext(seed: 1);
        var copy = ml;
        return {|MLO1002:copy.Regression.Trainers.Sdca()|}.Fit(data);
    }
}");

        // ---- not flagged ----

        [Fact]
        public Task Unseeded_reassignment_before_training_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(bool flag)
    {
        var ml = new MLContext(seed: 1);
        if (flag)
        {
            ml = new MLContext();
        }

        var a = ml.Regression.Trainers.Sdca();
    }
}");

        [Fact]
        public Task Context_overwritten_through_out_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    static void Create(out MLContext ml) => ml = new MLContext();

    void M(bool flag)
    {
        var ml = new MLContext(seed: 1);
        if (flag)
        {
            Create(out ml);
        }

        var a = ml.Regression.Trainers.Sdca();
    }
}");

        [Fact]
        public Task FastTree_family_is_deterministic() => Verify.VerifyAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = ml.Regression.Trainers.FastTree();
        var b = ml.Regression.Trainers.FastForest();
        var c = ml.Regression.Trainers.FastTreeTweedie();
        var d = ml.Regression.Trainers.Gam();
        var e = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfThreads = 8 });
        var f = ml.BinaryClassification.Trainers.LbfgsLogisticRegression();
        var g = ml.Ranking.Trainers.FastTree();
    }

    void Pretrained(System.IO.Stream lightGbmModelFile)
    {
        var ml = new MLContext(seed: 1);
        var loaded = ml.BinaryClassification.Trainers.LightGbm(lightGbmModelFile);
    }
}");

        [Fact]
        public Task One_thread_or_deterministic_options() => Verify.VerifyAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 });
        var b = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { Deterministic = true });
        var c = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { NumberOfThreads = 1 });
        var options = new KMeansTrainer.Options { NumberOfClusters = 3 };
        options.NumberOfThreads = 1;
        var d = ml.Clustering.Trainers.KMeans(options);
    }
}");

        [Fact]
        public Task Unknown_options_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(SdcaRegressionTrainer.Options fromCaller, int threads)
    {
        var ml = new MLContext(seed: 1);
        var a = ml.Regression.Trainers.Sdca(fromCaller);
        var b = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = threads });
        var options = Create();
        var c = ml.Regression.Trainers.Sdca(options);
        var mutated = new SdcaRegressionTrainer.Options();
        Configure(mutated);
        var d = ml.Regression.Trainers.Sdca(mutated);
    }

    SdcaRegressionTrainer.Options Create() => new SdcaRegressionTrainer.Options { NumberOfThreads = 1 };
    void Configure(SdcaRegressionTrainer.Options options) => options.NumberOfThreads = 1;
}");

        [Fact]
        public Task Unseeded_or_unknown_contexts_are_not_this_rule() => Verify.VerifyAsync(Usings + @"
public class C
{
    public MLContext Shared { get; set; } = null!;

    void Unseeded()
    {
        var ml = new MLContext();
        var a = ml.Regression.Trainers.Sdca();
    }

    public void FromCaller(MLContext ml)
    {
        var b = ml.Regression.Trainers.Sdca();
    }

    void FromProperty()
    {
        var c = Shared.Regression.Trainers.Sdca();
    }

    void Nullable(int? seed)
    {
        var ml = new MLContext(seed);
        var d = ml.Regression.Trainers.Sdca();
    }

    void Reassigned(bool b, MLContext other)
    {
        var ml = new MLContext(1);
        if (b) ml = other;
        var e = ml.Regression.Trainers.Sdca();
    }
}");

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class MLContext { public MLContext(int seed) { } }
class C { void M() { var ml = new MLContext(1); } }");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(seed: 1);
        var a = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = });
        var b = {|MLO1002:ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { Unknown = 1 })|};
        var c = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1,
        var d = ml.Regression.Trainers.
        var e = ml.Regression.Trainers.Sdca(undefinedOptions);
    }
}");
    }
}
