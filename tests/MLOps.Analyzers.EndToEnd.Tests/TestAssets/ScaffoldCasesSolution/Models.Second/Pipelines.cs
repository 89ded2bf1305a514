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

    /// <summary>The same full names as Models.First's: the test project references this project with Aliases="Second".</summary>
    public static class Pipelines
    {
        public static IEstimator<ITransformer> Build(MLContext ml) =>
            ml.Transforms.Concatenate("Features", nameof(Row.Size), nameof(Row.Age))
                .Append(ml.Regression.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 10));

        public static ITransformer Train()
        {
            var ml = new MLContext(seed: 9);
            var data = ml.Data.LoadFromTextFile<Row>("data/second.csv", hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 10);
            return Build(ml).Fit(split.TrainSet);
        }
    }
}
