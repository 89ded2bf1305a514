using System;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;

namespace MLOps.Tool.Tests
{
    public sealed class DiffTests : IDisposable
    {
        private readonly ToolRunner _tool = new();

        public void Dispose() => _tool.Dispose();

        private string Base => _tool.Write("base/TaxiFareClean.mlops.json", ToolRunner.LoadAsset("TaxiFareClean.mlops.json"));

        private string Head(Action<JsonObject> edit)
        {
            var manifest = ToolRunner.LoadAsset("TaxiFareClean.mlops.json");
            edit(manifest);
            return _tool.Write("head/TaxiFareClean.mlops.json", manifest);
        }

        private static void SetHash(JsonObject pipeline, string value) => pipeline["definitionHash"]!["value"] = value;

        [Fact]
        public void SameManifests_NothingChanged_ExitZeroEvenUnderFailOnAny()
        {
            var r = ToolRunner.Run("diff", Base, Head(_ => { }), "--fail-on", "any");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("### ML pipelines: 2 unchanged", r.Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void AHyperparameterEdit_IsADefinitionChange_NamingTheArgumentWithOldAndNewValue()
        {
            var head = Head(m =>
            {
                var p = ToolRunner.Pipeline(m, "BuildFastTree");
                ToolRunner.Trainer(p)["arguments"]!["numberOfLeaves"]!["value"] = 32;
                SetHash(p, new string('a', 64));
            });
            var r = ToolRunner.Run("diff", Base, head);
            Assert.Equal(0, r.ExitCode); // the default --fail-on regression
            Assert.Contains("### ML pipelines: 1 definition changed, 1 unchanged", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("| `BuildFastTree` (Regression · FastTree) | definition changed |", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("numberOfLeaves 20 → 32 (literal)", r.Stdout, StringComparison.Ordinal);
            Assert.Equal(1, ToolRunner.Run("diff", Base, head, "--fail-on", "definition").ExitCode);

            var json = JsonNode.Parse(ToolRunner.Run("diff", Base, head, "--format", "json").Stdout)!;
            var change = json["pipelines"]!.AsArray().Single(c => (string)c!["change"]! == "definition")!;
            Assert.Equal("TaxiFare.TaxiFarePipelines.BuildFastTree/Regression.Trainers.FastTree", (string)change["id"]!);
            Assert.Contains(change["definition"]!.AsArray(), d => (string)d! == "numberOfLeaves 20 → 32 (literal)");
        }

        [Fact]
        public void LosingDeterminism_IsARegression_ThatFailsTheDefaultFailOn()
        {
            var head = Head(m =>
            {
                var p = ToolRunner.Pipeline(m, "BuildSdca");
                var trainer = ToolRunner.Trainer(p);
                trainer["arguments"]!.AsObject().Remove("options.NumberOfThreads");
                trainer["randomness"]!["threads"] = "multi";
                trainer["randomness"]!["deterministic"] = false;
                p["deterministic"] = false;
                p["reasons"] = new JsonArray("Regression.Trainers.Sdca trains on several threads; set NumberOfThreads = 1.");
                SetHash(p, new string('b', 64));
            });
            var r = ToolRunner.Run("diff", Base, head);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("### ML pipelines: 1 regression, 1 unchanged", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("| ⚠ `BuildSdca` (Regression · Sdca) | **regression** | deterministic true → false: \"Regression.Trainers.Sdca trains on several threads; set NumberOfThreads = 1.\" · Program.cs:", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("options.NumberOfThreads 1 → (absent) (removed)", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("threads of Regression.Trainers.Sdca single → multi", r.Stdout, StringComparison.Ordinal);
            Assert.Equal(0, ToolRunner.Run("diff", Base, head, "--fail-on", "none").ExitCode);
        }

        [Theory]
        [InlineData("evaluation moved from held-out data to the training data")]
        [InlineData("a save lost its input schema (1 → 0 saves with schema)")]
        [InlineData("chainFullyKnown true → false: part of the chain is no longer visible")]
        public void OtherRegressions_AreNamed(string expected)
        {
            var head = Head(m =>
            {
                var p = ToolRunner.Pipeline(m, "BuildFastTree");
                if (expected.StartsWith("evaluation", StringComparison.Ordinal))
                {
                    p["evaluations"]![0]!["dataRole"] = "train";
                }
                else if (expected.StartsWith("a save", StringComparison.Ordinal))
                {
                    p["persistence"]!["saves"]![0]!["withInputSchema"] = "false";
                }
                else
                {
                    p["chainFullyKnown"] = false;
                }
            });
            var r = ToolRunner.Run("diff", Base, head);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains(expected, r.Stdout, StringComparison.Ordinal);
        }

        /// <summary>
        /// The same code built before and after schema 1.2 (saves name their format): nothing changed, and both manifests
        /// are valid. An ONNX export that appears is a save added, marked as ONNX in the diff and the report.
        /// </summary>
        [Fact]
        public void A_1_1_Base_And_A_1_2_Head_OfTheSameCode_AreUnchanged_AndAnOnnxExportIsASaveAdded()
        {
            static void To12(JsonObject m)
            {
                m["schemaVersion"] = "1.2.0";
                foreach (var save in m["pipelines"]!.AsArray().SelectMany(p => p!["persistence"]!["saves"]!.AsArray()))
                {
                    save!["format"] = "mlnet";
                }
            }

            var same = Head(To12);
            Assert.Equal(0, ToolRunner.Run("validate", Base, same).ExitCode);
            var r = ToolRunner.Run("diff", Base, same, "--fail-on", "any");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("### ML pipelines: 2 unchanged", r.Stdout, StringComparison.Ordinal);

            var exported = Head(m =>
            {
                To12(m);
                var saves = ToolRunner.Pipeline(m, "BuildFastTree")["persistence"]!["saves"]!.AsArray();
                var onnx = saves[0]!.DeepClone().AsObject();
                onnx["format"] = "onnx";
                onnx["path"] = new JsonObject { ["provenance"] = "relative", ["value"] = "models/taxi.onnx" };
                saves.Add(onnx);
            });
            Assert.Equal(0, ToolRunner.Run("validate", exported).ExitCode);
            r = ToolRunner.Run("diff", Base, exported);
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("save added: models/taxi.onnx (relative) withInputSchema=true format=onnx", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("models/taxi.onnx (relative) as ONNX, with its input schema", ToolRunner.Run("report", exported).Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void AnIdChangeWithTheSameHash_IsARename_AndOtherIdChangesAreAddedAndRemoved()
        {
            var head = Head(m =>
            {
                ToolRunner.Pipeline(m, "BuildFastTree")["id"] = "TaxiFare.Pipelines.BuildFastTree/Regression.Trainers.FastTree";
                var sdca = ToolRunner.Pipeline(m, "BuildSdca");
                sdca["id"] = "TaxiFare.Other.BuildSdca/Regression.Trainers.Sdca";
                SetHash(sdca, new string('c', 64));
            });
            var r = ToolRunner.Run("diff", Base, head, "--fail-on", "definition");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("### ML pipelines: 1 renamed, 1 added, 1 removed", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("id TaxiFare.TaxiFarePipelines.BuildFastTree/Regression.Trainers.FastTree → TaxiFare.Pipelines.BuildFastTree/Regression.Trainers.FastTree (same definition hash)", r.Stdout, StringComparison.Ordinal);
            Assert.Equal(0, ToolRunner.Run("diff", Base, head).ExitCode);
        }

        [Fact]
        public void StepsAndSplitAndReferences_AreCompared()
        {
            var head = Head(m =>
            {
                var p = ToolRunner.Pipeline(m, "BuildFastTree");
                var steps = p["steps"]!.AsArray();
                steps.RemoveAt(3); // AppendCacheCheckpoint
                foreach (var d in p["data"]!.AsArray())
                {
                    d!["split"]!["arguments"]!["testFraction"]!["value"] = 0.25;
                }

                SetHash(p, new string('d', 64));
                m["compilation"]!["references"]![0]!["informationalVersion"] = "5.1.0+abc";
            });
            var r = ToolRunner.Run("diff", Base, head, "--fail-on", "any");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("step removed: AppendCacheCheckpoint (was at 3)", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("split TrainTestSplit(testFraction: 0.2) → TrainTestSplit(testFraction: 0.25)", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("5.0.1 → 5.1.0", r.Stdout, StringComparison.Ordinal);
        }
    }
}
