using System;
using System.IO;
using Xunit;

namespace MLOps.Tool.Tests
{
    /// <summary>--summary appends the Markdown to $GITHUB_STEP_SUMMARY. The only tests that set the variable: they run
    /// one after the other (one class), and no other test passes --summary.</summary>
    public sealed class SummaryTests : IDisposable
    {
        private readonly ToolRunner _tool = new();

        public void Dispose() => _tool.Dispose();

        [Fact]
        public void Summary_AppendsTheMarkdown_ToTheStepSummaryFile_EvenWhenTheOutputIsJson()
        {
            var summary = _tool.Write("step-summary.md", "existing line\n");
            var previous = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
            Environment.SetEnvironmentVariable("GITHUB_STEP_SUMMARY", summary);
            try
            {
                var markdown = ToolRunner.Run("report", ToolRunner.Asset("TaxiFareClean.mlops.json")).Stdout;
                var r = ToolRunner.Run("report", ToolRunner.Asset("TaxiFareClean.mlops.json"), "--format", "json", "--summary");
                Assert.Equal(0, r.ExitCode);
                Assert.StartsWith("{", r.Stdout, StringComparison.Ordinal);
                Assert.Equal("existing line\n" + markdown + "\n", File.ReadAllText(summary));

                var head = ToolRunner.LoadAsset("TaxiFareClean.mlops.json");
                ToolRunner.Trainer(ToolRunner.Pipeline(head, "BuildFastTree"))["arguments"]!["learningRate"]!["value"] = 0.1;
                var diff = ToolRunner.Run("diff", ToolRunner.Asset("TaxiFareClean.mlops.json"), _tool.Write("head.mlops.json", head), "--summary");
                Assert.Equal(0, diff.ExitCode);
                Assert.EndsWith(diff.Stdout + "\n", File.ReadAllText(summary), StringComparison.Ordinal);
                Assert.Contains("learningRate 0.2 → 0.1 (literal)", File.ReadAllText(summary), StringComparison.Ordinal);
            }
            finally
            {
                Environment.SetEnvironmentVariable("GITHUB_STEP_SUMMARY", previous);
            }
        }
    }
}
