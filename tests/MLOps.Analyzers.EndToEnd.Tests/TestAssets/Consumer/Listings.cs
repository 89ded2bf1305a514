using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Listings
{
    public class Listing
    {
        [LoadColumn(0)] public float Rooms { get; set; }
        [LoadColumn(1)] public float Area { get; set; }
        [LoadColumn(2)] public string District { get; set; } = "";
        [LoadColumn(3)] public float Price { get; set; }
        [LoadColumn(4)] public bool Sold { get; set; }
    }

    public class SearchResult
    {
        [LoadColumn(0)] public uint QueryId { get; set; }
        [LoadColumn(1)] public float Relevance { get; set; }
        [LoadColumn(2)] public float TitleMatch { get; set; }
        [LoadColumn(3)] public float Clicks { get; set; }
    }

    /// <summary>Price and sale models for a property listings site, and a search ranker.</summary>
    public static class ListingModels
    {
        public static void FromLaptop()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromTextFile<Listing>(@"C:\Users\dana\Desktop\listings.csv", hasHeader: true, separatorChar: ','); // expect: MLO2001
            Console.WriteLine(data.Schema.Count);
        }

        public static void PinnedAndUnpinned()
        {
            var ml = new MLContext(seed: 1);
            var pinned = ml.Data.LoadFromTextFile<Listing>("data/listings.csv", hasHeader: true, separatorChar: ','); // ok
            var unpinned = ml.Data.LoadFromTextFile<Listing>("data/listings-latest.csv", hasHeader: true, separatorChar: ','); // expect: MLO2002
            var tabbed = ml.Data.LoadFromTextFile<Listing>("data/listings.csv", hasHeader: true); // expect: MLO2006
            Console.WriteLine(pinned.Schema.Count + unpinned.Schema.Count + tabbed.Schema.Count);
        }

        public static void PriceModel(IDataView data)
        {
            var ml = new MLContext(seed: 2);
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
            var pipeline = ml.Transforms.Categorical.OneHotEncoding("DistrictEncoded", nameof(Listing.District))
                .Append(ml.Transforms.Concatenate("Features", "Rooms", "Area", "DistrictEncoded", "Price")) // expect: MLO2003
                .Append(ml.Regression.Trainers.FastTree(labelColumnName: "Price"));
            var model = pipeline.Fit(split.TrainSet);
            var onTrain = ml.Regression.Evaluate(model.Transform(split.TrainSet), labelColumnName: "Price"); // expect: MLO3002
            var onTest = ml.Regression.Evaluate(model.Transform(split.TestSet), labelColumnName: "Price"); // ok
            Console.WriteLine($"R² train {onTrain.RSquared:F3}, test {onTest.RSquared:F3}");
        }

        public static void SaleModel(string path)
        {
            var ml = new MLContext(seed: 3);
            var data = ml.Data.LoadFromTextFile<Listing>(path, hasHeader: true, separatorChar: ',');
            var normalizer = ml.Transforms.Concatenate("Features", "Rooms", "Area").Append(ml.Transforms.NormalizeMeanVariance("Features")); // expect: MLO2008
            var normalized = normalizer.Fit(data).Transform(data);
            var split = ml.Data.TrainTestSplit(normalized, testFraction: 0.2);
            var model = ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Sold").Fit(split.TrainSet);
            var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet), labelColumnName: "Sold");
            Console.WriteLine($"Accuracy {metrics.Accuracy:P1}"); // expect: MLO3004
        }

        public static void SaleModelDoneRight(string path)
        {
            var ml = new MLContext(seed: 3);
            var data = ml.Data.LoadFromTextFile<Listing>(path, hasHeader: true, separatorChar: ',');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
            var pipeline = ml.Transforms.Concatenate("Features", "Rooms", "Area")
                .Append(ml.Transforms.NormalizeMeanVariance("Features")) // ok
                .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Sold", featureColumnName: "Features")); // ok
            var model = pipeline.Fit(split.TrainSet);
            var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet), labelColumnName: "Sold");
            ml.BinaryClassification.Evaluate(model.Transform(split.TestSet), labelColumnName: "Sold"); // expect: MLO3003
            Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F3}, accuracy {metrics.Accuracy:P1}"); // ok
        }

        public static void Typo(string path)
        {
            var ml = new MLContext(seed: 4);
            var data = ml.Data.LoadFromTextFile<Listing>(path, hasHeader: true, separatorChar: ',');
            var pipeline = ml.Transforms.Categorical.OneHotEncoding("DistrictEncoded", "Distrct") // expect: MLO2007
                .Append(ml.Transforms.Concatenate("Features", "Rooms", "Area", "DistrictEncoded")) // ok
                .Append(ml.Regression.Trainers.FastForest(labelColumnName: "Price"));
            Console.WriteLine(pipeline.Fit(data).Transform(data).Schema.Count);
        }

        public static void Ranker(string path)
        {
            var ml = new MLContext(seed: 5);
            var data = ml.Data.LoadFromTextFile<SearchResult>(path, hasHeader: true, separatorChar: ',');
            var leaky = ml.Data.TrainTestSplit(data, testFraction: 0.2); // expect: MLO2005
            var grouped = ml.Data.TrainTestSplit(data, testFraction: 0.2, samplingKeyColumnName: "GroupId"); // ok
            var pipeline = ml.Transforms.Conversion.MapValueToKey("GroupId", nameof(SearchResult.QueryId))
                .Append(ml.Transforms.Concatenate("Features", nameof(SearchResult.TitleMatch), nameof(SearchResult.Clicks)))
                .Append(ml.Ranking.Trainers.FastTree(labelColumnName: nameof(SearchResult.Relevance), rowGroupColumnName: "GroupId"));
            var leakyModel = pipeline.Fit(leaky.TrainSet);
            var model = pipeline.Fit(grouped.TrainSet);
            var metrics = ml.Ranking.Evaluate(model.Transform(grouped.TestSet), labelColumnName: nameof(SearchResult.Relevance), rowGroupColumnName: "GroupId");
            Console.WriteLine(metrics.NormalizedDiscountedCumulativeGains[2] + leakyModel.GetHashCode());
        }
    }
}
