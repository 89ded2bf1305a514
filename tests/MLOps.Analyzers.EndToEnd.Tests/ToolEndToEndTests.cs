using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Json.Schema;
using Xunit;
using Xunit.Abstractions;

namespace MLOps.Analyzers.EndToEnd.Tests
{
    /// <summary>
    /// Packs src/MLOps.Tool and installs it as a user would (`dotnet tool install --tool-path ... --add-source ...`),
    /// once for the tests of <see cref="ToolEndToEndTests"/>.
    /// </summary>
    public sealed class InstalledToolFixture : IAsyncLifetime
    {
        public const string PackageId = "MLOps.Tool";
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

        public string RepositoryRoot { get; } = PackageFixture.FindRepositoryRoot();

        public string TempRoot { get; } = Path.Combine(Path.GetTempPath(), "mlops-tool-e2e-" + Guid.NewGuid().ToString("N").Substring(0, 10));

        public string ToolPath => Path.Combine(TempRoot, "tools", OperatingSystem.IsWindows() ? "dotnet-mlops.exe" : "dotnet-mlops");

        public async Task InitializeAsync()
        {
            var feed = Path.Combine(TempRoot, "feed");
            var pack = await ProcessRunner.RunDotnetAsync(RepositoryRoot, Timeout,
                "pack", Path.Combine(RepositoryRoot, "src", "MLOps.Tool", "MLOps.Tool.csproj"),
                "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(TempRoot, "pack-artifacts"),
                "-nodeReuse:false", "-tl:off", "-nologo");
            if (!pack.Succeeded)
            {
                throw new InvalidOperationException("Packing MLOps.Tool failed." + Environment.NewLine + pack.Describe());
            }

            var package = Directory.GetFiles(feed, PackageId + ".*.nupkg").Select(Path.GetFileNameWithoutExtension).Single()!;
            var version = package.Substring(PackageId.Length + 1);
            var install = await ProcessRunner.RunDotnetAsync(TempRoot, Timeout,
                "tool", "install", PackageId, "--tool-path", Path.Combine(TempRoot, "tools"), "--add-source", feed, "--version", version);
            if (!install.Succeeded || !File.Exists(ToolPath))
            {
                throw new InvalidOperationException("Installing MLOps.Tool failed." + Environment.NewLine + install.Describe());
            }
        }

        public Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments) =>
            ProcessRunner.RunAsync(ToolPath, "dotnet-mlops", workingDirectory, TimeSpan.FromMinutes(2), arguments);

        public Task DisposeAsync()
        {
            if (Environment.GetEnvironmentVariable("MLOPS_E2E_KEEP_TEMP") != "1")
            {
                try
                {
                    Directory.Delete(TempRoot, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// `dotnet mlops` from the packed tool, on the TaxiFareClean sample: its manifest as the repository's build wrote it,
    /// the TRX of its generated tests, and a copy of the sample built against the packed analyzers after edits.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class ToolEndToEndTests : IClassFixture<InstalledToolFixture>
    {
        private static readonly TimeSpan SampleTestTimeout = TimeSpan.FromMinutes(5);
        private readonly PackageFixture _package;
        private readonly InstalledToolFixture _tool;
        private readonly ITestOutputHelper _output;

        public ToolEndToEndTests(PackageFixture package, InstalledToolFixture tool, ITestOutputHelper output)
        {
            _package = package;
            _tool = tool;
            _output = output;
        }

        private string Root => _package.RepositoryRoot;

        /// <summary>bin/&lt;configuration&gt;: this test project's configuration, in which it built the sample (ProjectReference).</summary>
        private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

        private string SampleManifest => Path.Combine("samples", "TaxiFareClean", "bin", Configuration, "net10.0", "TaxiFareClean.mlops.json");

        private static string Points(string report, string item) =>
            report.Split('\n').Single(l => l.StartsWith("| " + item + " ", StringComparison.Ordinal)).Split(" | ")[1].Trim();

        [Fact]
        public async Task Report_GivesPointsForTheGeneratedTestsThatPassed_AndNoneWithoutTheTrx()
        {
            Assert.True(File.Exists(Path.Combine(Root, SampleManifest)), "The sample is not built: " + SampleManifest);
            var results = Path.Combine(_tool.TempRoot, "trx");
            var test = await ProcessRunner.RunDotnetAsync(Root, SampleTestTimeout,
                "test", Path.Combine(Root, "samples", "TaxiFareClean.Tests", "TaxiFareClean.Tests.csproj"),
                "--no-build", "-c", Configuration, "--logger", "trx;LogFileName=clean.trx", "--results-directory", results, "-nologo");
            Assert.True(test.Succeeded, test.Describe());
            var trx = Path.Combine(results, "clean.trx");

            var without = await _tool.RunAsync(Root, "report", SampleManifest);
            Assert.True(without.Succeeded, without.Describe());
            var with = await _tool.RunAsync(Root, "report", SampleManifest, "--test-results", trx);
            Assert.True(with.Succeeded, with.Describe());
            _output.WriteLine(with.Output);

            foreach (var item in new[] { "Infra 1", "Infra 2", "Infra 3", "Infra 4", "Monitor 5" })
            {
                Assert.Equal("0", Points(without.Output, item));
                Assert.Equal("1", Points(with.Output, item));
            }

            Assert.Contains("test results: 10 tests in 1 TRX file (10 passed, 0 failed, 0 not run)", with.Output, StringComparison.Ordinal);
            Assert.Contains("**ML Test Score: 0** (the minimum over the four sections; held down by Data, Model)", with.Output, StringComparison.Ordinal);
            Assert.Contains("```mermaid", with.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(Root, with.Output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Diff_NamesTheEditedHyperparameter_AndLostDeterminismFails_CheckWritesValidSarif_TheBomValidates()
        {
            // The sample's sources, built against the packed MLOps.Analyzers, after a hyperparameter edit.
            var project = CreateSampleCopy("tool-diff");
            var program = Path.Combine(project, "Program.cs");
            Edit(program, "numberOfLeaves: 20,", "numberOfLeaves: 32,");
            var head = await BuildAsync(project);

            var diff = await _tool.RunAsync(Root, "diff", SampleManifest, head);
            _output.WriteLine(diff.Describe());
            Assert.Equal(0, diff.ExitCode);
            Assert.Contains("### ML pipelines: 1 definition changed, 1 unchanged", diff.Output, StringComparison.Ordinal);
            Assert.Matches(new Regex(@"\| `BuildFastTree` \(Regression · FastTree\) \| definition changed \| [^\n]*numberOfLeaves 20 → 32 \(literal\)"), diff.Output);
            Assert.Equal(1, (await _tool.RunAsync(Root, "diff", SampleManifest, head, "--fail-on", "definition")).ExitCode);

            // SDCA on several threads: no longer deterministic, a regression under the default --fail-on regression.
            Edit(program, "                NumberOfThreads = 1,\n", "");
            var regressed = await BuildAsync(project);
            var regression = await _tool.RunAsync(Root, "diff", SampleManifest, regressed, "--fail-on", "regression");
            _output.WriteLine(regression.Describe());
            Assert.Equal(1, regression.ExitCode);
            Assert.Matches(new Regex(@"\| ⚠ `BuildSdca` \(Regression · Sdca\) \| \*\*regression\*\* \| deterministic true → false: [^\n]*Program\.cs:\d+"), regression.Output);

            // check: SARIF 2.1.0 at the trainer call, valid against the official schema.
            var policy = Path.Combine(_tool.TempRoot, "policy.json");
            File.WriteAllText(policy, """{ "deterministic": true, "heldOutEvaluation": true, "saveWithInputSchema": true }""");
            var sarifPath = Path.Combine(_tool.TempRoot, "mlops.sarif");
            var check = await _tool.RunAsync(Root, "check", regressed, "--policy", policy, "--format", "sarif", "--out", sarifPath, "--project-dir", "samples/TaxiFareClean");
            Assert.Equal(1, check.ExitCode);
            var sarif = File.ReadAllText(sarifPath);
            AssertValid(Schema("sarif-schema-2.1.0.json"), sarif, "the SARIF log");
            var result = JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray().Single()!;
            Assert.Equal("MLP101", (string)result["ruleId"]!);
            Assert.Equal("samples/TaxiFareClean/Program.cs", (string)result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!);
            Assert.Equal(0, (await _tool.RunAsync(Root, "check", SampleManifest, "--policy", policy)).ExitCode);

            // The manifests validate against the bundled schema; the BOM against the official CycloneDX 1.6 schema.
            var validate = await _tool.RunAsync(Root, "validate", SampleManifest, regressed);
            Assert.True(validate.Succeeded, validate.Describe());
            var bom = await _tool.RunAsync(Root, "export", "cyclonedx", SampleManifest);
            Assert.True(bom.Succeeded, bom.Describe());
            AssertValid(CycloneDxSchema(), bom.Output, "the CycloneDX BOM");
            Assert.Equal(bom.Output, (await _tool.RunAsync(Root, "export", "cyclonedx", SampleManifest)).Output);
        }

        [Fact]
        public async Task BadInput_ExitsWith2_AndOneLine()
        {
            var dir = Path.Combine(_tool.TempRoot, "bad");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "broken.mlops.json"), "{ \"schemaVersion\": ");
            var v2 = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, SampleManifest)))!;
            v2["schemaVersion"] = "2.0.0";
            File.WriteAllText(Path.Combine(dir, "v2.mlops.json"), v2.ToJsonString());
            File.WriteAllText(Path.Combine(dir, "results.trx"), "not xml");
            File.WriteAllText(Path.Combine(dir, "policy.json"), """{ "deterministc": true }""");
            var manifest = Path.Combine(Root, SampleManifest);
            var cases = new (string[] Arguments, string Expected)[]
            {
                (new[] { "report", "missing.mlops.json" }, "missing.mlops.json: no such file or folder"),
                (new[] { "report", "broken.mlops.json" }, "broken.mlops.json: not valid JSON"),
                (new[] { "report", "v2.mlops.json" }, "v2.mlops.json: manifest schemaVersion 2.0.0 is not supported"),
                (new[] { "report", manifest, "--test-results", "results.trx" }, "results.trx: not a TRX file (not XML"),
                (new[] { "check", manifest, "--policy", "policy.json" }, "policy.json: unknown policy key \"deterministc\""),
            };
            foreach (var (arguments, expected) in cases)
            {
                var r = await _tool.RunAsync(dir, arguments);
                Assert.True(r.ExitCode == 2, r.Describe());
                var lines = r.Output.TrimEnd().Split('\n');
                Assert.True(lines.Length == 1 && lines[0].StartsWith("stderr: dotnet mlops: ", StringComparison.Ordinal), r.Describe());
                Assert.Contains(expected, lines[0], StringComparison.Ordinal);
            }
        }

        private string CreateSampleCopy(string name)
        {
            var directory = Path.Combine(_package.TempRoot, name);
            Directory.CreateDirectory(directory);
            File.Copy(Path.Combine(Root, "samples", "TaxiFareClean", "Program.cs"), Path.Combine(directory, "Program.cs"));
            File.Copy(Path.Combine(Root, "samples", "TaxiFare", "TaxiTrip.cs"), Path.Combine(directory, "TaxiTrip.cs"));
            ConsumerProject.WriteIsolation(_package, directory);
            File.WriteAllText(Path.Combine(directory, "TaxiFareClean.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <RootNamespace>TaxiFare</RootNamespace>
                    <NuGetAudit>false</NuGetAudit>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="{PackageFixture.PackageId}" Version="{_package.PackageVersion}" PrivateAssets="all" />
                    <PackageReference Include="Microsoft.ML" Version="{ConsumerProject.MLNetVersion}" />
                    <PackageReference Include="Microsoft.ML.FastTree" Version="{ConsumerProject.MLNetVersion}" />
                  </ItemGroup>
                </Project>

                """);
            return directory;
        }

        private static void Edit(string path, string from, string to)
        {
            var text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
            Assert.Contains(from, text, StringComparison.Ordinal);
            File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
        }

        private async Task<string> BuildAsync(string project)
        {
            var build = await ProcessRunner.RunDotnetAsync(project, ConsumerProject.BuildTimeout, "build", Path.Combine(project, "TaxiFareClean.csproj"), "-c", "Debug", "-nodeReuse:false", "-tl:off", "-nologo");
            Assert.True(build.Succeeded, build.Describe());
            var manifest = Path.Combine(project, "bin", "Debug", "net10.0", "TaxiFareClean.mlops.json");
            Assert.True(File.Exists(manifest), build.Describe());
            var copy = Path.Combine(project, "manifests", Guid.NewGuid().ToString("N").Substring(0, 6), "TaxiFareClean.mlops.json");
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(manifest, copy);
            return copy;
        }

        private string Schema(string name) => Path.Combine(Root, "tests", "MLOps.Tool.Tests", "Schemas", name);

        private JsonSchema CycloneDxSchema()
        {
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            foreach (var name in new[] { "spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json" })
            {
                var uri = new Uri("http://cyclonedx.org/schema/" + name);
                options.SchemaRegistry.Register(uri, JsonSchema.FromText(File.ReadAllText(Schema(name)), options, uri));
            }

            return JsonSchema.FromText(File.ReadAllText(Schema("bom-1.6.SNAPSHOT.schema.json")), options);
        }

        private void AssertValid(string schemaPath, string json, string what) =>
            AssertValid(JsonSchema.FromText(File.ReadAllText(schemaPath), new BuildOptions { SchemaRegistry = new SchemaRegistry() }), json, what);

        private static void AssertValid(JsonSchema schema, string json, string what)
        {
            using var document = JsonDocument.Parse(json);
            var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            var errors = (result.Details ?? new List<EvaluationResults>())
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))
                .Take(20);
            Assert.True(result.IsValid, what + " does not validate:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
    }
}
