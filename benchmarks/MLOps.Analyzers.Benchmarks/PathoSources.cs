using System.Collections.Generic;
using System.Text;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// One file with K repetitions of one ML.NET construct in one method, for the generator's growth per doubling of K
    /// (the same code as benchmarks/workloads/patho_gen.py writes for these constructs):
    /// <list type="bullet">
    /// <item><c>fits</c>: one pipeline, K x (Fit, Evaluate on the test set, Save).</item>
    /// <item><c>trainers</c>: K separate inline pipelines, each with its own trainer, fitted and evaluated (K manifest pipelines).</item>
    /// <item><c>reassign</c>: <c>pipeline = pipeline.Append(transform)</c> K times, the trainer appended last, then Fit/Evaluate/Save.</item>
    /// </list>
    /// </summary>
    internal static class PathoSources
    {
        public static readonly string[] Constructs = { "fits", "trainers", "reassign" };

        private const string Head = @"using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Patho
{
    public class Row
    {
        [LoadColumn(0)] public bool Label { get; set; }
        [LoadColumn(1)] public float A { get; set; }
        [LoadColumn(2)] public float B { get; set; }
        [LoadColumn(3)] public float C { get; set; }
    }

    public class Pred
    {
        public bool PredictedLabel { get; set; }
        public float Score { get; set; }
    }
";

        private static readonly string[] Transforms =
        {
            "ml.Transforms.NormalizeMinMax(\"Features\")", "ml.Transforms.CopyColumns(\"Features\", \"Features\")", "ml.Transforms.NormalizeMeanVariance(\"Features\")",
        };

        private const string Trainer = "ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 20)";
        private const string Load = "ml.Data.LoadFromTextFile<Row>(\"data.csv\", separatorChar: ',', hasHeader: true)";

        public static string Generate(string construct, int k)
        {
            var lines = new List<string>
            {
                "var ml = new MLContext(seed: 1);",
                $"var data = {Load};",
                "var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);",
            };
            switch (construct)
            {
                case "fits":
                    lines.Add($"var pipeline = ml.Transforms.Concatenate(\"Features\", \"A\", \"B\", \"C\").Append({Trainer});");
                    lines.Add("double total = 0;");
                    for (var i = 0; i < k; i++)
                    {
                        lines.Add($"var model{i} = pipeline.Fit(split.TrainSet);");
                        lines.Add($"var metrics{i} = ml.BinaryClassification.Evaluate(model{i}.Transform(split.TestSet));");
                        lines.Add($"ml.Model.Save(model{i}, data.Schema, modelPath + \"{i}\");");
                        lines.Add($"total += metrics{i}.AreaUnderRocCurve;");
                    }

                    lines.Add("return total;");
                    break;
                case "trainers":
                    lines.Add("double total = 0;");
                    for (var i = 0; i < k; i++)
                    {
                        lines.Add($"var model{i} = ml.Transforms.Concatenate(\"Features\", \"A\", \"B\", \"C\").Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: {i % 50 + 2})).Fit(split.TrainSet);");
                        lines.Add($"total += ml.BinaryClassification.Evaluate(model{i}.Transform(split.TestSet)).AreaUnderRocCurve;");
                    }

                    lines.Add("return total;");
                    break;
                case "reassign":
                    lines.Add("IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate(\"Features\", \"A\", \"B\", \"C\");");
                    for (var i = 0; i < k; i++)
                    {
                        lines.Add($"pipeline = pipeline.Append({Transforms[i % 3]});");
                    }

                    lines.Add($"pipeline = pipeline.Append({Trainer});");
                    lines.Add("var model = pipeline.Fit(split.TrainSet);");
                    lines.Add("var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));");
                    lines.Add("ml.Model.Save(model, data.Schema, modelPath);");
                    lines.Add("return metrics.AreaUnderRocCurve;");
                    break;
                default:
                    throw new System.ArgumentException("unknown construct " + construct, nameof(construct));
            }

            var text = new StringBuilder(Head);
            text.Append("    public static class Trainer\n    {\n        public static double Train(string modelPath)\n        {\n");
            foreach (var line in lines)
            {
                text.Append("            ").Append(line).Append('\n');
            }

            text.Append("        }\n    }\n}\n");
            return text.ToString();
        }
    }
}
