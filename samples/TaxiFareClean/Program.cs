using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;

namespace TaxiFare
{
    /// <summary>
    /// The TaxiFare sample with its findings fixed: the same training, evaluation, saving and scoring, and no
    /// MLOps.Analyzers diagnostic. Each fix is commented where the smelly sample has its smell.
    /// </summary>
    internal static class Program
    {
        private const string Label = TaxiFarePipelines.Label;
        private const int Seed = 1;
        private const int BootstrapResamples = 200;

        private static void Main()
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

            string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "taxi-fare.csv");

            // Fixed (MLO4006): every run saves a new, timestamped model; older ones stay there to roll back to.
            string modelPath = Path.Combine(AppContext.BaseDirectory, "MLModels", $"TaxiFareModel-{DateTime.UtcNow:yyyyMMdd-HHmmss}.zip");

            var ml = new MLContext(seed: Seed);

            IDataView data = ml.Data.LoadFromTextFile<TaxiTrip>(dataPath, hasHeader: true, separatorChar: ',');
            DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.2);

            // The pipelines are built by factories (below): the generated tests in TaxiFareClean.Tests call the same ones.
            var fastTreeModel = TaxiFarePipelines.BuildFastTree(ml).Fit(split.TrainSet);
            var sdcaModel = TaxiFarePipelines.BuildSdca(ml).Fit(split.TrainSet);

            RegressionMetrics fastTree = ml.Regression.Evaluate(fastTreeModel.Transform(split.TestSet), labelColumnName: Label);
            RegressionMetrics sdca = ml.Regression.Evaluate(sdcaModel.Transform(split.TestSet), labelColumnName: Label);
            Console.WriteLine($"FastTree R² {fastTree.RSquared:F4}, RMSE {fastTree.RootMeanSquaredError:F3}");
            Console.WriteLine($"SDCA     R² {sdca.RSquared:F4}, RMSE {sdca.RootMeanSquaredError:F3}");

            IDataView scoredTest = fastTreeModel.Transform(split.TestSet);
            var rSquared = new List<double>(BootstrapResamples);
            for (int i = 0; i < BootstrapResamples; i++)
            {
                // Fixed (MLO1003): each resample has its own seed.
                IDataView resample = ml.Data.BootstrapSample(scoredTest, seed: Seed + i);
                rSquared.Add(ml.Regression.Evaluate(resample, labelColumnName: Label).RSquared);
            }

            rSquared.Sort();
            Console.WriteLine($"FastTree R² 95% bootstrap interval: [{rSquared[5]:F4}, {rSquared[194]:F4}]");

            Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
            ml.Model.Save(fastTreeModel, data.Schema, modelPath);
            Console.WriteLine($"Model saved: {modelPath}");

            var trip = new TaxiTrip { VendorId = "VTS", RateCode = "1", PassengerCount = 1, TripTime = 1140, TripDistance = 3.75f, PaymentType = "CRD" };
            Console.WriteLine($"Predicted fare: ${PredictWithSavedModel(modelPath, trip):F2}");
        }

        private static float PredictWithSavedModel(string modelPath, TaxiTrip trip)
        {
            var scoringContext = new MLContext();
            ITransformer model = scoringContext.Model.Load(modelPath, out DataViewSchema inputSchema);
            using var engine = scoringContext.Model.CreatePredictionEngine<TaxiTrip, TaxiFarePrediction>(model, inputSchema);
            return engine.Predict(trip).PredictedFare;
        }
    }

    /// <summary>
    /// The sample's training pipelines, one factory each (Model Builder's <c>BuildPipeline(MLContext)</c> shape): the
    /// manifest records them as callable, so a test project referencing this one gets generated tests for both.
    /// </summary>
    public static class TaxiFarePipelines
    {
        public const string Label = nameof(TaxiTrip.FareAmount);
        public const string Features = "Features";

        public static IEstimator<ITransformer> BuildFastTree(MLContext ml) =>
            Featurize(ml).Append(ml.Regression.Trainers.FastTree(
                labelColumnName: Label,
                featureColumnName: Features,
                numberOfLeaves: 20,
                numberOfTrees: 100,
                minimumExampleCountPerLeaf: 10,
                learningRate: 0.2));

        // Fixed (MLO1002): one thread makes SDCA deterministic under the seeded context.
        public static IEstimator<ITransformer> BuildSdca(MLContext ml) =>
            Featurize(ml).Append(ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            {
                LabelColumnName = Label,
                FeatureColumnName = Features,
                NumberOfThreads = 1,
            }));

        private static EstimatorChain<NormalizingTransformer> Featurize(MLContext ml) =>
            ml.Transforms.Categorical.OneHotEncoding(new[]
                {
                    new InputOutputColumnPair("VendorIdEncoded", nameof(TaxiTrip.VendorId)),
                    new InputOutputColumnPair("RateCodeEncoded", nameof(TaxiTrip.RateCode)),
                    new InputOutputColumnPair("PaymentTypeEncoded", nameof(TaxiTrip.PaymentType)),
                })
                .Append(ml.Transforms.Concatenate(
                    Features,
                    "VendorIdEncoded",
                    "RateCodeEncoded",
                    "PaymentTypeEncoded",
                    nameof(TaxiTrip.PassengerCount),
                    nameof(TaxiTrip.TripTime),
                    nameof(TaxiTrip.TripDistance)))
                .Append(ml.Transforms.NormalizeMinMax(Features))
                .AppendCacheCheckpoint(ml);
    }
}
