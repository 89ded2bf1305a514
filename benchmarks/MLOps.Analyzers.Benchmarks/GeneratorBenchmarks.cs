using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.CodeAnalysis;
using MLOps.Analyzers.Generators;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// The pipeline manifest generator's cost on 500 synthetic ML.NET files. The measured body of every benchmark is one
    /// <c>RunGenerators</c>; the compilations and drivers it needs are made in the per-iteration setup, fresh each time
    /// (a new compilation has no semantic state cached, as after an edit or in a build).
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item><see cref="Baseline"/>: a new driver with <see cref="EmptyGenerator"/> (walks the trees, generates nothing).</item>
    /// <item><see cref="Uncached"/>: a new driver with <see cref="PipelineManifestGenerator"/>, as in a command-line build.</item>
    /// <item><see cref="CachedUnrelatedEdit"/>, <see cref="CachedHyperparameterEdit"/>: a driver that has already run on the
    /// 500 files runs again on the edited compilation, as the IDE (and the compiler server) re-run it after an edit.</item>
    /// </list>
    /// Monitoring, one run per iteration, as <see cref="AnalyzerBenchmarks"/> ([IterationSetup] forces one invocation per
    /// iteration anyway). Six warm-up iterations, not three: with three, the runs (under a second each) were still getting
    /// faster in the measured iterations (tiered JIT of Roslyn's driver and the extractor).
    /// </remarks>
    [MemoryDiagnoser]
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 6, iterationCount: 6)]
    [MedianColumn]
    public class GeneratorBenchmarks
    {
        private GeneratorWorkload workload = null!;
        private GeneratorDriver driver = null!;
        private Compilation compilation = null!;

        [GlobalSetup]
        public void Setup() => workload = GeneratorWorkload.Create();

        [IterationSetup(Target = nameof(Baseline))]
        public void SetupBaseline() => (driver, compilation) = (GeneratorWorkload.CreateDriver(new EmptyGenerator()), workload.CreateCompilation());

        [IterationSetup(Target = nameof(Uncached))]
        public void SetupUncached() => (driver, compilation) = (GeneratorWorkload.CreateDriver(new PipelineManifestGenerator()), workload.CreateCompilation());

        [IterationSetup(Target = nameof(CachedUnrelatedEdit))]
        public void SetupUnrelatedEdit()
        {
            var before = workload.CreateCompilation();
            driver = GeneratorWorkload.CreateDriver(new PipelineManifestGenerator()).RunGenerators(before);
            compilation = before.AddSyntaxTrees(workload.Unrelated);
        }

        [IterationSetup(Target = nameof(CachedHyperparameterEdit))]
        public void SetupHyperparameterEdit()
        {
            var before = workload.CreateCompilation();
            driver = GeneratorWorkload.CreateDriver(new PipelineManifestGenerator()).RunGenerators(before);
            compilation = before.ReplaceSyntaxTree(workload.EditedOriginal, workload.Edited);
        }

        [IterationSetup(Target = nameof(CachedBodyEdit))]
        public void SetupBodyEdit()
        {
            var before = workload.CreateCompilation();
            driver = GeneratorWorkload.CreateDriver(new PipelineManifestGenerator()).RunGenerators(before);
            compilation = before.ReplaceSyntaxTree(workload.BodyEditedOriginal, workload.BodyEdited);
        }

        [Benchmark(Baseline = true, Description = "Baseline (empty generator)")]
        public GeneratorDriver Baseline() => driver.RunGenerators(compilation);

        [Benchmark(Description = "Uncached (new driver)")]
        public GeneratorDriver Uncached() => driver.RunGenerators(compilation);

        [Benchmark(Description = "Cached, unrelated edit")]
        public GeneratorDriver CachedUnrelatedEdit() => driver.RunGenerators(compilation);

        [Benchmark(Description = "Cached, method-body edit in another file")]
        public GeneratorDriver CachedBodyEdit() => driver.RunGenerators(compilation);

        [Benchmark(Description = "Cached, hyperparameter edit")]
        public GeneratorDriver CachedHyperparameterEdit() => driver.RunGenerators(compilation);
    }
}
