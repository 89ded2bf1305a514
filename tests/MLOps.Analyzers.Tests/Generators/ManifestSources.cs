namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>Representative ML.NET projects the manifest generator is tested on (they compile against ML.NET 5.0.1).</summary>
    internal static class ManifestSources
    {
        public const string ListingPath = GeneratorHarness.ProjectDirectory + "/Listing.cs";
        public const string PricePath = GeneratorHarness.ProjectDirectory + "/Pipelines/PricePipelines.cs";
        public const string ChurnPath = GeneratorHarness.ProjectDirectory + "/Pipelines/Churn.cs";

        public const string Listing = """
            using Microsoft.ML.Data;

            namespace Shop
            {
                public class Listing
                {
                    [LoadColumn(0)] public string Category { get; set; } = "";
                    [LoadColumn(1)] public float Rooms { get; set; }
                    [LoadColumn(2)] public float Area { get; set; }
                    [LoadColumn(3), ColumnName("Label")] public float Price { get; set; }
                }

                public class Customer
                {
                    [LoadColumn(0)] public float Tenure;
                    [LoadColumn(1, 4), VectorType(4)] public float[] Usage = new float[4];
                    [LoadColumn(5)] public bool Churned;
                }
            }
            """;

        /// <summary>A Model Builder-style factory returning the chain, fitted by a caller in the same file.</summary>
        public const string Price = """
            using System;
            using Microsoft.ML;

            namespace Shop
            {
                public static class PricePipelines
                {
                    private const int TreeCount = 50;

                    public static IEstimator<ITransformer> BuildPipeline(MLContext ml) =>
                        ml.Transforms.Categorical.OneHotEncoding("CategoryEncoded", nameof(Listing.Category))
                            .Append(ml.Transforms.Concatenate("Features", "CategoryEncoded", nameof(Listing.Rooms), nameof(Listing.Area)))
                            .Append(ml.Regression.Trainers.FastTree(numberOfLeaves: 16, numberOfTrees: TreeCount));

                    public static void Train()
                    {
                        var ml = new MLContext(seed: 7);
                        var data = ml.Data.LoadFromTextFile<Listing>("data/listings.csv", hasHeader: true, separatorChar: ',');
                        var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 3);
                        var model = BuildPipeline(ml).Fit(split.TrainSet);
                        var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet));
                        Console.WriteLine(metrics.RSquared);
                        ml.Model.Save(model, data.Schema, "models/price.zip");
                    }
                }
            }
            """;

        /// <summary>An inline pipeline: seed 11, multi-threaded SDCA (not deterministic), evaluated on its training data.</summary>
        public const string Churn = """
            using System;
            using System.IO;
            using Microsoft.ML;

            namespace Shop
            {
                internal static class Churn
                {
                    public static void Train(string root)
                    {
                        var ml = new MLContext(seed: 11);
                        IDataView data = ml.Data.LoadFromTextFile<Customer>(Path.Combine(root, "churn.tsv"), hasHeader: true);
                        var pipeline = ml.Transforms.Concatenate("Features", nameof(Customer.Tenure), nameof(Customer.Usage))
                            .Append(ml.Transforms.NormalizeMinMax("Features"))
                            .AppendCacheCheckpoint(ml)
                            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: nameof(Customer.Churned)));
                        var model = pipeline.Fit(data);
                        var metrics = ml.BinaryClassification.Evaluate(model.Transform(data), labelColumnName: nameof(Customer.Churned));
                        Console.WriteLine(metrics.AreaUnderRocCurve);
                    }
                }
            }
            """;

        public static (string Path, string Text)[] Shop => new[] { (ListingPath, Listing), (PricePath, Price), (ChurnPath, Churn) };

        /// <summary>Strings from user code that must be escaped in JSON and in the generated C#.</summary>
        public const string Adversarial = """"""
            using Microsoft.ML;
            using Microsoft.ML.Data;

            namespace Données.Naïve
            {
                public class Ligne
                {
                    [LoadColumn(0)] public float Âge { get; set; }
                    [LoadColumn(1), ColumnName("Prix \"TTC\"")] public float Prix { get; set; }
                }

                public static class Entraînement
                {
                    public static void Run()
                    {
                        var ml = new MLContext(seed: 1);
                        var data = ml.Data.LoadFromTextFile<Ligne>("données/\"quoted\"\\back\\slash\n\r\t\u2028\"\"\"日本 😀.csv", hasHeader: true);
                        var pipeline = ml.Transforms.Concatenate("Fea\"tures\\", nameof(Ligne.Âge))
                            .Append(ml.Regression.Trainers.FastTree(labelColumnName: "Prix \"TTC\\\"", featureColumnName: "Fea\"tures\\"));
                        var model = pipeline.Fit(data);
                    }
                }
            }
            """""";
    }
}
