using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// The analyzers' cost on 1,000 synthetic ML.NET files. Every benchmark creates a fresh compilation from the trees
    /// parsed in <see cref="Setup"/> and runs GetAnalyzerDiagnosticsAsync, so each includes the binding the compiler
    /// would do anyway; <see cref="Baseline"/> (an analyzer that does nothing) measures exactly that, and the ratio of
    /// the others to it is the analyzers' own cost.
    /// </summary>
    /// <remarks>
    /// Monitoring: one analysis (about 3 s) per iteration. Three warm-up iterations, not one: with one, the first
    /// measured iterations were still getting faster (tiered JIT of Roslyn and the rules) and the means drifted by 40 %.
    /// </remarks>
    [MemoryDiagnoser]
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 5)]
    [MedianColumn]
    public class AnalyzerBenchmarks
    {
        private AnalyzerWorkload workload = null!;

        [GlobalSetup]
        public void Setup() => workload = AnalyzerWorkload.Create();

        [Benchmark(Baseline = true, Description = "Baseline (empty analyzer)")]
        public Task<int> Baseline() => Count(workload.Baseline);

        [Benchmark(Description = "AllRules")]
        public Task<int> AllRules() => Count(workload.AllRules);

        [Benchmark(Description = "Reproducibility (MLO1xxx)")]
        public Task<int> Reproducibility() => Count(workload.ByCategory["Reproducibility"]);

        [Benchmark(Description = "Data (MLO2xxx)")]
        public Task<int> Data() => Count(workload.ByCategory["Data"]);

        [Benchmark(Description = "Evaluation (MLO3xxx)")]
        public Task<int> Evaluation() => Count(workload.ByCategory["Evaluation"]);

        [Benchmark(Description = "Serving (MLO4xxx)")]
        public Task<int> Serving() => Count(workload.ByCategory["Serving"]);

        [Benchmark(Description = "Performance (MLO5xxx)")]
        public Task<int> Performance() => Count(workload.ByCategory["Performance"]);

        private async Task<int> Count(System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer> analyzers) =>
            (await workload.AnalyzeAsync(analyzers).ConfigureAwait(false)).Length;
    }
}
