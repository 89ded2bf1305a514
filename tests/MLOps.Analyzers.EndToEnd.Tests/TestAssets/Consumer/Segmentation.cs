using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Consumer
{
    public class Customer
    {
        [LoadColumn(0)] public float Recency { get; set; }
        [LoadColumn(1)] public float Frequency { get; set; }
        [LoadColumn(2)] public float Monetary { get; set; }
        [LoadColumn(3)] public float Spend { get; set; }
    }

    public class Segment
    {
        [ColumnName("PredictedLabel")] public uint ClusterId { get; set; }
    }

    public class SpendBucket
    {
        public bool IsBigSpender { get; set; }
    }

    /// <summary>Customer segmentation and spend models over a CSV export.</summary>
    public static class Segmentation
    {
        private static readonly string[] Features = { nameof(Customer.Recency), nameof(Customer.Frequency), nameof(Customer.Monetary) };

        public static ITransformer Cluster(string path)
        {
            var ml = new MLContext(seed: 7);
            var data = ml.Data.LoadFromTextFile<Customer>(path, hasHeader: true, separatorChar: ',');
            var pipeline = ml.Transforms.Concatenate("Features", Features)
                .Append(ml.Clustering.Trainers.KMeans(numberOfClusters: 4)); // expect: MLO1002, MLO5001, MLO5002
            return pipeline.Fit(data);
        }

        public static ITransformer ClusterWell(string path)
        {
            var ml = new MLContext(seed: 7);
            var data = ml.Data.LoadFromTextFile<Customer>(path, hasHeader: true, separatorChar: ',');
            var pipeline = ml.Transforms.Concatenate("Features", Features)
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .AppendCacheCheckpoint(ml)
                .Append(ml.Clustering.Trainers.KMeans(new Microsoft.ML.Trainers.KMeansTrainer.Options { NumberOfClusters = 4, NumberOfThreads = 1 })); // ok
            var model = pipeline.Fit(data);
            var preview = model.Transform(data).Preview(maxRows: 5); // expect: MLO5003
            Console.WriteLine(preview.RowView.Length);
            return model;
        }

        public static void SpendModels(string path)
        {
            var ml = new MLContext(seed: 11);
            var data = ml.Data.LoadFromTextFile<Customer>(path, hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.25);
            var linear = ml.Transforms.Concatenate("Features", Features)
                .Append(ml.Regression.Trainers.Sdca(new Microsoft.ML.Trainers.SdcaRegressionTrainer.Options { LabelColumnName = nameof(Customer.Spend), NumberOfThreads = 1 })); // expect: MLO5002
            var trees = ml.Transforms.Concatenate("Features", Features)
                .Append(ml.Regression.Trainers.FastTree(labelColumnName: nameof(Customer.Spend))); // ok
            var linearModel = linear.Fit(split.TrainSet);
            var treeModel = trees.Fit(split.TrainSet);
            Console.WriteLine(ml.Regression.Evaluate(linearModel.Transform(split.TestSet), nameof(Customer.Spend)).RSquared);
            Console.WriteLine(ml.Regression.Evaluate(treeModel.Transform(split.TestSet), nameof(Customer.Spend)).RSquared);
        }

        public static void SaveWithCustomMapping(string path, string modelPath)
        {
            var ml = new MLContext(seed: 5);
            var data = ml.Data.LoadFromTextFile<Customer>(path, hasHeader: true, separatorChar: ',');
            Action<Customer, SpendBucket> bucket = (input, output) => output.IsBigSpender = input.Spend > 1000;
            var pipeline = ml.Transforms.CustomMapping(bucket, contractName: null); // expect: MLO4005
            var model = pipeline.Fit(data);
            ml.Model.Save(model, data.Schema, modelPath);

            var inMemory = ml.Transforms.CustomMapping(bucket, contractName: null).Fit(data); // ok
            Console.WriteLine(inMemory.Transform(data).Schema.Count);
        }
    }
}
