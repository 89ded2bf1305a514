using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace MLOps.Analyzers.EndToEnd.Tests
{
    /// <summary>
    /// `dotnet format analyzers --diagnostics ID` takes the Fix All equivalence key from the first diagnostic of the ID it
    /// meets. In TestAssets/FormatConsumer the first MLO2007 and the first MLO3002 diagnostics have no fix and the later
    /// ones do: every available fix must still be applied (the batch fixer applied none, "didn't return a Fix All
    /// action"), the diagnostics without a fix stay, and the result builds.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class FormatFixAllEndToEndTests
    {
        private const string SourceFile = "Training.cs";

        private readonly PackageFixture _fixture;
        private readonly ITestOutputHelper _output;

        public FormatFixAllEndToEndTests(PackageFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        private string Assets => Path.Combine(_fixture.RepositoryRoot, "tests", "MLOps.Analyzers.EndToEnd.Tests", "TestAssets", "FormatConsumer");

        [Fact]
        public async Task FormatAnalyzers_AppliesEveryAvailableFix_WhenTheFirstDiagnosticOfTheIdHasNone()
        {
            var consumer = ConsumerProject.Create(_fixture, "consumer-format-fix-all", Assets);
            var path = consumer.SourcePath(SourceFile);
            var before = File.ReadAllText(path);

            var restore = await consumer.RestoreAsync();
            Assert.True(restore.Succeeded, "Restoring the consumer failed." + Environment.NewLine + restore.Describe());

            // The build before: the diagnostics the test is about, the ones without a fix first in the file.
            var (initialBuild, initial) = await BuildAsync(consumer, "before.sarif");
            var initialLines = Lines(initial, "MLO2007", "MLO3002");
            Assert.True(initialLines.Length == 6, "Expected 3 MLO2007 and 3 MLO3002 diagnostics before the fix:" + Environment.NewLine + string.Join(Environment.NewLine, initial) + Environment.NewLine + initialBuild.Describe());

            var expected = before
                .Replace("\"Romos\"", "\"Rooms\"", StringComparison.Ordinal)
                .Replace("labelColumnName: \"price\"", "labelColumnName: \"Price\"", StringComparison.Ordinal)
                .Replace("model.Transform(split.TrainSet)", "model.Transform(split.TestSet)", StringComparison.Ordinal)
                .Replace("model.Transform(parts.TrainSet)", "model.Transform(parts.TestSet)", StringComparison.Ordinal);
            Assert.NotEqual(before, expected);

            foreach (var id in new[] { "MLO2007", "MLO3002" })
            {
                var reportDirectory = Path.Combine(consumer.Directory, "format-report-" + id);
                Directory.CreateDirectory(reportDirectory);
                var format = await consumer.FormatAnalyzersAsync(id, reportDirectory);
                _output.WriteLine(format.Describe());
                Assert.True(format.Succeeded, $"dotnet format --diagnostics {id} failed." + Environment.NewLine + format.Describe());
                Assert.DoesNotContain("Fix All action", format.Output, StringComparison.Ordinal);
            }

            var after = File.ReadAllText(path);
            _output.WriteLine(after);
            Assert.Equal(expected, after);

            // The fixed project builds; only the diagnostics without a fix are left: "Agex" (Age or Ages) and the
            // evaluation on the rows the model was fitted on, with no split held out.
            var (_, rebuilt) = await BuildAsync(consumer, "after.sarif");
            var left = rebuilt.Where(r => r.RuleId is "MLO2007" or "MLO3002").ToList();
            var afterLines = after.Split('\n');
            Assert.True(left.Count == 2, "Expected one MLO2007 and one MLO3002 left:" + Environment.NewLine + string.Join(Environment.NewLine, left));
            Assert.Contains("\"Agex\"", afterLines[left.Single(r => r.RuleId == "MLO2007").Line - 1], StringComparison.Ordinal);
            Assert.Contains("model.Transform(data)", afterLines[left.Single(r => r.RuleId == "MLO3002").Line - 1], StringComparison.Ordinal);
        }

        private static int[] Lines(System.Collections.Generic.IReadOnlyList<SarifResult> results, params string[] ids) =>
            results.Where(r => ids.Contains(r.RuleId) && r.FileName == SourceFile).Select(r => r.Line).ToArray();

        private async Task<(ProcessResult Build, System.Collections.Generic.IReadOnlyList<SarifResult> Results)> BuildAsync(ConsumerProject consumer, string sarifName)
        {
            var sarifPath = Path.Combine(consumer.Directory, sarifName);
            var build = await consumer.BuildAsync(sarifPath);
            _output.WriteLine(build.Describe());
            Assert.True(build.Succeeded, "Building the consumer failed." + Environment.NewLine + build.Describe());
            var results = SarifLog.Read(sarifPath);
            foreach (var result in results)
            {
                _output.WriteLine("sarif: " + result);
            }

            return (build, results);
        }
    }
}
