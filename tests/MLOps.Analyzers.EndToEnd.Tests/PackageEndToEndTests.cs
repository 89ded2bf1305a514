using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace MLOps.Analyzers.EndToEnd.Tests
{
    /// <summary>
    /// The package as a user gets it: packed from the repository, restored from a folder feed into a fresh project
    /// outside the repository, built with the real SDK, and fixed with `dotnet format analyzers`.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class PackageEndToEndTests
    {
        private static readonly string[] MLORuleIds =
        {
            "MLO1001", "MLO1002", "MLO1003", "MLO1004", "MLO1005",
            "MLO2001", "MLO2002", "MLO2003", "MLO2005", "MLO2006", "MLO2007", "MLO2008",
            "MLO3002", "MLO3003", "MLO3004",
            "MLO4001", "MLO4002", "MLO4003", "MLO4004", "MLO4005", "MLO4006",
            "MLO5001", "MLO5002", "MLO5003", "MLO5004",
        };

        // Compiler/driver diagnostics that mean the analyzers did not (fully) run: a crashed analyzer (AD0001),
        // an analyzer assembly that could not be loaded or references a newer compiler (CS8032, CS8033, CS9057),
        // a generator that failed (CS8784, CS8785).
        private static readonly string[] AnalyzerFailureIds = { "AD0001", "CS8032", "CS8033", "CS9057", "CS8784", "CS8785" };

        private readonly PackageFixture _fixture;
        private readonly ITestOutputHelper _output;

        public PackageEndToEndTests(PackageFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public void Package_CarriesOnlyTheAnalyzersTheReadmeAndTheBuildProps()
        {
            using var archive = ZipFile.OpenRead(_fixture.PackagePath);
            var entries = archive.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var listing = string.Join(Environment.NewLine, entries);
            _output.WriteLine(listing);

            var analyzerFolder = entries
                .Select(e => Regex.Match(e, @"^(analyzers/dotnet/roslyn\d+\.\d+/cs/)MLOps\.Analyzers\.dll$"))
                .Where(m => m.Success)
                .Select(m => m.Groups[1].Value)
                .SingleOrDefault();
            Assert.True(analyzerFolder is not null, "No analyzers/dotnet/roslynX.Y/cs/MLOps.Analyzers.dll in the package:" + Environment.NewLine + listing);
            Assert.Contains(analyzerFolder + "MLOps.Analyzers.CodeFixes.dll", entries);
            Assert.Contains("buildTransitive/MLOps.Analyzers.props", entries);
            Assert.Contains("build/MLOps.Analyzers.props", entries);
            Assert.Contains("PACKAGE.md", entries);
            foreach (var mode in new[] { "recommended", "strict", "none" })
            {
                Assert.Contains($"buildTransitive/config/mlops-{mode}.globalconfig", entries);
                Assert.Contains($"build/config/mlops-{mode}.globalconfig", entries);
            }

            Assert.Contains("MLOps.Analyzers.nuspec", entries);

            // Nothing a consumer would compile against or ship, and no other analyzer assembly.
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal) ||
                                                e.StartsWith("runtimes/", StringComparison.Ordinal) || e.StartsWith("contentFiles/", StringComparison.Ordinal));
            Assert.Equal(
                new[] { analyzerFolder + "MLOps.Analyzers.CodeFixes.dll", analyzerFolder + "MLOps.Analyzers.dll" },
                entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).ToArray());

            var nuspecEntry = archive.GetEntry("MLOps.Analyzers.nuspec")!;
            XDocument nuspec;
            using (var stream = nuspecEntry.Open())
            {
                nuspec = XDocument.Load(stream);
            }

            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Meta(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal(PackageFixture.PackageId, Meta("id"));
            Assert.Equal(_fixture.PackageVersion, Meta("version"));
            Assert.Equal("true", Meta("developmentDependency"));
            Assert.Equal("PACKAGE.md", Meta("readme"));
            var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.ToString()).ToList();
            Assert.True(dependencies.Count == 0, "The nuspec declares dependencies:" + Environment.NewLine + string.Join(Environment.NewLine, dependencies));

            var props = ReadEntry(archive, "buildTransitive/MLOps.Analyzers.props");
            Assert.Equal(props, ReadEntry(archive, "build/MLOps.Analyzers.props"));
            Assert.Contains($"<MLOpsAnalyzersVersion>{_fixture.PackageVersion}</MLOpsAnalyzersVersion>", props, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Consumer_ResolvesTheAnalyzersAndPropsFromTheFreshPackage()
        {
            var consumer = ConsumerProject.Create(_fixture, "consumer-query");
            await RestoreAsync(consumer);

            var query = await consumer.QueryAsync(
                new[] { "MLOpsAnalyzersVersion", "MLOpsManifestEnabled", "DirectoryBuildPropsPath", "DirectoryPackagesPropsPath", "ManagePackageVersionsCentrally", "RoslynVersion", "NuGetPackageRoot" },
                new[] { "Analyzer", "CompilerVisibleProperty", "AdditionalFiles", "EditorConfigFiles" });
            Assert.True(query.Succeeded, query.Describe());
            var json = ExtractJson(query.Output);
            var properties = json.RootElement.GetProperty("Properties");
            string Property(string name) => properties.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";

            var context = Environment.NewLine + query.Describe();

            // The props file from the package is imported (and stamped with the package version) ...
            Assert.True(_fixture.PackageVersion == Property("MLOpsAnalyzersVersion"), "MLOpsAnalyzersVersion" + context);
            Assert.True(Property("MLOpsManifestEnabled") == "true", "MLOpsManifestEnabled" + context);
            var visible = json.RootElement.GetProperty("Items").GetProperty("CompilerVisibleProperty").EnumerateArray()
                .Select(i => i.GetProperty("Identity").GetString()).ToList();
            Assert.Contains("MLOpsManifestEnabled", visible);
            Assert.Contains("MLOpsManifestEmbedded", visible);

            // MLOpsReadDvcFiles (default true) passes the DVC pins to the compiler; false does not. MLOpsAnalysisMode
            // (default: no preset) adds the preset's global config.
            Assert.Contains(Items(json, "AdditionalFiles"), p => p.EndsWith("listings.csv.dvc", StringComparison.Ordinal));
            Assert.DoesNotContain(Items(json, "EditorConfigFiles"), p => Path.GetFileName(p).StartsWith("mlops-", StringComparison.Ordinal));
            var flipped = await consumer.QueryAsync(new[] { "MLOpsReadDvcFiles" }, new[] { "AdditionalFiles", "EditorConfigFiles" }, "-p:MLOpsReadDvcFiles=false", "-p:MLOpsAnalysisMode=Strict");
            Assert.True(flipped.Succeeded, flipped.Describe());
            using var flippedJson = ExtractJson(flipped.Output);
            Assert.DoesNotContain(Items(flippedJson, "AdditionalFiles"), p => p.EndsWith(".dvc", StringComparison.Ordinal));
            Assert.Equal(new[] { "mlops-strict.globalconfig" }, Items(flippedJson, "EditorConfigFiles").Select(Path.GetFileName).Where(n => n!.StartsWith("mlops-", StringComparison.Ordinal)).ToArray());

            // ... nothing of the repository's is ...
            Assert.True(PathsEqual(Path.Combine(consumer.Directory, "Directory.Build.props"), Property("DirectoryBuildPropsPath")), "DirectoryBuildPropsPath" + context);
            Assert.True(Property("ManagePackageVersionsCentrally") != "true", "ManagePackageVersionsCentrally" + context);
            Assert.True(Property("RoslynVersion") == "", "RoslynVersion (the repository's Directory.Build.props leaked in)" + context);

            // ... and the analyzers are the ones just packed, from the run's private packages folder.
            Assert.True(PathsEqual(_fixture.PackagesDirectory, Property("NuGetPackageRoot")), "NuGetPackageRoot" + context);
            var analyzers = json.RootElement.GetProperty("Items").GetProperty("Analyzer").EnumerateArray()
                .Select(i => i.GetProperty("FullPath").GetString() ?? "")
                .Where(p => Path.GetFileName(p).StartsWith("MLOps.", StringComparison.Ordinal))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();
            _output.WriteLine(string.Join(Environment.NewLine, analyzers));
            Assert.Equal(new[] { "MLOps.Analyzers.CodeFixes.dll", "MLOps.Analyzers.dll" }, analyzers.Select(Path.GetFileName).ToArray());
            var packageFolder = Path.Combine(_fixture.PackagesDirectory, PackageFixture.PackageId.ToLowerInvariant(), _fixture.PackageVersion);
            Assert.All(analyzers, p => Assert.StartsWith(packageFolder + Path.DirectorySeparatorChar, p, StringComparison.Ordinal));
            using var archive = ZipFile.OpenRead(_fixture.PackagePath);
            foreach (var analyzer in analyzers)
            {
                var entry = archive.Entries.Single(e => e.FullName.EndsWith("/" + Path.GetFileName(analyzer), StringComparison.Ordinal));
                using var packed = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(packed);
                }

                Assert.True(packed.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(analyzer)), $"{analyzer} differs from the packed {entry.FullName}");
            }
        }

        [Fact]
        public async Task Build_ReportsExactlyTheMarkedDiagnostics()
        {
            var consumer = ConsumerProject.Create(_fixture, "consumer-build");
            var markers = ExpectationMarkers.Parse(consumer.Directory);
            AssertMarkersAreSane(markers);

            await RestoreAsync(consumer);
            var (build, results) = await BuildAsync(consumer, "build.sarif");

            AssertDiagnostics(markers.Expected, results, build, "first build");
        }

        /// <summary>
        /// MLO3001 looks at the whole project: a project that evaluates nothing gets it on the model it saves or serves,
        /// not on the model a helper trains and returns to its caller.
        /// </summary>
        [Fact]
        public async Task Build_OfAProjectThatNeverEvaluates_ReportsTheShippedModelsOnly()
        {
            var assets = Path.Combine(Path.GetDirectoryName(_fixture.ConsumerAssetsDirectory)!, "NoEvaluationConsumer");
            var consumer = ConsumerProject.Create(_fixture, "consumer-no-evaluation", assets);
            var markers = ExpectationMarkers.Parse(consumer.Directory);
            Assert.Contains(markers.Expected, k => k.Id == "MLO3001");
            Assert.NotEmpty(markers.OkLines);

            await RestoreAsync(consumer);
            var (build, results) = await BuildAsync(consumer, "build.sarif");

            AssertDiagnostics(markers.Expected, results, build, "build of a project without evaluation");
        }

        [Fact]
        public async Task FormatAnalyzers_SeedsTheUnseededContexts()
        {
            var consumer = ConsumerProject.Create(_fixture, "consumer-format");
            var markers = ExpectationMarkers.Parse(consumer.Directory);
            var mlo1001 = markers.Expected.Where(k => k.Id == "MLO1001").ToList();
            Assert.NotEmpty(mlo1001);
            var before = ReadSources(consumer);

            // mlops.default_seed (default 42) is the seed the fix writes.
            File.AppendAllText(Path.Combine(consumer.Directory, ".editorconfig"), "mlops.default_seed = 7\n");

            await RestoreAsync(consumer);
            var reportDirectory = Path.Combine(consumer.Directory, "format-report");
            Directory.CreateDirectory(reportDirectory);
            var format = await consumer.FormatAnalyzersAsync("MLO1001", reportDirectory);
            _output.WriteLine(format.Describe());
            var after = ReadSources(consumer);
            var context = Environment.NewLine + DescribeChanges(before, after) + Environment.NewLine + format.Describe() +
                          Environment.NewLine + ReadReport(reportDirectory);
            Assert.True(format.Succeeded, "dotnet format failed." + context);

            // Each formerly flagged `new MLContext(...)` is now seeded, on the same line.
            foreach (var key in mlo1001)
            {
                var line = after[key.File][key.Line - 1];
                Assert.True(line.Contains("new MLContext(seed: 7)", StringComparison.Ordinal),
                    $"{key.File}({key.Line}) was flagged with MLO1001 but after `dotnet format` reads:{Environment.NewLine}  {line.Trim()}{context}");
            }

            // Only those lines changed.
            var changed = ChangedLines(before, after);
            var unexpected = changed.Where(c => !mlo1001.Any(k => k.File == c.File && k.Line == c.Line)).ToList();
            Assert.True(unexpected.Count == 0, "`dotnet format` changed lines that were not flagged with MLO1001: " + string.Join(", ", unexpected) + context);

            // The rebuild reports no MLO1001, and every other diagnostic as before (the seeded contexts train with
            // FastTree/FastForest, which MLO1002 does not flag, so seeding them adds nothing).
            var (rebuild, results) = await BuildAsync(consumer, "rebuild.sarif");
            var expectedAfterFix = markers.Expected.Where(k => k.Id != "MLO1001").ToList();
            AssertDiagnostics(expectedAfterFix, results, rebuild, "rebuild after `dotnet format analyzers --diagnostics MLO1001`");
        }

        private static void AssertMarkersAreSane(ExpectationMarkers markers)
        {
            // The test data must describe every rule and some look-alikes; an empty parse would pass vacuously.
            var ids = markers.Expected.Select(k => k.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToArray();
            Assert.Equal(MLORuleIds, ids);
            Assert.True(markers.OkLines.Count >= 10, $"Only {markers.OkLines.Count} '// ok' markers were found.");
        }

        private async Task RestoreAsync(ConsumerProject consumer)
        {
            var restore = await consumer.RestoreAsync();
            _output.WriteLine($"restore: {restore.Elapsed.TotalSeconds:F1} s");
            Assert.True(restore.Succeeded, "Restoring the consumer failed." + Environment.NewLine + restore.Describe());
        }

        private async Task<(ProcessResult Build, IReadOnlyList<SarifResult> Results)> BuildAsync(ConsumerProject consumer, string sarifName)
        {
            var sarifPath = Path.Combine(consumer.Directory, sarifName);
            var build = await consumer.BuildAsync(sarifPath);
            _output.WriteLine(build.Describe());
            Assert.True(build.Succeeded, "Building the consumer failed." + Environment.NewLine + build.Describe());
            Assert.True(File.Exists(sarifPath), $"The build wrote no SARIF log at {sarifPath}." + Environment.NewLine + build.Describe());
            var results = SarifLog.Read(sarifPath);
            foreach (var result in results)
            {
                _output.WriteLine("sarif: " + result);
            }

            return (build, results);
        }

        private static void AssertDiagnostics(IReadOnlyList<DiagnosticKey> expected, IReadOnlyList<SarifResult> results, ProcessResult build, string what)
        {
            var failures = results.Where(r => AnalyzerFailureIds.Contains(r.RuleId)).ToList();
            var actual = results.Where(r => r.RuleId.StartsWith("MLO", StringComparison.Ordinal) && !r.Suppressed).ToList();
            var actualKeys = actual.Select(r => r.Key).OrderBy(k => k).ToList();

            var missing = MultisetExcept(expected, actualKeys);
            var unexpected = MultisetExcept(actualKeys, expected);
            // The consumer's .editorconfig raises every Info rule (MLO1003, MLO1005, the Serving and Performance categories) to warning.
            var wrongLevel = actual.Where(r => r.Level != "warning").ToList();

            if (failures.Count == 0 && missing.Count == 0 && unexpected.Count == 0 && wrongLevel.Count == 0)
            {
                return;
            }

            var message = new StringBuilder();
            message.AppendLine($"The MLO diagnostics of the {what} do not match the markers in the consumer's sources.");
            AppendSection(message, "Analyzer failures", failures.Select(f => f.ToString()));
            AppendSection(message, "Missing (marked '// expect:' but not reported)", missing.Select(k => k.ToString()));
            AppendSection(message, "Unexpected (reported on a line not marked for that ID)", unexpected.Select(k => k + "  — " + actual.First(r => r.Key == k).Message));
            AppendSection(message, "Not at warning level", wrongLevel.Select(r => r.ToString()));
            AppendSection(message, "Expected", expected.Select(k => k.ToString()));
            AppendSection(message, "Reported (MLO*)", actual.OrderBy(r => r.Key).Select(r => r.ToString()));
            AppendSection(message, "All SARIF results", results.Select(r => r.ToString()));
            message.AppendLine(build.Describe(20_000));
            Assert.Fail(message.ToString());
        }

        private static List<DiagnosticKey> MultisetExcept(IEnumerable<DiagnosticKey> from, IEnumerable<DiagnosticKey> remove)
        {
            var remaining = from.ToList();
            foreach (var key in remove)
            {
                remaining.Remove(key);
            }

            return remaining;
        }

        private static void AppendSection(StringBuilder message, string title, IEnumerable<string> lines)
        {
            var list = lines.ToList();
            message.AppendLine($"{title} ({list.Count}):");
            foreach (var line in list)
            {
                message.AppendLine("  " + line);
            }
        }

        private static Dictionary<string, string[]> ReadSources(ConsumerProject consumer) =>
            Directory.GetFiles(consumer.Directory, "*.cs").ToDictionary(p => Path.GetFileName(p), File.ReadAllLines, StringComparer.Ordinal);

        private static List<(string File, int Line)> ChangedLines(Dictionary<string, string[]> before, Dictionary<string, string[]> after)
        {
            var changed = new List<(string, int)>();
            foreach (var (file, oldLines) in before)
            {
                var newLines = after.TryGetValue(file, out var lines) ? lines : Array.Empty<string>();
                for (var i = 0; i < Math.Max(oldLines.Length, newLines.Length); i++)
                {
                    if (i >= oldLines.Length || i >= newLines.Length || oldLines[i] != newLines[i])
                    {
                        changed.Add((file, i + 1));
                    }
                }
            }

            return changed;
        }

        private static string DescribeChanges(Dictionary<string, string[]> before, Dictionary<string, string[]> after)
        {
            var text = new StringBuilder("Lines changed by `dotnet format`:" + Environment.NewLine);
            foreach (var (file, line) in ChangedLines(before, after))
            {
                var oldLine = line <= before[file].Length ? before[file][line - 1].Trim() : "<none>";
                var newLine = after.TryGetValue(file, out var lines) && line <= lines.Length ? lines[line - 1].Trim() : "<none>";
                text.AppendLine($"  {file}({line}): '{oldLine}' -> '{newLine}'");
            }

            return text.ToString();
        }

        private static string ReadReport(string reportDirectory)
        {
            var report = Path.Combine(reportDirectory, "format-report.json");
            return File.Exists(report) ? "format-report.json:" + Environment.NewLine + File.ReadAllText(report) : "(no format-report.json)";
        }

        private static string ReadEntry(ZipArchive archive, string name)
        {
            using var reader = new StreamReader(archive.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }

        private static List<string> Items(JsonDocument json, string name) =>
            json.RootElement.GetProperty("Items").TryGetProperty(name, out var items)
                ? items.EnumerateArray().Select(i => i.GetProperty("FullPath").GetString() ?? "").ToList()
                : new List<string>();

        private static JsonDocument ExtractJson(string output)
        {
            // -getProperty/-getItem print one JSON object; anything before it (a stray warning) is skipped.
            var start = output.IndexOf('{');
            var end = output.LastIndexOf('}');
            if (start < 0 || end < start)
            {
                throw new FormatException("No JSON in the output of `dotnet msbuild -getProperty`:" + Environment.NewLine + output);
            }

            return JsonDocument.Parse(output.Substring(start, end - start + 1));
        }

        private static bool PathsEqual(string expected, string actual) =>
            string.Equals(
                Path.TrimEndingDirectorySeparator(Path.GetFullPath(expected)),
                actual.Length == 0 ? "" : Path.TrimEndingDirectorySeparator(Path.GetFullPath(actual)),
                StringComparison.Ordinal);
    }
}
