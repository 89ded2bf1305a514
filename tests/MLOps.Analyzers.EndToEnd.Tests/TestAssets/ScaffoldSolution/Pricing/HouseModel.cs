using System;
using Microsoft.ML;
using Microsoft.ML.Data;

// The most common test setup: the tests see the library's internals. Both projects get the package; no generated type
// may be defined in both (CS0436 under TreatWarningsAsErrors).
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Pricing.Tests")]

namespace Pricing
{
    public sealed class House
    {
        [LoadColumn(0)] public float Rooms { get; set; }
        [LoadColumn(1)] public float Area { get; set; }
        [LoadColumn(2)] public string Neighbourhood { get; set; } = string.Empty;
        [LoadColumn(3)] public float Price { get; set; }
    }

    /// <summary>An ML.NET library as a team writes it: a pipeline factory, and the training code that uses it.</summary>
    public static class HouseModel
    {
        public static IEstimator<ITransformer> BuildPipeline(MLContext ml) =>
            ml.Transforms.Categorical.OneHotEncoding("NeighbourhoodEncoded", nameof(House.Neighbourhood))
                .Append(ml.Transforms.Concatenate("Features", nameof(House.Rooms), nameof(House.Area), "NeighbourhoodEncoded"))
                .Append(ml.Regression.Trainers.FastTree(labelColumnName: nameof(House.Price), numberOfLeaves: 8, numberOfTrees: 50));

        public static double Train()
        {
            var ml = new MLContext(seed: 5);
            var data = ml.Data.LoadFromTextFile<House>("data/houses.csv", hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
            var model = BuildPipeline(ml).Fit(split.TrainSet);
            var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(House.Price));
            ml.Model.Save(model, data.Schema, $"models/house-{DateTime.UtcNow:yyyyMMddHHmmss}.zip");
            return metrics.RSquared;
        }
    }
}
