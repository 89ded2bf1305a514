using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace HousePrices
{
    public sealed class House
    {
        [LoadColumn(0)] public float Rooms { get; set; }
        [LoadColumn(1)] public float Area { get; set; }
        [LoadColumn(2)] public string Neighbourhood { get; set; } = string.Empty;
        [LoadColumn(3)] public float Price { get; set; }
    }

    /// <summary>Two pipelines as ordinary ML.NET code: a factory returning the chain, and a chain built inline.</summary>
    public static class Pipelines
    {
        public static IEstimator<ITransformer> BuildPricePipeline(MLContext ml) =>
            ml.Transforms.Categorical.OneHotEncoding("NeighbourhoodEncoded", nameof(House.Neighbourhood))
                .Append(ml.Transforms.Concatenate("Features", nameof(House.Rooms), nameof(House.Area), "NeighbourhoodEncoded"))
                .Append(ml.Regression.Trainers.FastTree(labelColumnName: nameof(House.Price), numberOfLeaves: 12, numberOfTrees: 40));

        public static void TrainPrice()
        {
            var ml = new MLContext(seed: 17);
            var data = ml.Data.LoadFromTextFile<House>("data/houses.csv", hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
            var model = BuildPricePipeline(ml).Fit(split.TrainSet);
            var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: nameof(House.Price));
            Console.WriteLine(metrics.RSquared);
            ml.Model.Save(model, data.Schema, "models/price-v1.zip");
        }

        public static void TrainSegments()
        {
            var ml = new MLContext(seed: 99);
            var data = ml.Data.LoadFromTextFile<House>("data/houses.csv", hasHeader: true, separatorChar: ',');
            var pipeline = ml.Transforms.Concatenate("Features", nameof(House.Rooms), nameof(House.Area))
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .AppendCacheCheckpoint(ml)
                .Append(ml.Clustering.Trainers.KMeans(numberOfClusters: 4));
            var model = pipeline.Fit(data);
            Console.WriteLine(model.GetOutputSchema(data.Schema).Count);
        }
    }

    public static class Program
    {
        public static void Main()
        {
            Pipelines.TrainPrice();
            Pipelines.TrainSegments();
        }
    }
}
