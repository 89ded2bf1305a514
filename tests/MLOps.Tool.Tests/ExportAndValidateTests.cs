using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Xunit;

namespace MLOps.Tool.Tests
{
    public sealed class ExportAndValidateTests : IDisposable
    {
        private readonly ToolRunner _tool = new();

        public void Dispose() => _tool.Dispose();

        [Theory]
        [InlineData("TaxiFareClean.mlops.json")]
        [InlineData("TaxiFare.mlops.json")]
        public void CycloneDx_ValidatesAgainstTheOfficial16Schema_AndIsByteDeterministic(string asset)
        {
            var first = ToolRunner.Run("export", "cyclonedx", ToolRunner.Asset(asset));
            var second = ToolRunner.Run("export", "cyclonedx", ToolRunner.Asset(asset));
            Assert.Equal(0, first.ExitCode);
            Assert.Equal(first.Stdout, second.Stdout);
            SchemaValidation.AssertValid(SchemaValidation.CycloneDxErrors(first.Stdout), "the CycloneDX BOM");
            Assert.DoesNotContain("timestamp", first.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("serialNumber", first.Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void TheVendoredSchemas_RejectWhatTheSpecForbids_SoTheirValidationCanFail()
        {
            var bom = JsonNode.Parse(ToolRunner.Run("export", "cyclonedx", ToolRunner.Asset("TaxiFareClean.mlops.json")).Stdout)!.AsObject();
            var unknownKey = bom.DeepClone().AsObject();
            unknownKey["hyperparameters"] = 1;
            Assert.NotEmpty(SchemaValidation.CycloneDxErrors(unknownKey.ToJsonString()));

            // A licence id outside the SPDX list: only the $ref'd spdx schema can reject it, so it must be resolved.
            var badLicence = bom.DeepClone().AsObject();
            badLicence["components"]![0]!["licenses"] = JsonNode.Parse("""[ { "license": { "id": "NOT-AN-SPDX-ID" } } ]""");
            Assert.NotEmpty(SchemaValidation.CycloneDxErrors(badLicence.ToJsonString()));
            var goodLicence = bom.DeepClone().AsObject();
            goodLicence["components"]![0]!["licenses"] = JsonNode.Parse("""[ { "license": { "id": "MIT" } } ]""");
            SchemaValidation.AssertValid(SchemaValidation.CycloneDxErrors(goodLicence.ToJsonString()), "the BOM with an MIT licence");

            Assert.NotEmpty(SchemaValidation.SarifErrors("""{ "version": "2.1.0", "runs": [ { "tool": { "driver": { } } } ] }"""));
            Assert.NotEmpty(SchemaValidation.SarifErrors("""{ "version": "2.0.0", "runs": [] }"""));
        }

        [Fact]
        public void CycloneDx_HasAModelPerPipeline_DataComponents_AndTheChainInFormulation()
        {
            var bom = JsonNode.Parse(ToolRunner.Run("export", "cyclonedx", ToolRunner.Asset("TaxiFareClean.mlops.json")).Stdout)!;
            var components = bom["components"]!.AsArray();
            var models = components.Where(c => (string)c!["type"]! == "machine-learning-model").ToList();
            Assert.Equal(2, models.Count);
            var fastTree = models.Single(m => (string)m!["name"]! == "BuildFastTree")!;
            Assert.Equal("Regression", (string)fastTree["modelCard"]!["modelParameters"]!["task"]!);
            Assert.Equal("supervised", (string)fastTree["modelCard"]!["modelParameters"]!["approach"]!["type"]!);
            var manifest = ToolRunner.LoadAsset("TaxiFareClean.mlops.json");
            var hash = (string)ToolRunner.Pipeline(manifest, "BuildFastTree")["definitionHash"]!["value"]!;
            Assert.Contains(fastTree["modelCard"]!["properties"]!.AsArray(), p => (string)p!["name"]! == "mlops:definitionHash" && (string)p["value"]! == "sha256:" + hash);
            var data = components.Single(c => (string)c!["type"]! == "data")!;
            Assert.Equal("data/taxi-fare.csv", (string)data["data"]![0]!["contents"]!["url"]!);
            var steps = bom["formulation"]![0]!["workflows"]![0]!["tasks"]![0]!["steps"]!.AsArray();
            var trainer = steps.Single(s => (string)s!["name"]! == "Regression.Trainers.FastTree")!;
            Assert.Contains(trainer["properties"]!.AsArray(), p => (string)p!["name"]! == "numberOfLeaves" && (string)p["value"]! == "20 (literal)");
        }

        [Fact]
        public void Validate_AcceptsTheSampleManifest_AndReportsAnUnknownKey()
        {
            var ok = ToolRunner.Run("validate", ToolRunner.Asset("TaxiFareClean.mlops.json"));
            Assert.Equal(0, ok.ExitCode);
            Assert.EndsWith("TaxiFareClean.mlops.json: valid (schema 1.1.0, 2 pipelines)\n", ok.Stdout, StringComparison.Ordinal);

            var manifest = ToolRunner.LoadAsset("TaxiFareClean.mlops.json");
            ToolRunner.Pipeline(manifest, "BuildSdca")["hyperparameterTuning"] = "grid";
            var bad = ToolRunner.Run("validate", _tool.Write("bad.mlops.json", manifest));
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains("bad.mlops.json: /pipelines/1", bad.Stdout, StringComparison.Ordinal);
        }
    }
}
