using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MLOps.Analyzers.Generators;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// How the pipeline manifest generator grows with one construct repeated K times in one method
    /// (<see cref="ScalingSources"/>): a new driver on a new compilation of that one file per iteration, as in a build. The
    /// growth per doubling of K is the ratio of consecutive means; the budget is about 2.2x (a little above linear).
    /// </summary>
    [MemoryDiagnoser]
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 3)]
    [MedianColumn]
    public class GeneratorScalingBenchmarks
    {
        private GeneratorDriver driver = null!;
        private Compilation compilation = null!;
        private SyntaxTree tree = null!;

        [Params("fits", "trainers", "reassign")]
        public string Construct { get; set; } = "fits";

        [Params(125, 250, 500, 1000)]
        public int K { get; set; }

        [GlobalSetup]
        public void Setup() => tree = Parse(Construct, K);

        [IterationSetup]
        public void SetupIteration() => (driver, compilation) = (GeneratorWorkload.CreateDriver(new PipelineManifestGenerator()), CreateCompilation(tree));

        [Benchmark(Description = "Manifest generator, new driver")]
        public GeneratorDriver Run() => driver.RunGenerators(compilation);

        private static readonly System.Lazy<ImmutableArray<MetadataReference>> References = new System.Lazy<ImmutableArray<MetadataReference>>(AnalyzerWorkload.LoadReferences);

        public static SyntaxTree Parse(string construct, int k) =>
            CSharpSyntaxTree.ParseText(ScalingSources.Generate(construct, k), new CSharpParseOptions(LanguageVersion.Latest), $"Patho/{construct}{k}.cs");

        public static CSharpCompilation CreateCompilation(SyntaxTree tree) =>
            CSharpCompilation.Create(
                "Patho",
                new[] { tree },
                References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }
}
