using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MLOps.Analyzers.Generators;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// `dotnet mlops report` and `dotnet mlops diff` over the manifest of the 500-file synthetic project (the generator
    /// workload's: 382 pipelines, about 2.7 million characters of JSON). Each benchmark is one in-process run of the
    /// tool's command line (<see cref="MLOps.Tool.Program.Run"/>): reading the files, parsing, the command, and writing
    /// the Markdown to a discarded writer. The diff's head is the same project after the hyperparameter edit
    /// (<see cref="GeneratorWorkload.HyperparameterAfter"/>), so one pipeline's definition changed.
    /// </summary>
    [MemoryDiagnoser]
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 10)]
    [MedianColumn]
    public class ToolBenchmarks
    {
        private ToolWorkload workload = null!;

        [GlobalSetup]
        public void Setup() => workload = ToolWorkload.Create();

        [GlobalCleanup]
        public void Cleanup() => workload.Dispose();

        [Benchmark(Description = "report (Markdown)")]
        public int Report() => workload.Run("report", workload.BasePath);

        [Benchmark(Description = "diff BASE HEAD")]
        public int Diff() => workload.Run("diff", workload.BasePath, workload.HeadPath);
    }

    /// <summary>The two manifests the tool benchmarks read, written to a temporary folder.</summary>
    internal sealed class ToolWorkload : IDisposable
    {
        private ToolWorkload(string directory, int length)
        {
            Directory = directory;
            JsonLength = length;
        }

        public string Directory { get; }
        public string BasePath => Path.Combine(Directory, "base", "Synthetic.MLApp.mlops.json");
        public string HeadPath => Path.Combine(Directory, "head", "Synthetic.MLApp.mlops.json");
        public int JsonLength { get; }

        public static ToolWorkload Create()
        {
            var generator = GeneratorWorkload.Create();
            var before = generator.CreateCompilation();
            var driver = GeneratorWorkload.CreateDriver(new PipelineManifestGenerator()).RunGenerators(before);
            string baseJson = GeneratorWorkload.ManifestJson(driver) ?? throw new InvalidOperationException("No manifest generated.");
            var edited = driver.RunGenerators(before.ReplaceSyntaxTree(generator.EditedOriginal, generator.Edited));
            string headJson = GeneratorWorkload.ManifestJson(edited) ?? throw new InvalidOperationException("No manifest generated after the edit.");

            var workload = new ToolWorkload(Path.Combine(Path.GetTempPath(), "mlops-tool-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8)), baseJson.Length);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(workload.BasePath)!);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(workload.HeadPath)!);
            File.WriteAllText(workload.BasePath, baseJson);
            File.WriteAllText(workload.HeadPath, headJson);

            // The measured commands must do their work, not fail fast on bad input.
            workload.Check(workload.Run("report", workload.BasePath), 0, "report");
            workload.Check(workload.Run("diff", workload.BasePath, workload.HeadPath, "--fail-on", "definition"), 1, "diff (one definition changed)");
            return workload;
        }

        public int Run(params string[] args) => MLOps.Tool.Program.Run(args, TextWriter.Null, TextWriter.Null);

        /// <summary>Runs the command capturing its output: (exit code, characters written, the output).</summary>
        public (int ExitCode, string Output) RunCapturing(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int exit = MLOps.Tool.Program.Run(args, output, error);
            return (exit, output + error.ToString());
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

        private void Check(int exit, int expected, string what)
        {
            if (exit != expected)
            {
                var (_, output) = RunCapturing(what.StartsWith("diff", StringComparison.Ordinal) ? new[] { "diff", BasePath, HeadPath } : new[] { "report", BasePath });
                throw new InvalidOperationException($"{what} exited {exit}, expected {expected}: {output}");
            }
        }
    }
}
