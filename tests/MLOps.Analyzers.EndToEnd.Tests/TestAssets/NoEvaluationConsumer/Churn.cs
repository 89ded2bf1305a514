using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Churn
{
    public class Customer
    {
        [LoadColumn(0)] public float Tenure { get; set; }
        [LoadColumn(1)] public float MonthlySpend { get; set; }
        [LoadColumn(2)] public bool Churned { get; set; }
    }

    public class ChurnPrediction
    {
        [ColumnName("PredictedLabel")] public bool WillChurn { get; set; }
    }

    /// <summary>A churn model trained nightly; nobody ever measures it.</summary>
    public static class ChurnJob
    {
        public static void TrainAndShip(string dataPath, string modelPath)
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromTextFile<Customer>(dataPath, hasHeader: true, separatorChar: ',');
            var pipeline = ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlySpend))
                .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: nameof(Customer.Churned)));
            var model = pipeline.Fit(data); // expect: MLO3001
            ml.Model.Save(model, data.Schema, Path(modelPath));
        }

        public static bool TrainAndScore(string dataPath, Customer customer)
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromTextFile<Customer>(dataPath, hasHeader: true, separatorChar: ',');
            var pipeline = ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlySpend))
                .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: nameof(Customer.Churned)));
            var model = pipeline.Fit(data); // expect: MLO3001
            var engine = ml.Model.CreatePredictionEngine<Customer, ChurnPrediction>(model);
            return engine.Predict(customer).WillChurn;
        }

        // Trained and returned: the caller may evaluate it.
        public static ITransformer Train(MLContext ml, IDataView data)
        {
            var pipeline = ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.MonthlySpend))
                .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: nameof(Customer.Churned)));
            return pipeline.Fit(data); // ok
        }

        private static string Path(string modelPath) => modelPath + "." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + ".zip";
    }
}

namespace Churn
{
    public static class Program
    {
        public static void Main(string[] args) => ChurnJob.TrainAndShip(args[0], args[1]);
    }
}
