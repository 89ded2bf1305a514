using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace MLOps.Tool.Tests
{
    /// <summary>Runs the tool in-process (Program.Run) and prepares input files in a private temporary folder.</summary>
    public sealed class ToolRunner : IDisposable
    {
        public ToolRunner()
        {
            Directory = Path.Combine(Path.GetTempPath(), "mlops-tool-tests-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            System.IO.Directory.CreateDirectory(Directory);
        }

        public string Directory { get; }

        public static string Asset(string name) => Path.Combine(AppContext.BaseDirectory, "TestAssets", name);

        public static string SchemaPath(string name) => Path.Combine(AppContext.BaseDirectory, "Schemas", name);

        public static JsonObject LoadAsset(string name) => (JsonObject)JsonNode.Parse(File.ReadAllText(Asset(name)))!;

        public static JsonObject Pipeline(JsonObject manifest, string name) =>
            manifest["pipelines"]!.AsArray().OfType<JsonObject>().Single(p => (string)p["name"]! == name);

        public static JsonObject Trainer(JsonObject pipeline) =>
            pipeline["steps"]!.AsArray().OfType<JsonObject>().Single(s => (string)s["role"]! == "trainer");

        public string Write(string name, string text)
        {
            var path = Path.Combine(Directory, name);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        public string Write(string name, JsonNode json) => Write(name, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

        /// <summary>A TRX file as `dotnet test --logger trx` writes it, reduced to what the tool reads.</summary>
        public string WriteTrx(string name, params (string TestName, string Outcome)[] results)
        {
            var b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<TestRun id=\"1\" name=\"run\" xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\">\n  <Results>\n");
            foreach (var (test, outcome) in results)
            {
                b.Append("    <UnitTestResult testName=\"").Append(System.Security.SecurityElement.Escape(test)).Append("\" outcome=\"").Append(outcome).Append("\" />\n");
            }

            b.Append("  </Results>\n</TestRun>\n");
            return Write(name, b.ToString());
        }

        /// <summary>The ten tests generated for samples/TaxiFareClean, all with the given outcome.</summary>
        public static (string, string)[] CleanSampleTests(string outcome = "Passed") =>
            new[] { "BuildFastTree", "BuildSdca" }
                .SelectMany(p => new[]
                {
                    (p + ": fits and produces the expected columns", outcome),
                    (p + ": training is deterministic", outcome),
                    (p + ": saved model round-trips", outcome),
                    (p + ": scores are finite", outcome),
                    (p + (p == "BuildFastTree" ? ": meets its quality gate RSquared >= 0.95" : ": meets its quality gate RootMeanSquaredError <= 2.5"), outcome),
                })
                .ToArray();

        public static Result Run(params string[] args)
        {
            var stdout = new StringWriter { NewLine = "\n" };
            var stderr = new StringWriter { NewLine = "\n" };
            var exit = Program.Run(args, stdout, stderr);
            return new Result(exit, stdout.ToString(), stderr.ToString());
        }

        public void Dispose()
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        public sealed record Result(int ExitCode, string Stdout, string Stderr)
        {
            public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
        }
    }
}
