using System;
using System.IO;
using System.Linq;
using HousePrices;
using Microsoft.ML;
using Microsoft.ML.Data;

// A small house-price console app: trains a few models, compares them, and scores one house.
var dataPath = args.Length > 0 ? args[0] : Path.Combine("data", "houses.csv");
var modelPath = Path.Combine("models", "price.zip");

var trainer = new PriceTraining(dataPath);
var fastTree = trainer.TrainFastTree();
trainer.TrainSdca();
trainer.TrainSdcaSingleThreaded();
trainer.TrainLightGbm();
trainer.TrainLightGbmDeterministic();

Experiments.Baseline(dataPath);
Experiments.WithOptionalSeed(dataPath);
Experiments.SeededFromTheClock(dataPath);
Experiments.SeededFromAGuid(dataPath);

var prep = new MLContext(seed: 3); // ok
var houses = prep.Data.LoadFromTextFile<HouseData>(dataPath, hasHeader: true, separatorChar: ',');
var shuffled = DataSampling.Shuffle(prep, houses);
var reproducible = DataSampling.ShuffleReproducibly(prep, houses);
var (train, holdout) = DataSampling.Split(prep, shuffled);
var sample = DataSampling.SampleRows(prep, prep.Data.CreateEnumerable<HouseData>(houses, reuseRowObject: false).ToList(), 100);
var sampleSeeded = DataSampling.SampleRowsReproducibly(prep, prep.Data.CreateEnumerable<HouseData>(reproducible, reuseRowObject: false).ToList(), 100);
Console.WriteLine($"train {train.GetRowCount()}, holdout {holdout.GetRowCount()}, sample {sample.GetRowCount()}, {sampleSeeded.GetRowCount()}");

fastTree.SaveTo(modelPath); // expect: MLO4006
var price = PricePredictor.Predict(modelPath, new HouseData { Size = 120f, Bedrooms = 3f, Age = 12f });
Console.WriteLine($"Predicted price: {price:F0}");

namespace HousePrices
{
    public sealed class HouseData
    {
        [LoadColumn(0)] public float Size { get; set; }
        [LoadColumn(1)] public float Bedrooms { get; set; }
        [LoadColumn(2)] public float Age { get; set; }
        [LoadColumn(3)] public float Price { get; set; }
    }

    public sealed class PricePrediction
    {
        [ColumnName("Score")] public float Price { get; set; }
    }

    /// <summary>Scoring only: loads a trained model and predicts, so its context needs no seed.</summary>
    public static class PricePredictor
    {
        public static float Predict(string modelPath, HouseData house)
        {
            var ml = new MLContext(); // ok
            ITransformer model = ml.Model.Load(modelPath, out _); // expect: MLO4004
            var engine = ml.Model.CreatePredictionEngine<HouseData, PricePrediction>(model);
            return engine.Predict(house).Price;
        }
    }
}
