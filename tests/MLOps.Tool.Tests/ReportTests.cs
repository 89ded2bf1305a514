using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace MLOps.Tool.Tests
{
    public sealed class ReportTests : IDisposable
    {
        private readonly ToolRunner _tool = new();

        public void Dispose() => _tool.Dispose();

        private static string Clean => ToolRunner.Asset("TaxiFareClean.mlops.json");

        /// <summary>The points column of an item's row in the ML Test Score table.</summary>
        private static string Points(string report, string item)
        {
            var row = report.Split('\n').Single(l => l.StartsWith("| " + item + " ", StringComparison.Ordinal));
            return row.Split(" | ")[1].Trim();
        }

        [Fact]
        public void WithoutTestResults_NoItemScores_AndTheStaticEvidenceIsAPrecondition()
        {
            var r = ToolRunner.Run("report", Clean);
            Assert.Equal(0, r.ExitCode);
            foreach (var item in new[] { "Infra 1", "Infra 2", "Infra 3", "Infra 4", "Monitor 5", "Data 4" })
            {
                Assert.Equal("0", Points(r.Stdout, item));
            }

            Assert.Contains("**ML Test Score: 0**", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("| Infra | 0 |", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("`BuildFastTree` ◐ test generated, no results given", r.Stdout, StringComparison.Ordinal);
            Assert.Matches(new Regex(@"\| Data 1 [^|]+ \| — \| precondition only: 2 of 2 pipelines"), r.Stdout);
            Assert.Contains("| Microsoft 1 · DevOps, no MLOps / Google 0 | Automated tests exist and ran | ❌ not met | no test results given |", r.Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void PassedGeneratedTests_ScoreTheirItems_ButTheMinimumOverSectionsStaysZero()
        {
            var trx = _tool.WriteTrx("results/clean.trx", ToolRunner.CleanSampleTests());
            var r = ToolRunner.Run("report", Clean, "--test-results", trx);
            Assert.Equal(0, r.ExitCode);
            foreach (var item in new[] { "Infra 1", "Infra 2", "Infra 3", "Infra 4", "Monitor 5" })
            {
                Assert.Equal("1", Points(r.Stdout, item));
            }

            Assert.Contains("| Infra | 4 |", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("| Monitor | 1 |", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("**ML Test Score: 0** (the minimum over the four sections; held down by Data, Model)", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("- **Data**: Data 4: declare `forbiddenFeatures`", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("| Microsoft 2 · Automated training | Reproducibility is tested (Infra 1 evidenced) | ✅ met |", r.Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void ASkippedOrFailedTest_IsNoEvidence_AndATestOfOnlyOnePipelineIsNotEnough()
        {
            var tests = ToolRunner.CleanSampleTests()
                .Select(t => t.Item1 == "BuildSdca: training is deterministic" ? (t.Item1, "NotExecuted")
                    : t.Item1 == "BuildFastTree: saved model round-trips" ? (t.Item1, "Failed")
                    : t)
                .Where(t => t.Item1 != "BuildSdca: scores are finite")
                .ToArray();
            var r = ToolRunner.Run("report", Clean, "--test-results", _tool.WriteTrx("r.trx", tests));
            Assert.Equal("0", Points(r.Stdout, "Infra 1"));
            Assert.Contains("`BuildSdca` ✗ test skipped (not run)", r.Stdout, StringComparison.Ordinal);
            Assert.Equal("0", Points(r.Stdout, "Infra 3"));
            Assert.Contains("`BuildFastTree` ✗ test failed", r.Stdout, StringComparison.Ordinal);
            Assert.Equal("0", Points(r.Stdout, "Monitor 5"));
            Assert.Contains("`BuildSdca` ✗ no such test in the results", r.Stdout, StringComparison.Ordinal);
            Assert.Equal("1", Points(r.Stdout, "Infra 2"));
        }

        [Fact]
        public void APassingForbiddenFeaturePolicy_EvidencesData4()
        {
            var policy = _tool.Write("policy.json", """{ "forbiddenFeatures": ["Ssn"] }""");
            Assert.Equal("1", Points(ToolRunner.Run("report", Clean, "--policy", policy).Stdout, "Data 4"));
            var failing = _tool.Write("failing.json", """{ "forbiddenFeatures": ["TripDistance"] }""");
            var r = ToolRunner.Run("report", Clean, "--policy", failing);
            Assert.Equal("0", Points(r.Stdout, "Data 4"));
            Assert.Contains("policy check failed: 2 forbidden-feature findings", r.Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void Pipelines_ShowDeterminismReasonsWithSourceLine_DefaultsAndAMermaidFlowchart()
        {
            var r = ToolRunner.Run("report", ToolRunner.Asset("TaxiFare.mlops.json"));
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("❌ not deterministic", r.Stdout, StringComparison.Ordinal);
            Assert.Matches(new Regex(@"\| Determinism \| ❌ not deterministic: [^|]*NumberOfThreads[^|]*\(Program\.cs:\d+\) \|"), r.Stdout);
            Assert.Contains("`Regression.Evaluate` on ⚠ its training data", r.Stdout, StringComparison.Ordinal);
            Assert.Equal(2, Regex.Matches(r.Stdout, "```mermaid\nflowchart LR\n").Count);
            Assert.Matches(new Regex(@"s\d+\[\[""Regression\.Trainers\.FastTree""\]\]"), r.Stdout);
            Assert.Contains("Left at library default", r.Stdout, StringComparison.Ordinal);
            // TaxiFare's pipelines are built inline: no factory, so no generated tests, whatever the TRX says.
            var trx = _tool.WriteTrx("r.trx", ToolRunner.CleanSampleTests());
            var withTrx = ToolRunner.Run("report", ToolRunner.Asset("TaxiFare.mlops.json"), "-t", trx);
            Assert.Equal("0", Points(withTrx.Stdout, "Infra 1"));
            Assert.Contains("✗ no factory, so no test", withTrx.Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void Output_IsDeterministic_AndHoldsNoAbsolutePath()
        {
            var trx = _tool.WriteTrx("r.trx", ToolRunner.CleanSampleTests());
            foreach (var format in new[] { "md", "json", "html" })
            {
                var first = ToolRunner.Run("report", Clean, "-t", trx, "--format", format);
                var second = ToolRunner.Run("report", Clean, "-t", trx, "--format", format);
                Assert.Equal(0, first.ExitCode);
                Assert.Equal(first.Stdout, second.Stdout);
                Assert.DoesNotContain(_tool.Directory, first.Stdout, StringComparison.Ordinal);
                Assert.DoesNotContain(AppContext.BaseDirectory.TrimEnd('/'), first.Stdout, StringComparison.Ordinal);
            }

            var json = JsonNode.Parse(ToolRunner.Run("report", Clean, "-t", trx, "--format", "json").Stdout)!;
            Assert.Equal(0, (int)json["mlTestScore"]!["score"]!);
            Assert.Equal(4, (int)json["mlTestScore"]!["sections"]!["Infra"]!);
            Assert.Equal(28, json["mlTestScore"]!["items"]!.AsArray().Count);
            var html = ToolRunner.Run("report", Clean, "--format", "html").Stdout;
            Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
            Assert.Contains("<table>", html, StringComparison.Ordinal);
        }

        [Fact]
        public void Out_WritesTheFile_AndAFolderInputFindsTheManifests()
        {
            var folder = Path.Combine(_tool.Directory, "in");
            Directory.CreateDirectory(Path.Combine(folder, "a"));
            File.Copy(Clean, Path.Combine(folder, "a", "TaxiFareClean.mlops.json"));
            File.Copy(ToolRunner.Asset("TaxiFare.mlops.json"), Path.Combine(folder, "TaxiFare.mlops.json"));
            var output = Path.Combine(_tool.Directory, "out", "report.md");
            var r = ToolRunner.Run("report", folder, "--out", output);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal("", r.Stdout);
            var text = File.ReadAllText(output);
            Assert.Contains("# ML pipelines: TaxiFare, TaxiFareClean", text, StringComparison.Ordinal);
            Assert.Contains("4 pipelines in 2 manifests", text, StringComparison.Ordinal);

            // A glob finds the same files, in the same order.
            var glob = ToolRunner.Run("report", folder + "/**/*.mlops.json");
            Assert.Equal(0, glob.ExitCode);
            Assert.Equal(text, glob.Stdout);
            Assert.Contains("2 pipelines in 1 manifest ·", ToolRunner.Run("report", folder + "/a/*.json").Stdout, StringComparison.Ordinal);
        }
    }
}
