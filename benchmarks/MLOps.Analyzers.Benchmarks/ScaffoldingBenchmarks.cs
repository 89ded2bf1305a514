using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.CodeAnalysis;
using MLOps.Analyzers.Generators.Scaffolding;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// The test-scaffolding generator's cost in a small test project (four files) that references xunit, ML.NET and an ML
    /// library carrying an embedded manifest (<see cref="ScaffoldingWorkload"/>), for two libraries: the 500 synthetic files
    /// (382 pipelines, none testable) and 100 factory files (100 test classes). The measured body of every benchmark is one
    /// <c>RunGenerators</c>; compilations and drivers are made in the per-iteration setup, fresh each time.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><see cref="Baseline"/>: a new driver with <see cref="EmptyGenerator"/>.</item>
    /// <item><see cref="Uncached"/>: a new driver with <see cref="TestScaffoldingGenerator"/>, the library through a new
    /// reference (nothing decoded before), as in a command-line build.</item>
    /// <item><see cref="CachedUnrelatedEdit"/>, <see cref="CachedGateEdit"/>: a driver that has already run on the test
    /// project runs again after a new test file is added, or after one quality gate's bound changed.</item>
    /// </list>
    /// Same job as <see cref="GeneratorBenchmarks"/>.
    /// </remarks>
    [MemoryDiagnoser]
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 6, iterationCount: 6)]
    [MedianColumn]
    public class ScaffoldingBenchmarks
    {
        private ScaffoldingWorkload workload = null!;
        private GeneratorDriver driver = null!;
        private Compilation compilation = null!;

        [Params(ScaffoldingWorkload.Synthetic, ScaffoldingWorkload.Factories)]
        public string Library { get; set; } = ScaffoldingWorkload.Synthetic;

        [GlobalSetup]
        public void Setup() => workload = ScaffoldingWorkload.Create(Library);

        [IterationSetup(Target = nameof(Baseline))]
        public void SetupBaseline() => (driver, compilation) = (GeneratorWorkload.CreateDriver(new EmptyGenerator()), workload.CreateCompilation(freshLibrary: true));

        [IterationSetup(Target = nameof(Uncached))]
        public void SetupUncached() => (driver, compilation) = (GeneratorWorkload.CreateDriver(new TestScaffoldingGenerator()), workload.CreateCompilation(freshLibrary: true));

        [IterationSetup(Target = nameof(CachedUnrelatedEdit))]
        public void SetupUnrelatedEdit()
        {
            var before = workload.CreateCompilation(freshLibrary: false);
            driver = GeneratorWorkload.CreateDriver(new TestScaffoldingGenerator()).RunGenerators(before);
            compilation = before.AddSyntaxTrees(workload.Unrelated);
        }

        [IterationSetup(Target = nameof(CachedGateEdit))]
        public void SetupGateEdit()
        {
            var before = workload.CreateCompilation(freshLibrary: false);
            driver = GeneratorWorkload.CreateDriver(new TestScaffoldingGenerator()).RunGenerators(before);
            compilation = before.ReplaceSyntaxTree(workload.GatesOriginal, workload.GatesEdited);
        }

        [Benchmark(Baseline = true, Description = "Baseline (empty generator)")]
        public GeneratorDriver Baseline() => driver.RunGenerators(compilation);

        [Benchmark(Description = "Uncached (new driver)")]
        public GeneratorDriver Uncached() => driver.RunGenerators(compilation);

        [Benchmark(Description = "Cached, unrelated edit")]
        public GeneratorDriver CachedUnrelatedEdit() => driver.RunGenerators(compilation);

        [Benchmark(Description = "Cached, gate edit")]
        public GeneratorDriver CachedGateEdit() => driver.RunGenerators(compilation);
    }
}
