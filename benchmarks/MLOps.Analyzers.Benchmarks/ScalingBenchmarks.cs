using System.Collections.Generic;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// How the analyzers grow with the size of one construct: one file of K repetitions (<see cref="ScalingSources"/>)
    /// at K = 125, 250, 500 and 1,000, analysed by all rules and by the empty baseline in the same run. The growth per
    /// doubling is (AllRules(2K) - Baseline(2K)) / (AllRules(K) - Baseline(K)); <c>--scaling</c> prints it directly.
    /// </summary>
    /// <remarks>Monitoring, one warm-up and three measured iterations: 88 cases, each one analysis of one file.</remarks>
    [MemoryDiagnoser]
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
    public class ScalingBenchmarks
    {
        private ScalingWorkload workload = null!;

        public static IEnumerable<string> AllConstructs => ScalingSources.Constructs;

        public static IEnumerable<int> AllSizes => ScalingWorkload.Sizes;

        [ParamsSource(nameof(AllConstructs))]
        public string Construct { get; set; } = "";

        [ParamsSource(nameof(AllSizes))]
        public int K { get; set; }

        [GlobalSetup]
        public void Setup() => workload = ScalingWorkload.Create(Construct, K);

        [Benchmark(Baseline = true, Description = "Baseline (empty analyzer)")]
        public async Task<int> Baseline() => (await workload.AnalyzeAsync(ScalingWorkload.Baseline).ConfigureAwait(false)).Length;

        [Benchmark(Description = "AllRules")]
        public async Task<int> AllRules() => (await workload.AnalyzeAsync(ScalingWorkload.AllRules).ConfigureAwait(false)).Length;
    }
}
