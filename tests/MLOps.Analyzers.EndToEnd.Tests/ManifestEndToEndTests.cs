using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Json.Schema;
using Xunit;
using Xunit.Abstractions;

namespace MLOps.Analyzers.EndToEnd.Tests
{
    /// <summary>
    /// The pipeline manifest as a user gets it: a fresh project restoring the packed nupkg, two pipelines in ordinary ML.NET
    /// code (a factory returning the chain, another built inline; seeds 17 and 99; data from a relative path), built with
    /// the real SDK. The package's build step writes bin/Debug/net10.0/HousePrices.mlops.json.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class ManifestEndToEndTests
    {
        private const string FactoryId = "HousePrices.Pipelines.BuildPricePipeline/Regression.Trainers.FastTree";
        private const string InlineId = "HousePrices.Pipelines.TrainSegments/Clustering.Trainers.KMeans";

        private readonly PackageFixture _fixture;
        private readonly ITestOutputHelper _output;

        public ManifestEndToEndTests(PackageFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        private string Assets => Path.Combine(_fixture.RepositoryRoot, "tests", "MLOps.Analyzers.EndToEnd.Tests", "TestAssets", "ManifestConsumer");

        [Fact]
        public async Task Build_WritesTheManifest_ByteIdenticalInAnotherFolder_AndAHyperparameterChangesOnlyItsPipelinesHash()
        {
            var first = ConsumerProject.Create(_fixture, "manifest-a", Assets);
            var second = ConsumerProject.Create(_fixture, Path.Combine("somewhere", "else", "manifest-b"), Assets);
            var firstManifest = await BuildAndReadManifestAsync(first);
            var secondManifest = await BuildAndReadManifestAsync(second);

            _output.WriteLine(File.ReadAllText(ManifestPath(first)));
            Assert.Equal(File.ReadAllBytes(ManifestPath(first)), File.ReadAllBytes(ManifestPath(second)));
            Assert.DoesNotContain(_fixture.TempRoot, File.ReadAllText(ManifestPath(first)), StringComparison.Ordinal);

            ValidateAgainstSchema(File.ReadAllText(ManifestPath(first)));
            var pipelines = Pipelines(firstManifest);
            Assert.Equal(new[] { FactoryId, InlineId }, pipelines.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray());
            var factory = pipelines[FactoryId];
            Assert.True(factory["factory"]!["callable"]!.GetValue<bool>());
            Assert.Equal(17, factory["context"]!["seed"]!.GetValue<int>());
            Assert.Equal("data/houses.csv", factory["data"]![0]!["path"]!["value"]!.GetValue<string>());
            Assert.Equal("Pipelines.cs", factory["source"]!["file"]!.GetValue<string>());
            var inline = pipelines[InlineId];
            Assert.Equal(99, inline["context"]!["seed"]!.GetValue<int>());
            Assert.False(inline["deterministic"]!.GetValue<bool>()); // KMeans on several threads
            var mlnet = firstManifest["compilation"]!["references"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "Microsoft.ML.Data");
            Assert.StartsWith(ConsumerProject.MLNetVersion, mlnet!["informationalVersion"]!.GetValue<string>(), StringComparison.Ordinal);

            // An unchanged rebuild does not rewrite the file.
            var writtenAt = File.GetLastWriteTimeUtc(ManifestPath(first));
            await Task.Delay(1100);
            var rebuild = await first.IncrementalBuildAsync();
            Assert.True(rebuild.Succeeded, rebuild.Describe());
            Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(ManifestPath(first)));

            // One hyperparameter of the factory pipeline: its hash changes, the inline pipeline's does not.
            var source = first.SourcePath("Pipelines.cs");
            File.WriteAllText(source, File.ReadAllText(source).Replace("numberOfLeaves: 12", "numberOfLeaves: 13", StringComparison.Ordinal));
            var edited = Pipelines(await BuildAndReadManifestAsync(first));
            Assert.NotEqual(Hash(factory), Hash(edited[FactoryId]));
            Assert.Equal(Hash(inline), Hash(edited[InlineId]));
        }

        [Fact]
        public async Task Build_WithTheManifestSwitchedOff_WritesNoFile()
        {
            var consumer = ConsumerProject.Create(_fixture, "manifest-off", Assets);
            var restore = await consumer.RestoreAsync();
            Assert.True(restore.Succeeded, restore.Describe());
            var build = await consumer.BuildAsync(Path.Combine(consumer.Directory, "build.sarif"), "-p:MLOpsManifestEnabled=false");
            Assert.True(build.Succeeded, build.Describe());
            Assert.False(File.Exists(ManifestPath(consumer)));
        }

        private async Task<JsonNode> BuildAndReadManifestAsync(ConsumerProject consumer)
        {
            var restore = await consumer.RestoreAsync();
            Assert.True(restore.Succeeded, restore.Describe());
            var build = await consumer.BuildAsync(Path.Combine(consumer.Directory, "build.sarif"));
            Assert.True(build.Succeeded, build.Describe());
            Assert.True(File.Exists(ManifestPath(consumer)), "No manifest written to " + ManifestPath(consumer) + Environment.NewLine + build.Describe());
            return JsonNode.Parse(File.ReadAllText(ManifestPath(consumer)))!;
        }

        private static string ManifestPath(ConsumerProject consumer) =>
            Path.Combine(consumer.Directory, "bin", "Debug", "net10.0", ConsumerProject.ProjectName + ".mlops.json");

        private void ValidateAgainstSchema(string json)
        {
            var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(_fixture.RepositoryRoot, "docs", "manifest.schema.json")));
            using var document = JsonDocument.Parse(json);
            var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            var errors = (result.Details ?? new List<EvaluationResults>())
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))
                .ToList();
            Assert.True(result.IsValid, "The written manifest does not match docs/manifest.schema.json:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        private static Dictionary<string, JsonNode> Pipelines(JsonNode manifest) =>
            manifest["pipelines"]!.AsArray().ToDictionary(p => p!["id"]!.GetValue<string>(), p => p!);

        private static string Hash(JsonNode pipeline) => pipeline["definitionHash"]!["value"]!.GetValue<string>();
    }
}
