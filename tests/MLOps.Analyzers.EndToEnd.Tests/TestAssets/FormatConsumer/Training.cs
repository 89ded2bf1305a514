using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace HousePrices
{
    public class House
    {
        [LoadColumn(0)] public float Rooms { get; set; }
        [LoadColumn(1)] public float Area { get; set; }
        [LoadColumn(2)] public float Age { get; set; }
        [LoadColumn(3)] public float Ages { get; set; }
        [LoadColumn(4)] public float Price { get; set; }
    }

    public static class Training
    {
        // The first diagnostic of each ID in this file has no fix; the later ones do.
        public static ITransformer Train(MLContext ml, string path)
        {
            var data = ml.Data.LoadFromTextFile<House>(path, separatorChar: ',', hasHeader: true);
            var pipeline = ml.Transforms.Concatenate("Features", "Agex", "Romos", "Area") // Agex: Age or Ages, no fix; Romos: Rooms
                .Append(ml.Regression.Trainers.FastTree(labelColumnName: "price"));     // price: Price
            return pipeline.Fit(data);
        }

        public static void EvaluateOnAllRows(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
        {
            var model = pipeline.Fit(data);
            var metrics = ml.Regression.Evaluate(model.Transform(data), "Price");   // no fix: no split held out
            Console.WriteLine(metrics.RSquared);
        }

        public static void EvaluateOnTheSplit(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
        {
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
            var model = pipeline.Fit(split.TrainSet);
            var metrics = ml.Regression.Evaluate(model.Transform(split.TrainSet), "Price");
            Console.WriteLine(metrics.RSquared);
        }

        public static void EvaluateOnParts(MLContext ml, DataOperationsCatalog.TrainTestData parts, IEstimator<ITransformer> pipeline)
        {
            var model = pipeline.Fit(parts.TrainSet);
            var metrics = ml.Regression.Evaluate(model.Transform(parts.TrainSet), "Price");
            Console.WriteLine(metrics.RSquared);
        }
    }

    public static class Program
    {
        public static void Main(string[] args)
        {
            var ml = new MLContext(seed: 1);
            var path = args.Length > 0 ? args[0] : "houses.csv";
            Training.Train(ml, path);
            var data = ml.Data.LoadFromTextFile<House>(path, separatorChar: ',', hasHeader: true);
            var pipeline = ml.Regression.Trainers.FastTree(labelColumnName: nameof(House.Price));
            Training.EvaluateOnAllRows(ml, data, pipeline);
            Training.EvaluateOnTheSplit(ml, data, pipeline);
            Training.EvaluateOnParts(ml, ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1), pipeline);
        }
    }
}
