using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;

namespace MLOps.Analyzers.Tests
{
    /// <summary>The estimator-chain model on its own: what it says precedes a trainer, and where the chain is fitted.</summary>
    public class EstimatorChainAnalysisTests
    {
        private const string Usings = @"
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
";

        [Fact]
        public void Fluent_chain_in_order_with_catalog_paths()
        {
            var placement = Single(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data) =>
        ml.Transforms.Conversion.MapValueToKey(""Label"")
            .Append(ml.Transforms.Concatenate(""Features"", ""A"", ""B""))
            .Append(ml.Transforms.NormalizeMinMax(""Features""))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue(""PredictedLabel""))
            .Fit(data);
}", "SdcaMaximumEntropy");

            Assert.True(placement.IsFullyKnown);
            Assert.Equal(
                new[] { "Transforms.Conversion.MapValueToKey", "Transforms.Concatenate", "Transforms.NormalizeMinMax", "AppendCacheCheckpoint" },
                Paths(placement));
            Assert.Equal(EstimatorStepKind.CacheCheckpoint, placement.PrecedingSteps[3].Kind);
            Assert.Equal("data", placement.FitInput?.Syntax.ToString());
            Assert.Equal("Append", placement.AppendedBy?.TargetMethod.Name);
        }

        [Fact]
        public void Nested_chains_are_flattened_in_place()
        {
            var placement = Single(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var prep = ml.Transforms.Concatenate(""Features"", ""A"");
        var pipeline = prep.Append(ml.Transforms.NormalizeMeanVariance(""Features"").Append(ml.Regression.Trainers.Sdca()));
        pipeline.Fit(data);
    }
}", "Sdca");

            Assert.True(placement.IsFullyKnown);
            Assert.Equal(new[] { "Transforms.Concatenate", "Transforms.NormalizeMeanVariance" }, Paths(placement));
        }

        [Fact]
        public void Reassigned_local_in_statement_order()
        {
            var placement = Single(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate(""Features"", ""A"");
        pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax(""Features""));
        var trainer = ml.Regression.Trainers.Sdca();
        pipeline = pipeline.Append(trainer);
        pipeline = pipeline.Append(ml.Transforms.CopyColumns(""Prediction"", ""Score""));
        var model = pipeline.Fit(data);
    }
}", "Sdca");

            Assert.True(placement.IsFullyKnown);
            Assert.Equal(new[] { "Transforms.Concatenate", "Transforms.NormalizeMinMax" }, Paths(placement));
            Assert.Equal("data", placement.FitInput?.Syntax.ToString());
        }

        [Fact]
        public void Helper_of_the_same_type_that_returns_the_preceding_chain()
        {
            var placement = Single(Usings + @"
static class ModelBuilder
{
    public static ITransformer Retrain(MLContext mlContext, IDataView trainData) =>
        BuildDataProcessing(mlContext).Append(mlContext.Regression.Trainers.Sdca()).Fit(trainData);

    public static IEstimator<ITransformer> BuildDataProcessing(MLContext mlContext)
    {
        var pipeline = mlContext.Transforms.ReplaceMissingValues(new[] { new InputOutputColumnPair(@""A"", @""A"") })
            .Append(mlContext.Transforms.Concatenate(@""Features"", new[] { @""A"" }));
        return pipeline;
    }
}", "Sdca");

            Assert.True(placement.IsFullyKnown);
            Assert.Equal(new[] { "Transforms.ReplaceMissingValues", "Transforms.Concatenate" }, Paths(placement));
        }

        [Fact]
        public void Estimator_from_a_parameter_is_not_fully_known()
        {
            var placement = Single(Usings + @"
class C
{
    void Train(MLContext ml, IEstimator<ITransformer> prep, IDataView data) => prep.Append(ml.Regression.Trainers.Sdca()).Fit(data);
}", "Sdca");

            Assert.False(placement.IsFullyKnown);
        }

        [Fact]
        public void Conditional_and_loop_assignments_are_not_fully_known()
        {
            var placements = PlacementsOf(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data, bool normalize, string[] columns)
    {
        IEstimator<ITransformer> a = ml.Transforms.Concatenate(""Features"", ""A"");
        if (normalize)
        {
            a = a.Append(ml.Transforms.NormalizeMinMax(""Features""));
        }

        a.Append(ml.Regression.Trainers.Sdca()).Fit(data);

        IEstimator<ITransformer> b = ml.Transforms.Concatenate(""Features"", ""A"");
        while (columns.Length > 0)
        {
            b.Append(ml.Regression.Trainers.Sdca()).Fit(data);
            b = b.Append(ml.Transforms.NormalizeMinMax(""Features""));
        }
    }
}", "Sdca");

            Assert.Equal(2, placements.Length);
            Assert.All(placements, p => Assert.False(p.IsFullyKnown));
        }

        [Fact]
        public void One_placement_per_fit_and_per_escape()
        {
            var placements = PlacementsOf(Usings + @"
class C
{
    IEstimator<ITransformer> Train(MLContext ml, IDataView train, IDataView all)
    {
        var pipeline = ml.Transforms.Concatenate(""Features"", ""A"").Append(ml.Clustering.Trainers.KMeans());
        pipeline.Fit(train);
        ml.Clustering.CrossValidate(all, pipeline);
        var text = pipeline.ToString(); // not a use that trains
        return pipeline;
    }
}", "KMeans");

            Assert.Equal(new[] { "train", "all", null }, placements.Select(p => p.FitInput?.Syntax.ToString()).ToArray());
            Assert.All(placements, p => Assert.True(p.IsFullyKnown));
        }

        [Fact]
        public void Trainer_that_leaves_the_method_alone_has_an_unknown_start()
        {
            var placement = Single(Usings + @"
class C
{
    IEstimator<ITransformer> CreateTrainer(MLContext ml) => ml.Regression.Trainers.Sdca();
}", "Sdca");

            Assert.False(placement.IsFullyKnown);
            Assert.Null(placement.FitInput);
        }

        [Fact]
        public void Wrapped_binary_trainer_sits_where_the_wrapper_sits()
        {
            var placement = Single(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data) =>
        ml.Transforms.Concatenate(""Features"", ""A"")
            .Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.AveragedPerceptron()))
            .Fit(data);
}", "AveragedPerceptron");

            Assert.True(placement.IsFullyKnown);
            Assert.Equal(new[] { "Transforms.Concatenate" }, Paths(placement));
        }

        [Fact]
        public void Columns_of_the_steps_are_read_from_constant_arguments()
        {
            var placement = Single(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data, string name) =>
        ml.Transforms.Categorical.OneHotEncoding(new[] { new InputOutputColumnPair(""VendorHot"", ""Vendor""), new InputOutputColumnPair(""Zone"") })
            .Append(ml.Transforms.ReplaceMissingValues(""Distance""))
            .Append(ml.Transforms.Concatenate(""Features"", ""VendorHot"", ""Distance""))
            .Append(ml.Transforms.CopyColumns(name, ""Features""))
            .Append(ml.Regression.Trainers.Sdca())
            .Fit(data);
}", "Sdca");

            var columns = placement.PrecedingSteps.Select(s => s.Columns.IsDefault
                ? "?"
                : string.Join(";", s.Columns.Select(c => c.Output + "<-" + (c.Inputs.IsDefault ? "?" : string.Join(",", c.Inputs))))).ToArray();
            Assert.Equal(new[] { "VendorHot<-Vendor;Zone<-Zone", "Distance<-Distance", "Features<-VendorHot,Distance", "?" }, columns);
        }

        [Fact]
        public void Fit_input_facts_follow_locals_splits_and_loaders()
        {
            var source = Usings + @"
class C
{
    void Train(MLContext ml, string path, IDataView data, ITransformer prep)
    {
        var loaded = ml.Data.LoadFromTextFile(path, new[] { new TextLoader.Column(""Features"", DataKind.Single, 0, 3) });
        var cached = ml.Data.Cache(loaded);
        var split = ml.Data.TrainTestSplit(ml.Data.ShuffleRows(cached, seed: 1));
        var transformed = prep.Transform(cached);
        ml.Regression.Trainers.Sdca().Fit(split.TrainSet);
        ml.Regression.Trainers.OnlineGradientDescent().Fit(transformed);
        ml.Regression.Trainers.LbfgsPoissonRegression().Fit(data);
        ml.Clustering.Trainers.KMeans().Fit(ml.Data.CreateTextLoader<Row>().Load(path));
    }
}

class Row
{
    [LoadColumn(0, 3), VectorType(4)] public float[] Features { get; set; } = new float[4];
}";
            var symbols = Compile(source, out var compilation);
            FitInputFacts Facts(string trainer) => EstimatorChainAnalysis.DescribeFitInput(
                PlacementsOf(compilation, symbols, trainer).Single().FitInput!, symbols, CancellationToken.None);

            // Cached, then shuffled and split: still the cached rows of the loaded file.
            Assert.True(Facts("Sdca").IsCached);
            Assert.True(Facts("Sdca").IsLoaded);
            Assert.False(Facts("Sdca").IsTransformed);

            // A transformer runs over the cache on every pass: not cached any more.
            Assert.False(Facts("OnlineGradientDescent").IsCached);
            Assert.True(Facts("OnlineGradientDescent").IsTransformed);

            // A parameter: nothing is known.
            Assert.False(Facts("LbfgsPoissonRegression").IsCached);
            Assert.False(Facts("LbfgsPoissonRegression").IsTransformed);
            Assert.False(Facts("LbfgsPoissonRegression").IsLoaded);

            Assert.True(Facts("KMeans").IsLoaded);
        }

        [Fact]
        public void Trainer_of_an_iterated_tuple_array_is_placed_where_the_loop_variable_is_used()
        {
            var source = Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var prep = ml.Transforms.Concatenate(""Features"", ""A"").AppendCacheCheckpoint(ml);
        (string name, IEstimator<ITransformer> trainer)[] learners = { (""sdca"", ml.Regression.Trainers.Sdca()), (""ogd"", ml.Regression.Trainers.OnlineGradientDescent()) };
        foreach (var (name, trainer) in learners)
        {
            var pipeline = prep.Append(trainer);
            var model = pipeline.Fit(data);
        }
    }
}";
            var symbols = Compile(source, out var compilation);
            foreach (var trainer in new[] { "Sdca", "OnlineGradientDescent" })
            {
                var placement = Assert.Single(PlacementsOf(compilation, symbols, trainer));
                Assert.True(placement.IsFullyKnown);
                Assert.Equal(new[] { "Transforms.Concatenate", "AppendCacheCheckpoint" }, Paths(placement));
                Assert.Equal("data", placement.FitInput?.Syntax.ToString());
                Assert.Equal("trainer", placement.Element?.Variable.Name);

                // The chain holds the loop variable: with the element, its steps end with this trainer.
                var steps = EstimatorChainAnalysis.StepsOf(placement.Chain!, symbols, CancellationToken.None, out var known, placement.Element);
                Assert.True(known);
                Assert.EndsWith(trainer, steps.Last().CatalogPath, System.StringComparison.Ordinal);
                EstimatorChainAnalysis.StepsOf(placement.Chain!, symbols, CancellationToken.None, out var knownWithout);
                Assert.False(knownWithout);
            }
        }

        [Fact]
        public void Trainer_of_a_list_written_after_its_initializer_is_not_placed_in_the_loop()
        {
            var placement = Single(Usings + @"
using System.Collections.Generic;
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var trainers = new List<IEstimator<ITransformer>> { ml.Regression.Trainers.Sdca() };
        trainers.Insert(0, ml.Regression.Trainers.OnlineGradientDescent());
        foreach (var trainer in trainers)
        {
            ml.Transforms.Concatenate(""Features"", ""A"").Append(trainer).Fit(data);
        }
    }
}", "Sdca");

            Assert.False(placement.IsFullyKnown);
            Assert.Null(placement.Fit);
            Assert.Null(placement.Element);
        }

        private static string[] Paths(TrainerPlacement placement) => placement.PrecedingSteps.Select(s => s.CatalogPath).ToArray();

        private static TrainerPlacement Single(string source, string trainerName) => Assert.Single(PlacementsOf(source, trainerName));

        private static ImmutableArray<TrainerPlacement> PlacementsOf(string source, string trainerName)
        {
            var symbols = Compile(source, out var compilation);
            return PlacementsOf(compilation, symbols, trainerName);
        }

        private static ImmutableArray<TrainerPlacement> PlacementsOf(Compilation compilation, EstimatorChainSymbols symbols, string trainerName)
        {
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var placements = ImmutableArray.CreateBuilder<TrainerPlacement>();
            foreach (var syntax in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetOperation(syntax) is IInvocationOperation invocation
                    && invocation.TargetMethod.Name == trainerName
                    && symbols.MLNet.IsTrainerFactory(invocation.TargetMethod))
                {
                    placements.AddRange(EstimatorChainAnalysis.PlacementsOf(invocation, symbols, CancellationToken.None));
                }
            }

            return placements.ToImmutable();
        }

        private static EstimatorChainSymbols Compile(string source, out Compilation compilation)
        {
            compilation = CSharpCompilation.Create(
                "ChainModel",
                new[] { CSharpSyntaxTree.ParseText(source) },
                TestReferences.Runtime.AddRange(TestReferences.MLNet),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return EstimatorChainSymbols.Get(MLNetSymbols.TryCreate(compilation)!);
        }
    }
}
