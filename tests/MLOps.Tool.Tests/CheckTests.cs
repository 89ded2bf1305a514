using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;

namespace MLOps.Tool.Tests
{
    public sealed class CheckTests : IDisposable
    {
        private const string StrictPolicy = """
            {
              "$schema": "../docs/policy.schema.json",
              "deterministic": true,
              "heldOutEvaluation": true,
              "saveWithInputSchema": "error",
              "forbiddenFeatures": ["PassengerCount"],
              "forbiddenFeaturesLevel": "warning",
              "noAbsoluteDataPaths": true,
              "chainFullyKnown": "note"
            }
            """;

        private readonly ToolRunner _tool = new();

        public void Dispose() => _tool.Dispose();

        [Fact]
        public void TheStrictPolicy_ValidatesAgainstDocsPolicySchema_AndATypoDoesNot()
        {
            SchemaValidation.AssertValid(SchemaValidation.PolicyErrors(StrictPolicy), "the policy");
            Assert.NotEmpty(SchemaValidation.PolicyErrors("""{ "determinstic": true }"""));
            Assert.NotEmpty(SchemaValidation.PolicyErrors("""{ "deterministic": "fatal" }"""));
        }

        [Fact]
        public void TheSmellySample_BreaksTheRules_AtTheTrainerCall()
        {
            var policy = _tool.Write("policy.json", StrictPolicy);
            var r = ToolRunner.Run("check", ToolRunner.Asset("TaxiFare.mlops.json"), "--policy", policy);
            Assert.Equal(1, r.ExitCode);
            Assert.Matches(@"Program\.cs\(\d+,\d+\): error MLP101: Pipeline 'TaxiFare\.Program\.Main/Regression\.Trainers\.Sdca' is not deterministic by construction \(deterministic: false\)", r.Stdout);
            Assert.Contains("warning MLP104: Pipeline 'TaxiFare.Program.Main/Regression.Trainers.FastTree' reads the forbidden column 'PassengerCount' in step 1 (Transforms.Concatenate).", r.Stdout, StringComparison.Ordinal);
            Assert.EndsWith("1 errors, 2 warnings, 0 notes in 2 pipelines (6 rules)\n", r.Stdout, StringComparison.Ordinal);

            // Evaluated on held-out data, the FastTree pipeline passes MLP102; with that evaluation gone, it fails it.
            Assert.DoesNotContain("MLP102", r.Stdout, StringComparison.Ordinal);
            var manifest = ToolRunner.LoadAsset("TaxiFare.mlops.json");
            var fastTree = manifest["pipelines"]!.AsArray().Single(p => ((string)p!["id"]!).EndsWith("FastTree", StringComparison.Ordinal))!;
            var evaluations = fastTree["evaluations"]!.AsArray();
            evaluations.Remove(evaluations.Single(e => (string)e!["dataRole"]! == "test"));
            var trainOnly = ToolRunner.Run("check", _tool.Write("TaxiFare.mlops.json", manifest), "--policy", policy);
            Assert.Matches(@"Program\.cs\(\d+,\d+\): error MLP102: Pipeline 'TaxiFare\.Program\.Main/Regression\.Trainers\.FastTree' is evaluated on its training data only \(Regression\.Evaluate\)\.", trainOnly.Stdout);
        }

        [Fact]
        public void TheCleanSample_PassesTheErrorRules()
        {
            var policy = _tool.Write("policy.json", """{ "deterministic": true, "heldOutEvaluation": true, "saveWithInputSchema": true, "noAbsoluteDataPaths": true, "chainFullyKnown": true }""");
            var r = ToolRunner.Run("check", ToolRunner.Asset("TaxiFareClean.mlops.json"), "--policy", policy);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal("2 pipelines pass 5 rules\n", r.Stdout);
        }

        [Fact]
        public void FailOn_SetsTheThreshold()
        {
            var policy = _tool.Write("policy.json", """{ "forbiddenFeatures": ["PassengerCount"], "forbiddenFeaturesLevel": "warning" }""");
            var clean = ToolRunner.Asset("TaxiFareClean.mlops.json");
            Assert.Equal(0, ToolRunner.Run("check", clean, "--policy", policy).ExitCode);
            Assert.Equal(1, ToolRunner.Run("check", clean, "--policy", policy, "--fail-on", "warning").ExitCode);
            Assert.Equal(0, ToolRunner.Run("check", clean, "--policy", policy, "--fail-on", "none").ExitCode);
        }

        [Fact]
        public void Sarif_ValidatesAgainstTheSarif210Schema_WithLocationsFromThePipelineSource()
        {
            var policy = _tool.Write("policy.json", StrictPolicy);
            var r = ToolRunner.Run("check", ToolRunner.Asset("TaxiFare.mlops.json"), "--policy", policy, "--format", "sarif", "--project-dir", "samples/TaxiFare");
            Assert.Equal(1, r.ExitCode);
            SchemaValidation.AssertValid(SchemaValidation.SarifErrors(r.Stdout), "the SARIF log");
            var sarif = JsonNode.Parse(r.Stdout)!;
            var results = sarif["runs"]![0]!["results"]!.AsArray();
            Assert.NotEmpty(results);
            var mlp101 = results.First(x => (string)x!["ruleId"]! == "MLP101")!;
            var location = mlp101["locations"]![0]!["physicalLocation"]!;
            Assert.Equal("samples/TaxiFare/Program.cs", (string)location["artifactLocation"]!["uri"]!);
            var manifest = ToolRunner.LoadAsset("TaxiFare.mlops.json");
            var sdca = manifest["pipelines"]!.AsArray().Single(p => ((string)p!["id"]!).EndsWith("Sdca", StringComparison.Ordinal))!;
            Assert.Equal((int)sdca["source"]!["line"]!, (int)location["region"]!["startLine"]!);
            var rules = sarif["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray();
            Assert.Equal("MLP101", (string)rules[(int)mlp101["ruleIndex"]!]!["id"]!);

            // Without --project-dir, a manifest in bin/<configuration>/<tfm>/ points to the folder above bin/.
            var copy = Path.Combine(_tool.Directory, "proj", "bin", "Debug", "net10.0", "TaxiFare.mlops.json");
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(ToolRunner.Asset("TaxiFare.mlops.json"), copy);
            Assert.Equal("proj/Program.cs", MLOps.Tool.CheckWriter.Uri(
                new Finding(PolicyRules.Deterministic, "error", "m", Manifest.Parse(File.ReadAllText(copy), "proj/bin/Debug/net10.0/TaxiFare.mlops.json").Pipelines[0], new SourceLocation("Program.cs", 1, 1, null)),
                null));
        }

        [Fact]
        public void Markdown_ListsTheFindings()
        {
            var policy = _tool.Write("policy.json", StrictPolicy);
            var r = ToolRunner.Run("check", ToolRunner.Asset("TaxiFare.mlops.json"), "--policy", policy, "--format", "md");
            Assert.StartsWith("### ML pipeline policy: ", r.Stdout, StringComparison.Ordinal);
            Assert.Matches(@"\| error \| MLP101 PipelineNotDeterministic \| `(TestAssets/)?Program\.cs:\d+` \| Pipeline 'TaxiFare\.Program\.Main/Regression\.Trainers\.Sdca' is not deterministic", r.Stdout);
        }

        [Fact]
        public void UpToDate_PassesOnTheSameManifest_AndFailsWithTheDiffOnAnother()
        {
            var committed = _tool.Write("committed.mlops.json", File.ReadAllText(ToolRunner.Asset("TaxiFareClean.mlops.json")));
            var same = ToolRunner.Run("check", "--up-to-date", committed, ToolRunner.Asset("TaxiFareClean.mlops.json"));
            Assert.Equal(0, same.ExitCode);
            Assert.Contains("is up to date", same.Stdout, StringComparison.Ordinal);

            var manifest = ToolRunner.LoadAsset("TaxiFareClean.mlops.json");
            ToolRunner.Trainer(ToolRunner.Pipeline(manifest, "BuildFastTree"))["arguments"]!["numberOfTrees"]!["value"] = 200;
            var built = _tool.Write("built.mlops.json", manifest);
            var stale = ToolRunner.Run("check", "--up-to-date", committed, built);
            Assert.Equal(1, stale.ExitCode);
            Assert.Contains("committed.mlops.json is out of date", stale.Stdout, StringComparison.Ordinal);
            Assert.Contains("numberOfTrees 100 → 200 (literal)", stale.Stdout, StringComparison.Ordinal);
        }
    }
}
