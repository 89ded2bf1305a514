using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CodeFixVerifier<
    MLOps.Analyzers.Performance.CacheCheckpointMissingAnalyzer,
    MLOps.Analyzers.CodeFixes.Performance.CacheCheckpointMissingCodeFixProvider>;

namespace MLOps.Analyzers.Tests.CodeFixes
{
    public class MLO5001CacheCheckpointCodeFixTests
    {
        private const string Usings = @"
using Microsoft.ML;
using Microsoft.ML.Trainers;
";

        [Fact]
        public Task Inserts_the_checkpoint_before_the_append_on_one_line() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""X"", ""Y"").Append({|MLO5001:ml.Clustering.Trainers.KMeans(numberOfClusters: 3)|}).Fit(data);
}", Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""X"", ""Y"").AppendCacheCheckpoint(ml).Append(ml.Clustering.Trainers.KMeans(numberOfClusters: 3)).Fit(data);
}");

        [Fact]
        public Task Keeps_a_chain_written_one_call_per_line() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext mlContext, IDataView data)
    {
        var pipeline = mlContext.Transforms.Concatenate(""Features"", ""X"", ""Y"") // the features
            .Append(mlContext.Transforms.NormalizeMinMax(""Features""))
            .Append({|MLO5001:mlContext.Clustering.Trainers.KMeans(numberOfClusters: 3)|});
        return pipeline.Fit(data);
    }
}", Usings + @"
class C
{
    ITransformer Train(MLContext mlContext, IDataView data)
    {
        var pipeline = mlContext.Transforms.Concatenate(""Features"", ""X"", ""Y"") // the features
            .Append(mlContext.Transforms.NormalizeMinMax(""Features""))
            .AppendCacheCheckpoint(mlContext)
            .Append(mlContext.Clustering.Trainers.KMeans(numberOfClusters: 3));
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Writes_a_directive_and_a_comment_before_the_append_once() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext mlContext, IDataView data)
    {
        var pipeline = mlContext.Transforms.Concatenate(""Features"", ""X"", ""Y"")
            .Append(mlContext.Transforms.NormalizeMinMax(""Features""))
#pragma warning disable CS0618
            // the trainer
            .Append({|MLO5001:mlContext.Clustering.Trainers.KMeans(numberOfClusters: 3)|});
#pragma warning restore CS0618
        return pipeline.Fit(data);
    }
}", Usings + @"
class C
{
    ITransformer Train(MLContext mlContext, IDataView data)
    {
        var pipeline = mlContext.Transforms.Concatenate(""Features"", ""X"", ""Y"")
            .Append(mlContext.Transforms.NormalizeMinMax(""Features""))
            .AppendCacheCheckpoint(mlContext)
#pragma warning disable CS0618
            // the trainer
            .Append(mlContext.Clustering.Trainers.KMeans(numberOfClusters: 3));
#pragma warning restore CS0618
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Inserts_before_the_append_that_takes_a_trainer_local() => Verify.VerifyFixAsync(Usings + @"
class C
{
    private readonly MLContext _ml = new MLContext(seed: 1);

    ITransformer Train(IDataView data)
    {
        var dataProcess = _ml.Transforms.Conversion.MapValueToKey(""Label"")
            .Append(_ml.Transforms.Concatenate(""Features"", ""X"", ""Y""));
        var trainer = {|MLO5001:_ml.MulticlassClassification.Trainers.OneVersusAll(_ml.BinaryClassification.Trainers.FastTree())|};
        var trainingPipeline = dataProcess.Append(trainer);
        return trainingPipeline.Fit(data);
    }
}", Usings + @"
class C
{
    private readonly MLContext _ml = new MLContext(seed: 1);

    ITransformer Train(IDataView data)
    {
        var dataProcess = _ml.Transforms.Conversion.MapValueToKey(""Label"")
            .Append(_ml.Transforms.Concatenate(""Features"", ""X"", ""Y""));
        var trainer = _ml.MulticlassClassification.Trainers.OneVersusAll(_ml.BinaryClassification.Trainers.FastTree());
        var trainingPipeline = dataProcess.AppendCacheCheckpoint(_ml).Append(trainer);
        return trainingPipeline.Fit(data);
    }
}");

        [Fact]
        public Task Caches_the_data_when_the_trainer_starts_the_chain() => Verify.VerifyFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile(path, new[] { new Microsoft.ML.Data.TextLoader.Column(""Features"", Microsoft.ML.Data.DataKind.Single, 0, 3) });
        var kmeans = {|MLO5001:ml.Clustering.Trainers.KMeans(numberOfClusters: 3)|};
        return kmeans.Fit(data);
    }
}", Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile(path, new[] { new Microsoft.ML.Data.TextLoader.Column(""Features"", Microsoft.ML.Data.DataKind.Single, 0, 3) });
        var kmeans = ml.Clustering.Trainers.KMeans(numberOfClusters: 3);
        return kmeans.Fit(ml.Data.Cache(data));
    }
}");

        [Fact]
        public Task No_fix_when_the_context_cannot_be_named_where_the_checkpoint_goes() => Verify.VerifyNoFixAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""X"").Append({|MLO5001:new MLContext(seed: 2).Clustering.Trainers.KMeans()|}).Fit(data);
}");

        [Fact]
        public Task No_fix_when_the_trainer_starts_a_chain_that_leaves_through_several_fits() => Verify.VerifyNoFixAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView first, IDataView second)
    {
        var kmeans = {|MLO5001:ml.Clustering.Trainers.KMeans()|};
        kmeans.Fit(first);
        kmeans.Fit(second);
    }
}");

        [Fact]
        public Task Fix_all_in_document() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var a = ml.Transforms.Concatenate(""Features"", ""X"", ""Y"").Append({|MLO5001:ml.Clustering.Trainers.KMeans()|});
        var b = ml.Transforms.Conversion.MapValueToKey(""Label"")
            .Append({|MLO5001:ml.MulticlassClassification.Trainers.PairwiseCoupling(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())|});
        var c = {|MLO5001:ml.Clustering.Trainers.KMeans()|}.Fit(data);
        a.Fit(data);
        b.Fit(data);
    }
}", Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var a = ml.Transforms.Concatenate(""Features"", ""X"", ""Y"").AppendCacheCheckpoint(ml).Append(ml.Clustering.Trainers.KMeans());
        var b = ml.Transforms.Conversion.MapValueToKey(""Label"")
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.PairwiseCoupling(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()));
        var c = ml.Clustering.Trainers.KMeans().Fit(ml.Data.Cache(data));
        a.Fit(data);
        b.Fit(data);
    }
}");
    }
}
