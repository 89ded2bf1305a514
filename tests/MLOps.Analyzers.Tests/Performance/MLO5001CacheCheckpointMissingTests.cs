using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Performance.CacheCheckpointMissingAnalyzer>;

namespace MLOps.Analyzers.Tests.Performance
{
    public class MLO5001CacheCheckpointMissingTests
    {
        private const string Usings = @"
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

public class Point
{
    [LoadColumn(0)] public float X { get; set; }
    [LoadColumn(1)] public float Y { get; set; }
    [LoadColumn(2)] public string Label { get; set; } = """";
}
";

        // ---- flagged ----

        [Fact]
        public Task KMeans_appended_without_a_checkpoint() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(string path)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromTextFile<Point>(path, separatorChar: ',');
        var pipeline = ml.Transforms.Concatenate(""Features"", ""X"", ""Y"")
            .Append(ml.Transforms.NormalizeMinMax(""Features""))
            .Append({|MLO5001:ml.Clustering.Trainers.KMeans(numberOfClusters: 3)|});
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Message_names_the_trainer() => Verify.VerifyAsync(Usings + @"
class C
{
    EstimatorChain<ClusteringPredictionTransformer<KMeansModelParameters>> Build(MLContext ml) =>
        ml.Transforms.Concatenate(""Features"", ""X"", ""Y"").Append(ml.Clustering.Trainers.KMeans());
}",
            Verify.Diagnostic("MLO5001").WithSpan(17, 64, 17, 95).WithArguments("KMeans")
                // The code fix's locations (the estimator to append the checkpoint to, the context) are checked by the fix tests.
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));

        [Fact]
        public Task KMeans_fitted_directly_on_data_that_is_not_cached() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Point>(path, separatorChar: ',');
        var kmeans = {|MLO5001:ml.Clustering.Trainers.KMeans(""Features"", numberOfClusters: 3)|};
        return kmeans.Fit(data);
    }
}");

        [Fact]
        public Task OneVersusAll_and_PairwiseCoupling_wrappers() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var prep = ml.Transforms.Conversion.MapValueToKey(""Label"")
            .Append(ml.Transforms.Concatenate(""Features"", ""X"", ""Y""));
        var ova = prep.Append({|MLO5001:ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree())|});
        var pkpd = prep.Append({|MLO5001:ml.MulticlassClassification.Trainers.PairwiseCoupling(ml.BinaryClassification.Trainers.FastTree())|});
        ova.Fit(data);
        pkpd.Fit(data);
    }
}");

        [Fact]
        public Task Trainer_held_in_a_local_and_appended_later() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var dataProcess = ml.Transforms.Concatenate(""Features"", ""X"", ""Y"");
        var trainer = {|MLO5001:ml.Clustering.Trainers.KMeans(numberOfClusters: 4)|};
        var trainingPipeline = dataProcess.Append(trainer);
        return trainingPipeline.Fit(data);
    }
}");

        [Fact]
        public Task Pipeline_built_by_reassigning_a_local() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate(""Features"", ""X"", ""Y"");
        pipeline = pipeline.Append(ml.Transforms.NormalizeMeanVariance(""Features""));
        pipeline = pipeline.Append({|MLO5001:ml.Clustering.Trainers.KMeans()|});
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Preceding_chain_returned_by_a_helper_in_the_same_file() => Verify.VerifyAsync(Usings + @"
public static class ModelBuilder
{
    public static ITransformer RetrainPipeline(MLContext mlContext, IDataView trainData)
    {
        var pipeline = BuildDataProcessing(mlContext)
            .Append({|MLO5001:mlContext.Clustering.Trainers.KMeans(numberOfClusters: 3)|});
        return pipeline.Fit(trainData);
    }

    public static IEstimator<ITransformer> BuildDataProcessing(MLContext mlContext)
    {
        var pipeline = mlContext.Transforms.Concatenate(@""Features"", new[] { @""X"", @""Y"" })
            .Append(mlContext.Transforms.NormalizeMinMax(@""Features""));
        return pipeline;
    }
}");

        [Fact]
        public Task Whole_pipeline_built_by_a_helper_and_fitted_by_the_caller() => Verify.VerifyAsync(Usings + @"
public static class ModelBuilder
{
    public static ITransformer RetrainPipeline(MLContext mlContext, IDataView trainData) => BuildPipeline(mlContext).Fit(trainData);

    public static IEstimator<ITransformer> BuildPipeline(MLContext mlContext)
    {
        var pipeline = mlContext.Transforms.Concatenate(@""Features"", new[] { @""X"", @""Y"" })
            .Append({|MLO5001:mlContext.Clustering.Trainers.KMeans(@""Features"", numberOfClusters: 3)|});
        return pipeline;
    }
}");

        [Fact]
        public Task Chain_cross_validated() => Verify.VerifyAsync(Usings + @"
class C
{
    void Evaluate(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Concatenate(""Features"", ""X"", ""Y"").Append({|MLO5001:ml.Clustering.Trainers.KMeans()|});
        var results = ml.Clustering.CrossValidate(data, pipeline, numberOfFolds: 5);
    }
}");

        [Fact]
        public Task Checkpoint_at_the_start_of_a_chain_caches_nothing() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var empty = new EstimatorChain<ITransformer>();
        var pipeline = empty.Append({|MLO5001:ml.Clustering.Trainers.KMeans()|});
        pipeline.Fit(data);
    }
}");

        [Fact]
        public Task One_of_two_fits_is_on_data_that_is_not_cached() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.Concatenate(""Features"", ""X"", ""Y"").Append({|MLO5001:ml.Clustering.Trainers.KMeans()|});
        pipeline.Fit(ml.Data.Cache(data));
        pipeline.Fit(data);
    }
}");

        // ---- not flagged ----

        [Fact]
        public Task Checkpoint_before_the_trainer() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var a = ml.Transforms.Concatenate(""Features"", ""X"", ""Y"")
            .AppendCacheCheckpoint(ml)
            .Append(ml.Clustering.Trainers.KMeans());
        var b = ml.Transforms.Concatenate(""Features"", ""X"", ""Y"")
            .AppendCacheCheckpoint(ml)
            .Append(ml.Transforms.NormalizeMinMax(""Features""))
            .Append(ml.Clustering.Trainers.KMeans());
        IEstimator<ITransformer> c = ml.Transforms.Concatenate(""Features"", ""X"", ""Y"");
        c = c.AppendCacheCheckpoint(ml);
        c = c.Append(ml.Clustering.Trainers.KMeans());
        a.Fit(data);
        b.Fit(data);
        c.Fit(data);
    }
}");

        [Fact]
        public Task Checkpoint_inside_the_helper_that_builds_the_preceding_chain() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) => Prepare(ml).Append(ml.Clustering.Trainers.KMeans()).Fit(data);

    private static IEstimator<ITransformer> Prepare(MLContext ml) =>
        ml.Transforms.Concatenate(""Features"", ""X"", ""Y"").AppendCacheCheckpoint(ml);
}");

        [Fact]
        public Task Data_cached_before_fit() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Point>(path, separatorChar: ',');
        var cached = ml.Data.Cache(data);
        var split = ml.Data.TrainTestSplit(cached, testFraction: 0.2);

        var pipeline = ml.Transforms.Concatenate(""Features"", ""X"", ""Y"").Append(ml.Clustering.Trainers.KMeans());
        pipeline.Fit(split.TrainSet);

        var kmeans = ml.Clustering.Trainers.KMeans();
        kmeans.Fit(ml.Data.Cache(data));
    }
}");

        [Fact]
        public Task Trainers_that_do_not_require_caching() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        ml.Transforms.Concatenate(""Features"", ""X"", ""Y"").Append(ml.Regression.Trainers.Sdca(labelColumnName: ""X"")).Fit(data);
        ml.Transforms.Concatenate(""Features"", ""X"", ""Y"").Append(ml.Regression.Trainers.FastTree(labelColumnName: ""X"")).Fit(data);
        ml.Transforms.Concatenate(""Features"", ""X"", ""Y"").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(data);
    }
}");

        [Fact]
        public Task Chains_the_rule_cannot_see_whole() => Verify.VerifyAsync(Usings + @"
public class C
{
    private IEstimator<ITransformer> _prep = null!;

    // The preceding estimator comes from the caller, a field or a helper of another class: it may cache.
    public void FromParameter(MLContext ml, IEstimator<ITransformer> prep, IDataView data) =>
        prep.Append(ml.Clustering.Trainers.KMeans()).Fit(data);

    public void FromField(MLContext ml, IDataView data) => _prep.Append(ml.Clustering.Trainers.KMeans()).Fit(data);

    public void FromOtherType(MLContext ml, IDataView data) => Helpers.Prepare(ml).Append(ml.Clustering.Trainers.KMeans()).Fit(data);

    // Built in a loop or a branch: which steps come first depends on the run.
    public void InALoop(MLContext ml, IDataView data, string[] columns)
    {
        IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate(""Features"", ""X"");
        foreach (var column in columns)
        {
            pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax(column));
        }

        pipeline.Append(ml.Clustering.Trainers.KMeans()).Fit(data);
    }

    public void InABranch(MLContext ml, IDataView data, bool cache)
    {
        IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate(""Features"", ""X"", ""Y"");
        if (cache)
        {
            pipeline = pipeline.AppendCacheCheckpoint(ml);
        }

        pipeline.Append(ml.Clustering.Trainers.KMeans()).Fit(data);
    }

    // The trainer alone leaves the method: the caller decides what comes before it.
    public IEstimator<ITransformer> CreateTrainer(MLContext ml) => ml.Clustering.Trainers.KMeans();

    public IEstimator<ITransformer> CreateTrainerChain(MLContext ml) =>
        ml.Clustering.Trainers.KMeans().Append(ml.Transforms.Conversion.MapKeyToValue(""PredictedLabel""));

    public void Passed(MLContext ml, IDataView data) => Fit(ml.Clustering.Trainers.KMeans(), data);

    private static void Fit(IEstimator<ITransformer> estimator, IDataView data) => estimator.Fit(data);
}

public static class Helpers
{
    public static IEstimator<ITransformer> Prepare(MLContext ml) => ml.Transforms.Concatenate(""Features"", ""X"", ""Y"");
}");

        [Fact]
        public Task Virtual_helper_may_be_overridden() => Verify.VerifyAsync(Usings + @"
public class C
{
    protected virtual IEstimator<ITransformer> Prepare(MLContext ml) => ml.Transforms.Concatenate(""Features"", ""X"", ""Y"");

    public void Train(MLContext ml, IDataView data) => Prepare(ml).Append(ml.Clustering.Trainers.KMeans()).Fit(data);
}");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var a = ml.Transforms.Concatenate(""Features"", ).Append(ml.Clustering.Trainers.KMeans(
        var b = undefined.Append(ml.Clustering.Trainers.KMeans());
        var c = ml.Transforms.Concatenate(""Features"", ""X"").Append({|MLO5001:ml.Clustering.Trainers.KMeans()|});
        c.Fit(
        var d = ml.Clustering.Trainers.KMeans().Fit(undefinedData);
        IEstimator<ITransformer> e = ;
        e = e.Append(ml.Clustering.Trainers.KMeans());
    }
}");

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class KMeansTrainer { public KMeansTrainer Append(KMeansTrainer other) => this; }
class C { void M() { var k = new KMeansTrainer(); k.Append(new KMeansTrainer()); } }");
    }
}
