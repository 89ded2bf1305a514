using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>
    /// Trainers held in an array or list and fitted in a <c>foreach</c> (the BikeSharingDemand sample): each trainer's
    /// pipeline is the chain built from the loop variable, with the preprocessing steps, the fit's data, evaluations and
    /// saves. Look-alikes: a collection never iterated, or written after it is created (Add, an index assignment, a new
    /// value), stays what it was before: the trainer alone, chain not known, nothing fitted.
    /// </summary>
    public class ManifestTrainerCollectionTests
    {
        private const string Row = """
            using Microsoft.ML.Data;
            namespace Bikes
            {
                public class Demand
                {
                    [LoadColumn(0)] public float Season { get; set; }
                    [LoadColumn(1)] public float Hour { get; set; }
                    [LoadColumn(2)] public float Count { get; set; }
                }
            }
            """;

        /// <summary>The method around <c>{{body}}</c>: a context, train and test data, and the preprocessing chain.</summary>
        private static string Program(string body) => $$"""
            using System;
            using System.Collections.Generic;
            using Microsoft.ML;
            namespace Bikes
            {
                public static class Program
                {
                    public static void Main()
                    {
                        var mlContext = new MLContext(seed: 0);
                        var trainData = mlContext.Data.LoadFromTextFile<Demand>("Data/hour_train.csv", hasHeader: true, separatorChar: ',');
                        var testData = mlContext.Data.LoadFromTextFile<Demand>("Data/hour_test.csv", hasHeader: true, separatorChar: ',');
                        var dataProcessPipeline = mlContext.Transforms.CopyColumns("Label", "Count")
                            .Append(mlContext.Transforms.Concatenate("Features", "Season", "Hour"))
                            .AppendCacheCheckpoint(mlContext);
            {{body}}
                    }
                }
            }
            """;

        [Fact]
        public void Trainers_in_a_tuple_array_deconstructed_by_foreach_get_the_loop_s_chain_fit_evaluation_and_save()
        {
            var pipelines = Pipelines(Program("""
                        (string name, IEstimator<ITransformer> trainer)[] regressionLearners =
                        {
                            ("FastTree", mlContext.Regression.Trainers.FastTree()),
                            ("Poisson", mlContext.Regression.Trainers.LbfgsPoissonRegression()),
                        };
                        foreach (var (learnerName, trainer) in regressionLearners)
                        {
                            var trainingPipeline = dataProcessPipeline.Append(trainer);
                            var trainedModel = trainingPipeline.Fit(trainData);
                            var metrics = mlContext.Regression.Evaluate(trainedModel.Transform(testData), "Label", "Score");
                            Console.WriteLine(metrics.RSquared);
                            mlContext.Model.Save(trainedModel, trainData.Schema, "MLModels/" + learnerName + "Model.zip");
                        }
            """));

            Assert.Equal(new[] { "Bikes.Program.Main/Regression.Trainers.FastTree", "Bikes.Program.Main/Regression.Trainers.LbfgsPoissonRegression" }, pipelines.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
            foreach (var (trainer, pipeline) in new[] { ("Regression.Trainers.FastTree", pipelines["Bikes.Program.Main/Regression.Trainers.FastTree"]), ("Regression.Trainers.LbfgsPoissonRegression", pipelines["Bikes.Program.Main/Regression.Trainers.LbfgsPoissonRegression"]) })
            {
                Assert.True(pipeline.GetProperty("chainFullyKnown").GetBoolean());
                Assert.Equal(new[] { "Transforms.CopyColumns", "Transforms.Concatenate", "AppendCacheCheckpoint", trainer }, Steps(pipeline));
                Assert.Equal("trainedModel", pipeline.GetProperty("name").GetString());
                var train = pipeline.GetProperty("data").EnumerateArray().Single(d => d.GetProperty("role").GetString() == "train");
                Assert.Equal("Data/hour_train.csv", train.GetProperty("path").GetProperty("value").GetString());
                var evaluation = pipeline.GetProperty("evaluations").EnumerateArray().Single();
                Assert.Equal("test", evaluation.GetProperty("dataRole").GetString());
                Assert.Equal(new[] { "RSquared" }, evaluation.GetProperty("metricsRead").EnumerateArray().Select(m => m.GetString()));
                var save = pipeline.GetProperty("persistence").GetProperty("saves").EnumerateArray().Single();
                Assert.Equal("mlnet", save.GetProperty("format").GetString());
                Assert.Equal("partial", save.GetProperty("path").GetProperty("provenance").GetString());
            }

            // Each trainer's own arguments and randomness: FastTree's fixed internal seed, L-BFGS Poisson's threads.
            Assert.Equal("fixedInternal", LastStep(pipelines["Bikes.Program.Main/Regression.Trainers.FastTree"]).GetProperty("randomness").GetProperty("seed").GetProperty("provenance").GetString());
        }

        [Theory]
        [InlineData("var trainers = new IEstimator<ITransformer>[] { {{A}}, {{B}} };\nforeach (var t in trainers) { var model = dataProcessPipeline.Append(t).Fit(trainData); Console.WriteLine(mlContext.Regression.Evaluate(model.Transform(testData)).RSquared); }")]
        [InlineData("IEstimator<ITransformer>[] trainers = { {{A}}, {{B}} };\nConsole.WriteLine(trainers.Length);\nforeach (IEstimator<ITransformer> t in trainers) { var pipeline = dataProcessPipeline.Append(t); var model = pipeline.Fit(trainData); Console.WriteLine(mlContext.Regression.Evaluate(model.Transform(testData)).RSquared); }")]
        [InlineData("var trainers = new List<IEstimator<ITransformer>> { {{A}}, {{B}} };\nforeach (var t in trainers) { var model = dataProcessPipeline.Append(t).Fit(trainData); Console.WriteLine(mlContext.Regression.Evaluate(model.Transform(testData)).RSquared); }")]
        [InlineData("var learners = new List<(string Name, IEstimator<ITransformer> Trainer)> { (\"a\", {{A}}), (\"b\", {{B}}) };\nforeach (var learner in learners) { Console.WriteLine(learner.Name + learner.Trainer.ToString()); var model = dataProcessPipeline.Append(learner.Trainer).Fit(trainData); Console.WriteLine(mlContext.Regression.Evaluate(model.Transform(testData)).RSquared); }")]
        [InlineData("foreach (var t in new IEstimator<ITransformer>[] { {{A}}, {{B}} }) { var model = dataProcessPipeline.Append(t).Fit(trainData); Console.WriteLine(mlContext.Regression.Evaluate(model.Transform(testData)).RSquared); }")]
        public void Trainers_of_an_array_or_list_iterated_by_foreach_are_placed_where_the_loop_variable_is_used(string body)
        {
            var pipelines = Pipelines(Program(body
                .Replace("{{A}}", "mlContext.Regression.Trainers.Sdca()", System.StringComparison.Ordinal)
                .Replace("{{B}}", "mlContext.Regression.Trainers.OnlineGradientDescent()", System.StringComparison.Ordinal)));

            Assert.Equal(2, pipelines.Count);
            foreach (var pipeline in pipelines.Values)
            {
                Assert.True(pipeline.GetProperty("chainFullyKnown").GetBoolean(), pipeline.GetProperty("id").GetString());
                Assert.Equal(new[] { "Transforms.CopyColumns", "Transforms.Concatenate", "AppendCacheCheckpoint" }, Steps(pipeline).Take(3));
                Assert.Equal(4, Steps(pipeline).Length);
                Assert.Contains(pipeline.GetProperty("data").EnumerateArray(), d => d.GetProperty("role").GetString() == "train" && d.GetProperty("path").GetProperty("value").GetString() == "Data/hour_train.csv");
                Assert.Equal("test", pipeline.GetProperty("evaluations").EnumerateArray().Single().GetProperty("dataRole").GetString());
            }

            Assert.Equal(new[] { "Regression.Trainers.OnlineGradientDescent", "Regression.Trainers.Sdca" }, pipelines.Values.Select(p => Steps(p)[3]).OrderBy(s => s, System.StringComparer.Ordinal));
        }

        /// <summary>What the same trainers give when the model cannot tell which trainers the loop fits: the trainer alone, as before.</summary>
        [Theory]
        [InlineData("never iterated", "var trainers = new IEstimator<ITransformer>[] { {{A}}, {{B}} };\nConsole.WriteLine(trainers.Length);\nvar model = dataProcessPipeline.Fit(trainData);")]
        [InlineData("list written after it is created", "var trainers = new List<IEstimator<ITransformer>> { {{A}}, {{B}} };\ntrainers.Add(mlContext.Regression.Trainers.FastTree());\nforeach (var t in trainers) { var model = dataProcessPipeline.Append(t).Fit(trainData); }")]
        [InlineData("list cleared", "var trainers = new List<IEstimator<ITransformer>> { {{A}}, {{B}} };\ntrainers.Clear();\nforeach (var t in trainers) { var model = dataProcessPipeline.Append(t).Fit(trainData); }")]
        [InlineData("array element assigned", "var trainers = new IEstimator<ITransformer>[] { {{A}}, {{B}} };\ntrainers[0] = mlContext.Regression.Trainers.FastTree();\nforeach (var t in trainers) { var model = dataProcessPipeline.Append(t).Fit(trainData); }")]
        [InlineData("array reassigned", "var trainers = new IEstimator<ITransformer>[] { {{A}}, {{B}} };\ntrainers = new IEstimator<ITransformer>[] { mlContext.Regression.Trainers.FastTree() };\nforeach (var t in trainers) { var model = dataProcessPipeline.Append(t).Fit(trainData); }")]
        [InlineData("array passed on", "var trainers = new IEstimator<ITransformer>[] { {{A}}, {{B}} };\nArray.Reverse(trainers);\nforeach (var t in trainers) { var model = dataProcessPipeline.Append(t).Fit(trainData); }")]
        [InlineData("array aliased", "var trainers = new IEstimator<ITransformer>[] { {{A}}, {{B}} };\nvar alias = trainers;\nforeach (var t in alias) { var model = dataProcessPipeline.Append(t).Fit(trainData); }")]
        [InlineData("iterated in a lambda", "var trainers = new IEstimator<ITransformer>[] { {{A}}, {{B}} };\nAction train = () => { foreach (var t in trainers) { var model = dataProcessPipeline.Append(t).Fit(trainData); } };\ntrain();")]
        [InlineData("read by index", "var trainers = new IEstimator<ITransformer>[] { {{A}}, {{B}} };\nfor (var i = 0; i < trainers.Length; i++) { var model = dataProcessPipeline.Append(trainers[i]).Fit(trainData); }")]
        public void Trainers_of_a_collection_the_model_cannot_follow_stay_alone(string shape, string body)
        {
            var pipelines = Pipelines(Program(body
                .Replace("{{A}}", "mlContext.Regression.Trainers.Sdca()", System.StringComparison.Ordinal)
                .Replace("{{B}}", "mlContext.Regression.Trainers.OnlineGradientDescent()", System.StringComparison.Ordinal)));

            foreach (var id in new[] { "Bikes.Program.Main/Regression.Trainers.Sdca", "Bikes.Program.Main/Regression.Trainers.OnlineGradientDescent" })
            {
                var pipeline = pipelines[id];
                Assert.False(pipeline.GetProperty("chainFullyKnown").GetBoolean(), shape + ": " + id);
                Assert.Equal(new[] { id.Substring(id.IndexOf('/') + 1) }, Steps(pipeline));
                Assert.Empty(pipeline.GetProperty("data").EnumerateArray());
                Assert.Empty(pipeline.GetProperty("evaluations").EnumerateArray());
            }
        }

        [Fact]
        public void A_loop_variable_that_leaves_the_loop_or_is_unused_adds_no_fit()
        {
            var pipelines = Pipelines(Program("""
                        var kept = new List<IEstimator<ITransformer>>();
                        (string name, IEstimator<ITransformer> trainer)[] learners = { ("a", mlContext.Regression.Trainers.Sdca()) };
                        foreach (var learner in learners) { kept.Add(learner.trainer); }
                        var unused = new IEstimator<ITransformer>[] { mlContext.Regression.Trainers.OnlineGradientDescent() };
                        foreach (var t in unused) { Console.WriteLine("no training"); }
            """));

            foreach (var pipeline in pipelines.Values)
            {
                Assert.False(pipeline.GetProperty("chainFullyKnown").GetBoolean());
                Assert.Single(Steps(pipeline));
                Assert.Empty(pipeline.GetProperty("data").EnumerateArray());
            }
        }

        private static string[] Steps(JsonElement pipeline) =>
            pipeline.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("catalogPath").GetString()!).ToArray();

        private static JsonElement LastStep(JsonElement pipeline) => pipeline.GetProperty("steps").EnumerateArray().Last();

        private static Dictionary<string, JsonElement> Pipelines(string source)
        {
            var compilation = GeneratorHarness.Compile(new[]
            {
                (GeneratorHarness.ProjectDirectory + "/Demand.cs", Row),
                (GeneratorHarness.ProjectDirectory + "/Program.cs", source),
            });
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            var json = GeneratorHarness.ManifestOf(GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult());
            var manifest = JsonDocument.Parse(json!).RootElement.Clone();
            return manifest.GetProperty("pipelines").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => p);
        }
    }
}
