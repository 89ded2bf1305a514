using System;
using System.Linq;
using Xunit;

namespace MLOps.Tool.Tests
{
    /// <summary>Bad input: exit code 2 and one line on stderr that says what is wrong, never a stack trace.</summary>
    public sealed class InputErrorTests : IDisposable
    {
        private readonly ToolRunner _tool = new();

        public void Dispose() => _tool.Dispose();

        private static void AssertOneLineError(ToolRunner.Result r, string expected)
        {
            Assert.True(r.ExitCode == 2, r.ToString());
            var lines = r.Stderr.TrimEnd('\n').Split('\n');
            Assert.True(lines.Length == 1, r.ToString());
            Assert.StartsWith("dotnet mlops: ", lines[0], StringComparison.Ordinal);
            Assert.Contains(expected, lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain(" at MLOps.", r.Stderr, StringComparison.Ordinal);
            Assert.Equal("", r.Stdout);
        }

        [Fact]
        public void MissingFile() =>
            AssertOneLineError(ToolRunner.Run("report", "no/such/file.mlops.json"), "no/such/file.mlops.json: no such file or folder");

        [Fact]
        public void BrokenJson() =>
            AssertOneLineError(ToolRunner.Run("report", _tool.Write("broken.mlops.json", "{ \"schemaVersion\": \"1.0.0\", ")), "broken.mlops.json: not valid JSON");

        [Fact]
        public void SchemaMajor2()
        {
            var manifest = ToolRunner.LoadAsset("TaxiFareClean.mlops.json");
            manifest["schemaVersion"] = "2.0.0";
            var path = _tool.Write("v2.mlops.json", manifest);
            foreach (var args in new[] { new[] { "report", path }, new[] { "diff", path, path }, new[] { "validate", path }, new[] { "export", "cyclonedx", path } })
            {
                AssertOneLineError(ToolRunner.Run(args), "v2.mlops.json: manifest schemaVersion 2.0.0 is not supported (this tool reads major version 1)");
            }
        }

        [Fact]
        public void TrxThatIsNotXml() =>
            AssertOneLineError(
                ToolRunner.Run("report", ToolRunner.Asset("TaxiFareClean.mlops.json"), "--test-results", _tool.Write("results.trx", "Passed: 10")),
                "results.trx: not a TRX file (not XML:");

        [Fact]
        public void TrxOfAnotherXmlKind() =>
            AssertOneLineError(
                ToolRunner.Run("report", ToolRunner.Asset("TaxiFareClean.mlops.json"), "--test-results", _tool.Write("junit.trx", "<testsuites />")),
                "junit.trx: not a TRX file (the root element is <testsuites>, not <TestRun>)");

        [Fact]
        public void PolicyWithAnUnknownKey() =>
            AssertOneLineError(
                ToolRunner.Run("check", ToolRunner.Asset("TaxiFareClean.mlops.json"), "--policy", _tool.Write("policy.json", """{ "deterministic": true, "determinstic": true }""")),
                "policy.json: unknown policy key \"determinstic\" (allowed: $schema, deterministic,");

        [Fact]
        public void PolicyWithABadLevel() =>
            AssertOneLineError(
                ToolRunner.Run("check", ToolRunner.Asset("TaxiFareClean.mlops.json"), "--policy", _tool.Write("policy.json", """{ "deterministic": "fatal" }""")),
                "policy.json: \"deterministic\" must be true, false, or one of \"error\", \"warning\", \"note\", \"off\"");

        [Fact]
        public void NotAManifest() =>
            AssertOneLineError(ToolRunner.Run("report", _tool.Write("other.json", "[1, 2]")), "other.json: not a pipeline manifest");

        [Fact]
        public void UnknownFormat_AndMissingArguments_AreUsageErrors()
        {
            AssertOneLineError(ToolRunner.Run("report", ToolRunner.Asset("TaxiFareClean.mlops.json"), "--format", "pdf"), "pdf");
            AssertOneLineError(ToolRunner.Run("diff", ToolRunner.Asset("TaxiFareClean.mlops.json")), "(see dotnet mlops --help)");
            AssertOneLineError(ToolRunner.Run("check", ToolRunner.Asset("TaxiFareClean.mlops.json")), "check needs --policy <file>");
        }

        [Fact]
        public void AGlobMatchingNothing() =>
            AssertOneLineError(ToolRunner.Run("report", _tool.Directory + "/**/*.mlops.json"), "no manifest matches this pattern");
    }
}
