using Microsoft.ML;
using Microsoft.ML.Data;

namespace Models
{
    public sealed class Row
    {
        [LoadColumn(0)] public float Size { get; set; }
        [LoadColumn(1)] public float Age { get; set; }
        [LoadColumn(2)] public float Label { get; set; }
    }

    /// <summary>Models.Second declares the same Models.Pipelines.Build and Models.Row.</summary>
    public static class Pipelines
    {
        public static IEstimator<ITransformer> Build(MLContext ml) =>
            ml.Transforms.Concatenate("Features", nameof(Row.Size), nameof(Row.Age))
                .Append(ml.Regression.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 10));

        public static ITransformer Train()
        {
            // Char seeds: ML.NET receives 65 and 66, and so must the generated tests.
            var ml = new MLContext(seed: 'A');
            var data = ml.Data.LoadFromTextFile<Row>("data/first.csv", hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 'B');
            return Build(ml).Fit(split.TrainSet);
        }
    }

    /// <summary>A C# 14 static extension member of Pipelines as the factory: called through PipelineExtensions.</summary>
    public static class PipelineExtensions
    {
        extension(Pipelines)
        {
            public static IEstimator<ITransformer> BuildWithMoreTrees(MLContext ml) =>
                ml.Transforms.Concatenate("Features", nameof(Row.Size), nameof(Row.Age))
                    .Append(ml.Regression.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 20));
        }

        public static ITransformer TrainWithMoreTrees()
        {
            var ml = new MLContext(seed: 3);
            var data = ml.Data.LoadFromTextFile<Row>("data/first.csv", hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 4);
            return Pipelines.BuildWithMoreTrees(ml).Fit(split.TrainSet);
        }
    }

    /// <summary>Two overloads: Build(ml) calls the first, so only the first is callable.</summary>
    public static class Tuned
    {
        public static IEstimator<ITransformer> Build(MLContext ml) =>
            ml.Transforms.Concatenate("Features", nameof(Row.Size), nameof(Row.Age))
                .Append(ml.Regression.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 15));

        public static IEstimator<ITransformer> Build(MLContext ml, int trees = 10) =>
            ml.Transforms.Concatenate("Features", nameof(Row.Size), nameof(Row.Age))
                .Append(ml.Regression.Trainers.FastForest(numberOfTrees: trees));

        public static ITransformer Train()
        {
            var ml = new MLContext(seed: 5);
            var data = ml.Data.LoadFromTextFile<Row>("data/first.csv", hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 6);
            return Build(ml).Fit(split.TrainSet);
        }
    }

    /// <summary>Two overloads with optional parameters: Build(ml) is ambiguous (CS0121), so neither is callable.</summary>
    public static class Ambiguous
    {
        public static IEstimator<ITransformer> Build(MLContext ml, int trees = 10) =>
            ml.Transforms.Concatenate("Features", nameof(Row.Size), nameof(Row.Age))
                .Append(ml.Regression.Trainers.FastTree(numberOfTrees: trees));

        public static IEstimator<ITransformer> Build(MLContext ml, string label = "Label") =>
            ml.Transforms.Concatenate("Features", nameof(Row.Size), nameof(Row.Age))
                .Append(ml.Regression.Trainers.FastForest(labelColumnName: label));
    }

    /// <summary>A ref MLContext parameter: Build(ml) does not compile (CS1620), so it is not callable.</summary>
    public static class ByRef
    {
        public static IEstimator<ITransformer> Build(ref MLContext ml) =>
            ml.Transforms.Concatenate("Features", nameof(Row.Size), nameof(Row.Age))
                .Append(ml.Regression.Trainers.FastTree(numberOfTrees: 10));
    }
}

#pragma warning disable CS8981 // lower-case type names, on purpose
namespace MLOps.Analyzers.Generated
{
    /// <summary>A type named var where the generated manifest class lives.</summary>
    internal class var { }
}
