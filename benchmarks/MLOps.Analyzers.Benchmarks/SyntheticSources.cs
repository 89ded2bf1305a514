using System;
using System.Collections.Generic;
using System.Globalization;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// A deterministic (seeded) generator of C# files that look like the code of a large ML.NET solution: training
    /// programs that trigger the rules, the same programs written cleanly, serving code (good and bad) and plain non-ML
    /// code. Every file has its own namespace so the files compile together into one assembly without conflicts.
    /// </summary>
    internal static class SyntheticSources
    {
        /// <summary>The kinds of file, in the proportions they are generated.</summary>
        internal enum FileKind
        {
            /// <summary>Training code with several smells (Reproducibility, Data, Evaluation, Serving, Performance).</summary>
            SmellyTraining,

            /// <summary>Training code that a careful team would write: seeded, split, evaluated on the test set.</summary>
            CleanTraining,

            /// <summary>Serving code that shares an engine, re-creates it per item and discards the schema.</summary>
            SmellyServing,

            /// <summary>Serving code with a pooled-per-call engine and the loaded schema kept.</summary>
            CleanServing,

            /// <summary>Ordinary application code with no ML.NET at all.</summary>
            Plain,
        }

        private static readonly string[] Entities = { "House", "Loan", "Churn", "Flight", "Taxi", "Sensor", "Review", "Claim" };
        private static readonly string[] Columns = { "Size", "Rooms", "Age", "Income", "Distance", "Duration", "Temperature", "Count", "Rate", "Score0" };

        /// <summary>Generates <paramref name="count"/> files; the same seed always gives the same files.</summary>
        public static IReadOnlyList<(string Path, string Text, FileKind Kind)> Generate(int count, int seed)
        {
            var random = new Random(seed);
            var files = new List<(string, string, FileKind)>(count);
            for (int i = 0; i < count; i++)
            {
                // 30 % smelly training, 20 % clean training, 15 % smelly serving, 10 % clean serving, 25 % plain code.
                int roll = random.Next(100);
                FileKind kind = roll < 30 ? FileKind.SmellyTraining
                    : roll < 50 ? FileKind.CleanTraining
                    : roll < 65 ? FileKind.SmellyServing
                    : roll < 75 ? FileKind.CleanServing
                    : FileKind.Plain;
                string entity = Entities[random.Next(Entities.Length)] + i.ToString(CultureInfo.InvariantCulture);
                string[] columns = PickColumns(random);
                string text = kind switch
                {
                    FileKind.SmellyTraining => SmellyTraining(i, entity, columns, random),
                    FileKind.CleanTraining => CleanTraining(i, entity, columns, random),
                    FileKind.SmellyServing => SmellyServing(i, entity, columns),
                    FileKind.CleanServing => CleanServing(i, entity, columns),
                    _ => Plain(i, entity, random),
                };
                files.Add(($"Synthetic/{kind}/File{i:D4}.cs", text, kind));
            }

            return files;
        }

        private static string[] PickColumns(Random random)
        {
            int n = 3 + random.Next(4);
            var picked = new List<string>(n);
            while (picked.Count < n)
            {
                string column = Columns[random.Next(Columns.Length)];
                if (!picked.Contains(column))
                {
                    picked.Add(column);
                }
            }

            return picked.ToArray();
        }

        private static string DataClasses(string entity, string[] columns)
        {
            var fields = new System.Text.StringBuilder();
            for (int c = 0; c < columns.Length; c++)
            {
                fields.Append("        [LoadColumn(").Append(c).Append(")] public float ").Append(columns[c]).Append(";\n");
            }

            return $$"""
                public sealed class {{entity}}Row
                {
                {{fields}}        [LoadColumn({{columns.Length}})] public bool Label;
                }

                public sealed class {{entity}}Prediction
                {
                    [ColumnName("PredictedLabel")] public bool PredictedLabel;
                    public float Probability;
                    public float Score;
                }
                """;
        }

        private static string Quoted(string[] columns) => "\"" + string.Join("\", \"", columns) + "\"";

        private static string SmellyTraining(int i, string entity, string[] columns, Random random)
        {
            // One of several trainers and a varying subset of smells, so the rules see different shapes.
            int variant = random.Next(4);
            string trainer = variant switch
            {
                0 => "ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: \"Label\", featureColumnName: \"Features\")",
                1 => "ml.BinaryClassification.Trainers.LightGbm(labelColumnName: \"Label\", featureColumnName: \"Features\")",
                2 => "ml.BinaryClassification.Trainers.FastTree(labelColumnName: \"Label\", featureColumnName: \"Features\")",
                _ => "ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: \"Label\", featureColumnName: \"Features\")",
            };
            // Seeded context (then SDCA/LightGBM are MLO1002) or none at all (MLO1001).
            string context = random.Next(2) == 0 ? "new MLContext(seed: 7)" : "new MLContext()";
            // Label concatenated into the features (MLO2003) in half of the files.
            string features = random.Next(2) == 0 ? Quoted(columns) + ", \"Label\"" : Quoted(columns);
            string threshold = (0.5 + random.Next(40) / 100.0).ToString("0.00", CultureInfo.InvariantCulture);
            return $$"""
                using System;
                using System.IO;
                using Microsoft.ML;
                using Microsoft.ML.Data;

                namespace Synthetic.N{{i}}
                {
                {{DataClasses(entity, columns)}}

                    public static class {{entity}}Trainer
                    {
                        public static void Train()
                        {
                            var ml = {{context}};
                            IDataView data = ml.Data.LoadFromTextFile<{{entity}}Row>(@"C:\data\{{entity}}.csv", hasHeader: true);
                            IDataView shuffled = ml.Data.ShuffleRows(data);
                            var split = ml.Data.TrainTestSplit(shuffled, testFraction: 0.2);
                            var pipeline = ml.Transforms.Concatenate("Features", {{features}})
                                .Append({{trainer}});
                            var model = pipeline.Fit(split.TrainSet);
                            Console.WriteLine(pipeline.Preview(split.TrainSet, maxRows: 5).RowView.Length);
                            var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TrainSet));
                            Console.WriteLine($"Accuracy: {metrics.Accuracy:F3}");
                            ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
                            ml.Model.Save(model, null, "model.zip");
                        }

                        public static void Cluster()
                        {
                            var ml = new MLContext(seed: Environment.TickCount);
                            IDataView data = ml.Data.LoadFromTextFile<{{entity}}Row>("/home/ci/data/{{entity}}-clusters.tsv");
                            var pipeline = ml.Transforms.Concatenate("Features", {{Quoted(columns)}})
                                .Append(ml.Clustering.Trainers.KMeans("Features", numberOfClusters: 3));
                            var model = pipeline.Fit(data);
                            ml.Model.Save(model, data.Schema, "clusters.zip");
                        }

                        public static bool IsPositive({{entity}}Prediction prediction) => prediction.Probability > {{threshold}}f;

                        public static IDataView Synthesize(int n)
                        {
                            var random = new Random();
                            var rows = new System.Collections.Generic.List<{{entity}}Row>(n);
                            for (int k = 0; k < n; k++)
                            {
                                rows.Add(new {{entity}}Row { {{columns[0]}} = (float)random.NextDouble(), Label = random.Next(2) == 0 });
                            }

                            var ml = new MLContext(seed: 1);
                            return ml.Data.LoadFromEnumerable(rows);
                        }
                    }
                }
                """;
        }

        private static string CleanTraining(int i, string entity, string[] columns, Random random)
        {
            int seed = random.Next(1, 1000);
            string trainer = random.Next(2) == 0
                ? "ml.BinaryClassification.Trainers.FastTree(labelColumnName: \"Label\", featureColumnName: \"Features\")"
                : "ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: \"Label\", featureColumnName: \"Features\")";
            return $$"""
                using System;
                using System.IO;
                using Microsoft.ML;
                using Microsoft.ML.Data;

                namespace Synthetic.N{{i}}
                {
                {{DataClasses(entity, columns)}}

                    public static class {{entity}}Trainer
                    {
                        public static double Train(string dataDirectory, string modelDirectory)
                        {
                            var ml = new MLContext(seed: {{seed}});
                            string dataPath = Path.Combine(dataDirectory, "v3", "{{entity}}.csv");
                            IDataView data = ml.Data.LoadFromTextFile<{{entity}}Row>(dataPath, separatorChar: ',', hasHeader: true);
                            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: {{seed}});
                            var pipeline = ml.Transforms.Concatenate("Features", {{Quoted(columns)}})
                                .Append(ml.Transforms.NormalizeMinMax("Features"))
                                .AppendCacheCheckpoint(ml)
                                .Append({{trainer}});
                            var model = pipeline.Fit(split.TrainSet);
                            var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
                            Console.WriteLine($"AUC: {metrics.AreaUnderRocCurve:F3} AUPRC: {metrics.AreaUnderPrecisionRecallCurve:F3}");
                            string modelPath = Path.Combine(modelDirectory, $"{{entity}}-{DateTime.UtcNow:yyyyMMddHHmmss}.zip");
                            ml.Model.Save(model, data.Schema, modelPath);
                            return metrics.AreaUnderRocCurve;
                        }
                    }
                }
                """;
        }

        private static string SmellyServing(int i, string entity, string[] columns) => $$"""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.ML;
            using Microsoft.ML.Data;

            namespace Synthetic.N{{i}}
            {
            {{DataClasses(entity, columns)}}

                public static class {{entity}}Scorer
                {
                    private static readonly MLContext Ml = new MLContext();
                    private static PredictionEngine<{{entity}}Row, {{entity}}Prediction>? engine;

                    public static void Start(string modelPath)
                    {
                        ITransformer model = Ml.Model.Load(modelPath, out _);
                        engine = Ml.Model.CreatePredictionEngine<{{entity}}Row, {{entity}}Prediction>(model);
                    }

                    public static bool Score({{entity}}Row row) => engine!.Predict(row).PredictedLabel;

                    public static List<bool> ScoreAll(IEnumerable<{{entity}}Row> rows, string modelPath)
                    {
                        var results = new List<bool>();
                        foreach (var row in rows)
                        {
                            var ml = new MLContext();
                            ITransformer model = ml.Model.Load(modelPath, out DataViewSchema schema);
                            var perItem = ml.Model.CreatePredictionEngine<{{entity}}Row, {{entity}}Prediction>(model, schema);
                            results.Add(perItem.Predict(row).PredictedLabel);
                        }

                        return results;
                    }

                    public static void ScoreParallel({{entity}}Row[] rows, bool[] results) =>
                        Parallel.For(0, rows.Length, k => results[k] = engine!.Predict(rows[k]).PredictedLabel);
                }
            }
            """;

        private static string CleanServing(int i, string entity, string[] columns) => $$"""
            using System;
            using System.Collections.Generic;
            using Microsoft.ML;
            using Microsoft.ML.Data;

            namespace Synthetic.N{{i}}
            {
            {{DataClasses(entity, columns)}}

                public sealed class {{entity}}Scorer
                {
                    private readonly MLContext ml = new MLContext();
                    private readonly ITransformer model;
                    private readonly DataViewSchema inputSchema;

                    public {{entity}}Scorer(string modelPath)
                    {
                        model = ml.Model.Load(modelPath, out inputSchema);
                    }

                    public List<bool> ScoreAll(IEnumerable<{{entity}}Row> rows)
                    {
                        using var engine = ml.Model.CreatePredictionEngine<{{entity}}Row, {{entity}}Prediction>(model, inputSchema);
                        var results = new List<bool>();
                        foreach (var row in rows)
                        {
                            results.Add(engine.Predict(row).PredictedLabel);
                        }

                        return results;
                    }
                }
            }
            """;

        private static string Plain(int i, string entity, Random random)
        {
            int size = 8 + random.Next(64);
            return $$"""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Text;

                namespace Synthetic.N{{i}}
                {
                    public sealed record {{entity}}Order(int Id, string Customer, decimal Amount, DateTime PlacedAt);

                    public sealed class {{entity}}Service
                    {
                        private readonly Dictionary<int, {{entity}}Order> orders = new Dictionary<int, {{entity}}Order>();

                        public void Add({{entity}}Order order)
                        {
                            if (order.Amount < 0)
                            {
                                throw new ArgumentOutOfRangeException(nameof(order), "Negative amount.");
                            }

                            orders[order.Id] = order;
                        }

                        public decimal Total(string customer) =>
                            orders.Values.Where(o => o.Customer == customer).Sum(o => o.Amount);

                        public IEnumerable<{{entity}}Order> Recent(TimeSpan window)
                        {
                            DateTime since = DateTime.UtcNow - window;
                            foreach (var order in orders.Values.OrderByDescending(o => o.PlacedAt))
                            {
                                if (order.PlacedAt < since)
                                {
                                    yield break;
                                }

                                yield return order;
                            }
                        }

                        public string Report()
                        {
                            var builder = new StringBuilder();
                            var buffer = new int[{{size}}];
                            for (int k = 0; k < buffer.Length; k++)
                            {
                                buffer[k] = k * k % {{size}};
                            }

                            foreach (var group in orders.Values.GroupBy(o => o.Customer))
                            {
                                builder.Append(group.Key).Append(": ").Append(group.Sum(o => o.Amount)).AppendLine();
                            }

                            return builder.Append(buffer.Sum()).ToString();
                        }
                    }
                }
                """;
        }
    }
}
