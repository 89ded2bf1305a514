using System;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace HousePrices
{
    /// <summary>Trains price models on a CSV file, each with a seeded context.</summary>
    public sealed class PriceTraining
    {
        private static readonly string[] Features = { nameof(HouseData.Size), nameof(HouseData.Bedrooms), nameof(HouseData.Age) };
        private readonly string _dataPath;

        public PriceTraining(string dataPath) => _dataPath = dataPath;

        public TrainedModel TrainFastTree()
        {
            var ml = new MLContext(seed: 1); // ok
            var data = ml.Data.LoadFromTextFile<HouseData>(_dataPath, hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2); // ok
            var pipeline = ml.Transforms.Concatenate("Features", Features)
                .Append(ml.Regression.Trainers.FastTree(labelColumnName: "Price", numberOfTrees: 100)); // ok
            var model = pipeline.Fit(split.TrainSet);
            Report("FastTree", ml, model, split.TestSet);
            return new TrainedModel(ml, model, data.Schema);
        }

        public void TrainSdca()
        {
            var ml = new MLContext(seed: 1); // ok
            var data = ml.Data.LoadFromTextFile<HouseData>(_dataPath, hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1); // ok
            var pipeline = ml.Transforms.Concatenate("Features", Features)
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.Regression.Trainers.Sdca(labelColumnName: "Price", maximumNumberOfIterations: 50)); // expect: MLO1002
            Report("SDCA", ml, pipeline.Fit(split.TrainSet), split.TestSet);
        }

        public void TrainSdcaSingleThreaded()
        {
            var ml = new MLContext(seed: 1); // ok
            var data = ml.Data.LoadFromTextFile<HouseData>(_dataPath, hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
            var options = new SdcaRegressionTrainer.Options
            {
                LabelColumnName = "Price",
                MaximumNumberOfIterations = 50,
                NumberOfThreads = 1,
            };
            var pipeline = ml.Transforms.Concatenate("Features", Features)
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.Regression.Trainers.Sdca(options)); // ok
            Report("SDCA, one thread", ml, pipeline.Fit(split.TrainSet), split.TestSet);
        }

        public void TrainLightGbm()
        {
            var ml = new MLContext(seed: 1); // ok
            var data = ml.Data.LoadFromTextFile<HouseData>(_dataPath, hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
            var pipeline = ml.Transforms.Concatenate("Features", Features)
                .Append(ml.Regression.Trainers.LightGbm(labelColumnName: "Price", numberOfLeaves: 31)); // expect: MLO1002
            Report("LightGBM", ml, pipeline.Fit(split.TrainSet), split.TestSet);
        }

        public void TrainLightGbmDeterministic()
        {
            var ml = new MLContext(seed: 1); // ok
            var data = ml.Data.LoadFromTextFile<HouseData>(_dataPath, hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
            var options = new LightGbmRegressionTrainer.Options
            {
                LabelColumnName = "Price",
                NumberOfLeaves = 31,
                Deterministic = true,
            };
            var pipeline = ml.Transforms.Concatenate("Features", Features)
                .Append(ml.Regression.Trainers.LightGbm(options)); // ok
            Report("LightGBM, deterministic", ml, pipeline.Fit(split.TrainSet), split.TestSet);
        }

        private static void Report(string name, MLContext ml, ITransformer model, IDataView testSet)
        {
            var metrics = ml.Regression.Evaluate(model.Transform(testSet), labelColumnName: "Price");
            Console.WriteLine($"{name}: R² {metrics.RSquared:F3}, RMSE {metrics.RootMeanSquaredError:F1}");
        }
    }

    public sealed class TrainedModel
    {
        private readonly MLContext _ml;
        private readonly ITransformer _model;
        private readonly DataViewSchema _schema;

        public TrainedModel(MLContext ml, ITransformer model, DataViewSchema schema)
        {
            _ml = ml;
            _model = model;
            _schema = schema;
        }

        public void SaveTo(string path) => _ml.Model.Save(_model, _schema, path);
    }
}
