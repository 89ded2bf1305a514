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

        /// <summary>
        /// Every MSBuild switch of the manifest and the MLOpsAnalysisMode presets, on one consumer, in few builds: each
        /// build flips switches whose effects do not overlap (the manifest's place, the dll's content, diagnostic levels).
        /// </summary>
        [Fact]
        public async Task Switches_ManifestPathEmbeddingCleanPublishEnabled_AndAnalysisModes_DoWhatTheyDocument()
        {
            var consumer = ConsumerProject.Create(_fixture, "manifest-switches", Assets);
            var restore = await consumer.RestoreAsync();
            Assert.True(restore.Succeeded, restore.Describe());
            var dll = Path.Combine(consumer.Directory, "bin", "Debug", "net10.0", ConsumerProject.ProjectName + ".dll");

            // 1. Defaults: the manifest in bin/, nothing in the dll; the Info rules at their own level (SARIF "note").
            var defaults = await BuildAsync(consumer, "default.sarif");
            Assert.True(File.Exists(ManifestPath(consumer)), defaults.Build.Describe());
            var manifest = File.ReadAllBytes(ManifestPath(consumer));
            Assert.Empty(AssemblyInspection.MLOpsMetadata(dll));
            Assert.Contains(defaults.Results, r => r.Level == "note");

            // publish copies the manifest next to the app; MLOpsManifestPublish=false does not.
            var publish = await RunAsync(consumer, "publish", consumer.ProjectPath, "--no-build", "-c", "Debug", "-o", Path.Combine(consumer.Directory, "pub"));
            Assert.True(publish.Succeeded, publish.Describe());
            Assert.Equal(manifest, File.ReadAllBytes(Path.Combine(consumer.Directory, "pub", ConsumerProject.ProjectName + ".mlops.json")));
            var noPublish = await RunAsync(consumer, "publish", consumer.ProjectPath, "--no-build", "-c", "Debug", "-o", Path.Combine(consumer.Directory, "pub2"), "-p:MLOpsManifestPublish=false");
            Assert.True(noPublish.Succeeded, noPublish.Describe());
            Assert.True(File.Exists(Path.Combine(consumer.Directory, "pub2", ConsumerProject.ProjectName + ".dll")), noPublish.Describe());
            Assert.False(File.Exists(Path.Combine(consumer.Directory, "pub2", ConsumerProject.ProjectName + ".mlops.json")));

            // 2. A custom MLOpsManifestPath outside bin/ and obj/, embedding on, the recommended preset.
            var custom = Path.Combine(consumer.Directory, "..", "manifest-switches-out", "pipelines.json");
            var switches = new[] { "-p:MLOpsManifestPath=" + custom, "-p:MLOpsManifestEmbedded=true", "-p:MLOpsAnalysisMode=recommended" };
            var (build, results) = await BuildAsync(consumer, "recommended.sarif", switches);
            Assert.True(File.Exists(custom), "No manifest at the custom MLOpsManifestPath." + Environment.NewLine + build.Describe());
            Assert.Equal(manifest, File.ReadAllBytes(custom));
            // (--no-incremental rebuilds, and the rebuild's clean removed the manifest the first build wrote to bin/.)
            Assert.False(File.Exists(ManifestPath(consumer)));
            Assert.Equal(new[] { "metadata MLOps.Manifest", "type MLOps.Analyzers.Generated.PipelineManifest" }, AssemblyInspection.MLOpsMetadata(dll).OrderBy(x => x, StringComparer.Ordinal).ToArray());
            var mlo = results.Where(r => r.RuleId.StartsWith("MLO", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(mlo);
            Assert.All(mlo, r => Assert.Equal("warning", r.Level));
            Assert.Equal(defaults.Results.Count(r => r.RuleId.StartsWith("MLO", StringComparison.Ordinal)), mlo.Count);

            // clean removes the manifest wherever it was written (bin/ is covered by the rebuild above).
            var clean = await RunAsync(consumer, new[] { "clean", consumer.ProjectPath, "-c", "Debug" }.Concat(switches).ToArray());
            Assert.True(clean.Succeeded, clean.Describe());
            Assert.False(File.Exists(custom), "dotnet clean left the manifest at the custom MLOpsManifestPath.");

            // 3. strict: every MLO diagnostic is an error (the build fails on them).
            var (strict, strictResults) = await BuildAsync(consumer, "strict.sarif", "-p:MLOpsAnalysisMode=strict");
            Assert.False(strict.Succeeded, "MLOpsAnalysisMode=strict did not fail the build." + Environment.NewLine + strict.Describe());
            var strictMlo = strictResults.Where(r => r.RuleId.StartsWith("MLO", StringComparison.Ordinal)).ToList();
            Assert.Equal(mlo.Count, strictMlo.Count);
            Assert.All(strictMlo, r => Assert.Equal("error", r.Level));

            // 4. none, and the manifest switched off: no MLO diagnostic, no manifest file.
            var (none, noneResults) = await BuildAsync(consumer, "none.sarif", "-p:MLOpsAnalysisMode=none", "-p:MLOpsManifestEnabled=false");
            Assert.True(none.Succeeded, none.Describe());
            Assert.DoesNotContain(noneResults, r => r.RuleId.StartsWith("MLO", StringComparison.Ordinal));
            Assert.False(File.Exists(ManifestPath(consumer)), "MLOpsManifestEnabled=false wrote a manifest.");
        }

        private async Task<(ProcessResult Build, IReadOnlyList<SarifResult> Results)> BuildAsync(ConsumerProject consumer, string sarifName, params string[] properties)
        {
            var sarif = Path.Combine(consumer.Directory, sarifName);
            var build = await consumer.BuildAsync(sarif, properties);
            _output.WriteLine(build.Describe(6_000));
            Assert.True(File.Exists(sarif), "No SARIF log." + Environment.NewLine + build.Describe());
            return (build, SarifLog.Read(sarif));
        }

        private async Task<ProcessResult> RunAsync(ConsumerProject consumer, params string[] arguments)
        {
            var result = await ProcessRunner.RunDotnetAsync(consumer.Directory, ConsumerProject.BuildTimeout,
                arguments.Concat(new[] { "-nodeReuse:false", "-tl:off", "-nologo" }).ToArray());
            _output.WriteLine(result.Describe(4_000));
            return result;
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
