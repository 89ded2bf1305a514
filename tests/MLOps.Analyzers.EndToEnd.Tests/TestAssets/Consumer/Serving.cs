using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Consumer
{
    public class Review
    {
        [LoadColumn(0)] public string Text { get; set; } = "";
        [LoadColumn(1)] public bool Label { get; set; }
    }

    public class ReviewPrediction
    {
        [ColumnName("PredictedLabel")] public bool IsPositive { get; set; }
        public float Probability { get; set; }
        public float Score { get; set; }
    }

    // The shape Model Builder generates for consumption: one engine for the whole process.
    public static class SentimentModel
    {
        public static readonly string ModelPath = Path.Combine(AppContext.BaseDirectory, "sentiment.zip");

        private static readonly Lazy<PredictionEngine<Review, ReviewPrediction>> Engine = new(CreateEngine, true); // expect: MLO4001

        public static ReviewPrediction Predict(Review input) => Engine.Value.Predict(input);

        private static PredictionEngine<Review, ReviewPrediction> CreateEngine()
        {
            var ml = new MLContext();
            var model = ml.Model.Load(ModelPath, out var schema); // ok
            return ml.Model.CreatePredictionEngine<Review, ReviewPrediction>(model, inputSchema: schema);
        }
    }

    // One engine per thread: fine.
    public static class PerThreadScoring
    {
        [ThreadStatic] private static PredictionEngine<Review, ReviewPrediction>? _engine; // ok
        private static readonly ThreadLocal<PredictionEngine<Review, ReviewPrediction>> Engines = new(() => Create()); // ok

        public static bool IsPositive(Review review)
        {
            _engine ??= Create();
            return _engine.Predict(review).IsPositive && Engines.Value!.Predict(review).IsPositive;
        }

        private static PredictionEngine<Review, ReviewPrediction> Create()
        {
            var ml = new MLContext();
            var model = ml.Model.Load(SentimentModel.ModelPath, out var schema);
            return ml.Model.CreatePredictionEngine<Review, ReviewPrediction>(model, inputSchema: schema);
        }
    }

    // An engine owned by an instance (one scorer per request or per job): fine.
    public sealed class ReviewScorer
    {
        private readonly PredictionEngine<Review, ReviewPrediction> _engine; // ok

        public ReviewScorer(MLContext ml, ITransformer model) =>
            _engine = ml.Model.CreatePredictionEngine<Review, ReviewPrediction>(model);

        public float Score(Review review) => _engine.Predict(review).Score;
    }

    public static class BatchScoring
    {
        public static List<bool> ScoreAll(MLContext ml, ITransformer model, IReadOnlyList<Review> reviews)
        {
            var results = new List<bool>();
            foreach (var review in reviews)
            {
                var engine = ml.Model.CreatePredictionEngine<Review, ReviewPrediction>(model); // expect: MLO4002
                results.Add(engine.Predict(review).IsPositive);
            }

            return results;
        }

        public static List<bool> ScoreAllOnce(MLContext ml, ITransformer model, IReadOnlyList<Review> reviews)
        {
            var engine = ml.Model.CreatePredictionEngine<Review, ReviewPrediction>(model); // ok
            return reviews.Select(r => engine.Predict(r).IsPositive).ToList();
        }

        public static void ScoreInParallel(MLContext ml, ITransformer model, Review[] reviews, bool[] results)
        {
            var engine = ml.Model.CreatePredictionEngine<Review, ReviewPrediction>(model);
            Parallel.For(0, reviews.Length, i => results[i] = engine.Predict(reviews[i]).IsPositive); // expect: MLO4001
        }

        public static Dictionary<string, float> ScoreEveryModel(MLContext ml, IEnumerable<string> modelPaths, Review review)
        {
            var scores = new Dictionary<string, float>();
            foreach (var path in modelPaths)
            {
                var model = ml.Model.Load(path, out var schema); // ok
                var engine = ml.Model.CreatePredictionEngine<Review, ReviewPrediction>(model, inputSchema: schema); // ok
                scores[path] = engine.Predict(review).Score;
            }

            return scores;
        }

        public static float ScoreOne(MLContext ml, string path, Review review)
        {
            var model = ml.Model.Load(path, out _); // expect: MLO4004
            var engine = ml.Model.CreatePredictionEngine<Review, ReviewPrediction>(model);
            var prediction = engine.Predict(review);
            return prediction.Probability > 0.8f ? 1f : 0f; // expect: MLO5004
        }

        public static bool IsPositive(ReviewPrediction prediction) => prediction.Probability >= 0.5f; // ok
    }

    public static class SentimentTraining
    {
        public static void TrainAndSave(string dataPath, string modelDirectory)
        {
            var ml = new MLContext(seed: 3);
            var data = ml.Data.LoadFromTextFile<Review>(dataPath, hasHeader: true, separatorChar: '\t');
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
            var pipeline = ml.Transforms.Text.FeaturizeText("Features", nameof(Review.Text))
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()); // ok
            var model = pipeline.Fit(split.TrainSet);
            var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
            Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F3}");

            ml.Model.Save(model, null, Path.Combine(modelDirectory, $"sentiment-{DateTime.UtcNow:yyyyMMddHHmmss}.zip")); // expect: MLO4003
            ml.Model.Save(model, split.TrainSet.Schema, "sentiment.zip"); // expect: MLO4006
            ml.Model.Save(model, split.TrainSet.Schema, Path.Combine(modelDirectory, "sentiment-v3.zip")); // ok
            var thresholded = ml.BinaryClassification.ChangeModelThreshold(model.LastTransformer, 0.7f); // expect: MLO5004
        }
    }
}
