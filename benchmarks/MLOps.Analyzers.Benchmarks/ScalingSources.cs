using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// One C# file with K repetitions of one ML.NET construct, to show how the analyzers grow as the construct doubles.
    /// A C# port of the workload script <c>patho_gen.py</c> (the same constructs, the same text), plus
    /// <c>ifelse_copies</c>. Every file compiles against Microsoft.ML + FastTree 5.0.1.
    /// </summary>
    internal static class ScalingSources
    {
        /// <summary>The constructs, in the order the reports list them.</summary>
        public static readonly string[] Constructs =
        {
            "reassign", "reassign_tfirst", "chain_locals", "ctx_locals", "dataviews", "fits", "trainers", "ctx_methods",
            "ctx_fields", "engines_loop", "ifelse_copies",
        };

        /// <summary>What each construct repeats K times.</summary>
        public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["reassign"] = "`pipeline = pipeline.Append(transform)` K times, trainer appended last, Fit/Evaluate/Save",
            ["reassign_tfirst"] = "the trainer appended first, then K reassignments `pipeline = pipeline.Append(transform)`",
            ["chain_locals"] = "`var q_i = q_{i-1}.Append(transform)` for K locals, trainer last",
            ["ctx_locals"] = "`var ml_i = ml_{i-1}` for K MLContext locals (ml_0 unseeded), a trainer from ml_K",
            ["dataviews"] = "K IDataView locals each loaded (LoadFromTextFile) and split (TrainTestSplit); one Fit at the end",
            ["fits"] = "one pipeline, K x (Fit, Evaluate on the test set, Save)",
            ["trainers"] = "K separate inline pipelines with their own trainer, each fitted and evaluated",
            ["ctx_methods"] = "K private methods each passing the MLContext on to the next; the last trains",
            ["ctx_fields"] = "K MLContext fields, `_ml_i = _ml_{i-1}` in the constructor; a trainer from the last",
            ["engines_loop"] = "inside `foreach (var row in rows)`: K x (Model.Load, CreatePredictionEngine, Predict)",
            ["ifelse_copies"] = "one MLContext local reassigned in K if/else statements, a seeded context in one branch and a copy through a fresh local in the other; a trainer at the end",
        };

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
            "ml.Transforms.NormalizeMinMax(\"Features\")", "ml.Transforms.CopyColumns(\"Features\", \"Features\")",
            "ml.Transforms.NormalizeMeanVariance(\"Features\")",
        };

        private const string Trainer = "ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 20)";
        private const string Load = "ml.Data.LoadFromTextFile<Row>(\"data.csv\", separatorChar: ',', hasHeader: true)";

        public static string Generate(string construct, int k)
        {
            var lines = new List<string>();
            void A(string line) => lines.Add(line);
            switch (construct)
            {
                case "reassign":
                case "reassign_tfirst":
                    A("var ml = new MLContext(seed: 1);");
                    A($"var data = {Load};");
                    A("var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);");
                    A("IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate(\"Features\", \"A\", \"B\", \"C\");");
                    if (construct == "reassign_tfirst")
                    {
                        A($"pipeline = pipeline.Append({Trainer});");
                    }

                    for (var i = 0; i < k; i++)
                    {
                        A($"pipeline = pipeline.Append({Transforms[i % 3]});");
                    }

                    if (construct == "reassign")
                    {
                        A($"pipeline = pipeline.Append({Trainer});");
                    }

                    A("var model = pipeline.Fit(split.TrainSet);");
                    A("var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));");
                    A("ml.Model.Save(model, data.Schema, modelPath);");
                    A("return metrics.AreaUnderRocCurve;");
                    break;
                case "chain_locals":
                    A("var ml = new MLContext(seed: 1);");
                    A($"var data = {Load};");
                    A("var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);");
                    A("var p0 = ml.Transforms.Concatenate(\"Features\", \"A\", \"B\", \"C\");");
                    A($"var q0 = p0.Append({Transforms[0]});");
                    for (var i = 1; i < k; i++)
                    {
                        A($"var q{i} = q{i - 1}.Append({Transforms[i % 3]});");
                    }

                    A($"var last = q{k - 1}.Append({Trainer});");
                    A("var model = last.Fit(split.TrainSet);");
                    A("var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));");
                    A("ml.Model.Save(model, data.Schema, modelPath);");
                    A("return metrics.AreaUnderRocCurve;");
                    break;
                case "ctx_locals":
                    A("var ml0 = new MLContext();");
                    for (var i = 1; i <= k; i++)
                    {
                        A($"var ml{i} = ml{i - 1};");
                    }

                    A($"var ml = ml{k};");
                    A($"var data = {Load};");
                    A("var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);");
                    A($"var model = ml.Transforms.Concatenate(\"Features\", \"A\", \"B\", \"C\").Append({Trainer}).Fit(split.TrainSet);");
                    A("var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));");
                    A("ml.Model.Save(model, data.Schema, modelPath);");
                    A("return metrics.AreaUnderRocCurve;");
                    break;
                case "dataviews":
                    A("var ml = new MLContext(seed: 1);");
                    for (var i = 0; i < k; i++)
                    {
                        A($"var data{i} = ml.Data.LoadFromTextFile<Row>(\"data{i}.csv\", separatorChar: ',', hasHeader: true);");
                        A($"var split{i} = ml.Data.TrainTestSplit(data{i}, testFraction: 0.2);");
                    }

                    A($"var model = ml.Transforms.Concatenate(\"Features\", \"A\", \"B\", \"C\").Append({Trainer}).Fit(split{k - 1}.TrainSet);");
                    A($"var metrics = ml.BinaryClassification.Evaluate(model.Transform(split{k - 1}.TestSet));");
                    A($"ml.Model.Save(model, data{k - 1}.Schema, modelPath);");
                    A("return metrics.AreaUnderRocCurve;");
                    break;
                case "fits":
                    A("var ml = new MLContext(seed: 1);");
                    A($"var data = {Load};");
                    A("var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);");
                    A($"var pipeline = ml.Transforms.Concatenate(\"Features\", \"A\", \"B\", \"C\").Append({Trainer});");
                    A("double total = 0;");
                    for (var i = 0; i < k; i++)
                    {
                        A($"var model{i} = pipeline.Fit(split.TrainSet);");
                        A($"var metrics{i} = ml.BinaryClassification.Evaluate(model{i}.Transform(split.TestSet));");
                        A($"ml.Model.Save(model{i}, data.Schema, modelPath + \"{i}\");");
                        A($"total += metrics{i}.AreaUnderRocCurve;");
                    }

                    A("return total;");
                    break;
                case "trainers":
                    A("var ml = new MLContext(seed: 1);");
                    A($"var data = {Load};");
                    A("var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);");
                    A("double total = 0;");
                    for (var i = 0; i < k; i++)
                    {
                        A($"var model{i} = ml.Transforms.Concatenate(\"Features\", \"A\", \"B\", \"C\").Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: {(i % 50) + 2})).Fit(split.TrainSet);");
                        A($"total += ml.BinaryClassification.Evaluate(model{i}.Transform(split.TestSet)).AreaUnderRocCurve;");
                    }

                    A("return total;");
                    break;
                case "ctx_methods":
                    return CtxMethods(k);
                case "ctx_fields":
                    return CtxFields(k);
                case "engines_loop":
                    A("var ml = new MLContext(seed: 1);");
                    A("float sum = 0;");
                    A("foreach (var row in rows)");
                    A("{");
                    for (var i = 0; i < k; i++)
                    {
                        A($"    var model{i} = ml.Model.Load(modelPath, out var schema{i});");
                        A($"    var engine{i} = ml.Model.CreatePredictionEngine<Row, Pred>(model{i}, schema{i});");
                        A($"    sum += engine{i}.Predict(row).Score;");
                    }

                    A("}");
                    A("return sum;");
                    return Head + Method(lines, "float", "Score", "string modelPath, Row[] rows");
                case "ifelse_copies":
                    A("var ml = new MLContext();");
                    for (var i = 0; i < k; i++)
                    {
                        A($"if (modelPath.Length == {i})");
                        A("{");
                        A($"    ml = new MLContext(seed: {i});");
                        A("}");
                        A("else");
                        A("{");
                        A($"    var copy{i} = ml;");
                        A($"    ml = copy{i};");
                        A("}");
                    }

                    A($"var data = {Load};");
                    A("var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);");
                    A($"var model = ml.Transforms.Concatenate(\"Features\", \"A\", \"B\", \"C\").Append({Trainer}).Fit(split.TrainSet);");
                    A("return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve;");
                    break;
                default:
                    throw new ArgumentException($"unknown construct {construct}", nameof(construct));
            }

            return Head + Method(lines, "double", "Train", "string modelPath");
        }

        private static string Method(List<string> lines, string returnType, string name, string parameters)
        {
            var body = string.Join("\n", lines.Select(line => "            " + line));
            return $@"    public static class Trainer
    {{
        public static {returnType} {name}({parameters})
        {{
{body}
        }}
    }}
}}
";
        }

        private static string CtxMethods(int k)
        {
            var methods = new StringBuilder();
            for (var i = 0; i < k; i++)
            {
                methods.Append($"        private static double Step{i}(MLContext ml, IDataView data) => Step{i + 1}(ml, data);\n");
            }

            methods.Append($@"        private static double Step{k}(MLContext ml, IDataView data)
        {{
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
            var model = ml.Transforms.Concatenate(""Features"", ""A"", ""B"", ""C"").Append({Trainer}).Fit(split.TrainSet);
            return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve;
        }}");
            return Head + $@"    public static class Trainer
    {{
        public static double Train(string dataPath)
        {{
            var ml = new MLContext();
            var data = ml.Data.LoadFromTextFile<Row>(dataPath, separatorChar: ',', hasHeader: true);
            return Step0(ml, data);
        }}

{methods}
    }}
}}
";
        }

        private static string CtxFields(int k)
        {
            var fields = string.Join("\n", Enumerable.Range(0, k + 1).Select(i => $"        private readonly MLContext _ml{i};"));
            var assigns = string.Join("\n", Enumerable.Range(1, k).Select(i => $"            _ml{i} = _ml{i - 1};"));
            return Head + $@"    public sealed class Trainer
    {{
{fields}

        public Trainer()
        {{
            _ml0 = new MLContext();
{assigns}
        }}

        public double Train(string dataPath)
        {{
            var ml = _ml{k};
            var data = ml.Data.LoadFromTextFile<Row>(dataPath, separatorChar: ',', hasHeader: true);
            var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
            var model = ml.Transforms.Concatenate(""Features"", ""A"", ""B"", ""C"").Append({Trainer}).Fit(split.TrainSet);
            return ml.BinaryClassification.Evaluate(model.Transform(split.TestSet)).AreaUnderRocCurve;
        }}
    }}
}}
";
        }
    }
}
