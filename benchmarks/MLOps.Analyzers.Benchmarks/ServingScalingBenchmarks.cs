using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Serving;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// How the serving rules (MLO4001-MLO4006) grow with the size of one method: the "engines_loop" construct, a
    /// <c>foreach</c> whose body holds K x (<c>Model.Load</c>, <c>CreatePredictionEngine</c>, <c>Predict</c>), at
    /// K = 125, 250, 500, 1,000. Each rule runs alone on a fresh compilation of the one file; the empty analyzer on
    /// the same file is the baseline (binding), and a rule's cost is its time minus the baseline's.
    /// <c>dotnet run -c Release -- --serving-scaling [K ...]</c> prints the costs and the growth per doubling without
    /// BenchmarkDotNet; <c>-- --filter '*ServingScaling*'</c> runs the BenchmarkDotNet version.
    /// </summary>
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
    [MedianColumn]
    public class ServingScalingBenchmarks
    {
        public static readonly int[] DefaultSizes = { 125, 250, 500, 1000 };

        private SyntaxTree tree = null!;
        private ImmutableArray<MetadataReference> references;

        [Params(125, 250, 500, 1000)]
        public int K { get; set; }

        [ParamsSource(nameof(RuleNames))]
        public string Rule { get; set; } = "Baseline";

        public static IEnumerable<string> RuleNames => new[] { "Baseline" }.Concat(Rules().Select(rule => rule.Id));

        [GlobalSetup]
        public void Setup()
        {
            references = AnalyzerWorkload.LoadReferences();
            tree = Parse(EnginesLoop(K));
        }

        [Benchmark]
        public Task<int> Analyze() => Count(tree, references, Analyzer(Rule));

        /// <summary>The six serving rules, by ID.</summary>
        public static IReadOnlyList<(string Id, Func<DiagnosticAnalyzer> Create)> Rules() => new (string, Func<DiagnosticAnalyzer>)[]
        {
            ("MLO4001", () => new PredictionEngineSharedAcrossThreadsAnalyzer()),
            ("MLO4002", () => new CreatedPerItemAnalyzer()),
            ("MLO4003", () => new ModelSavedWithoutSchemaAnalyzer()),
            ("MLO4004", () => new LoadedSchemaDiscardedAnalyzer()),
            ("MLO4005", () => new CustomMappingWithoutContractNameAnalyzer()),
            ("MLO4006", () => new ModelOverwrittenInPlaceAnalyzer()),
        };

        private static DiagnosticAnalyzer Analyzer(string id) =>
            id == "Baseline" ? new EmptyAnalyzer() : Rules().Single(rule => rule.Id == id).Create();

        /// <summary>The engines_loop construct of the workload script (patho_gen.py), from <see cref="ScalingSources"/>.</summary>
        public static string EnginesLoop(int k) => ScalingSources.Generate("engines_loop", k);

        private static SyntaxTree Parse(string text) =>
            CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), "EnginesLoop.cs");

        private static async Task<int> Count(SyntaxTree tree, ImmutableArray<MetadataReference> references, DiagnosticAnalyzer analyzer) =>
            (await Analyze(tree, references, analyzer, logTime: false).ConfigureAwait(false)).Diagnostics;

        /// <summary>One analysis on a fresh compilation: the diagnostics, and the analyzer's own callback time when <paramref name="logTime"/>.</summary>
        private static async Task<(int Diagnostics, double Own)> Analyze(SyntaxTree tree, ImmutableArray<MetadataReference> references, DiagnosticAnalyzer analyzer, bool logTime)
        {
            var compilation = CSharpCompilation.Create(
                "Patho", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: logTime);
            var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options);
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
            double own = logTime ? (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default).ConfigureAwait(false)).ExecutionTime.TotalSeconds : 0;
            return (diagnostics.Length, own);
        }

        /// <summary>
        /// <c>--serving-scaling [K ...] [--runs N]</c>: for each K, the baseline and each rule N times (3 by default) on a fresh
        /// compilation; prints the median wall seconds, the rule's cost (its median minus the baseline's median), the
        /// rule's own callback time as the driver logs it (a separate run with logAnalyzerExecutionTime, less noisy than
        /// the difference of two wall times), the growth of that own time from the previous K, and the diagnostics.
        /// </summary>
        public static int RunConsole(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var sizes = new List<int>();
            int runs = 3;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--runs" && i + 1 < args.Length)
                {
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                }
                else if (int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out int k))
                {
                    sizes.Add(k);
                }
            }

            if (sizes.Count == 0)
            {
                sizes.AddRange(DefaultSizes);
            }

            var references = AnalyzerWorkload.LoadReferences();
            var rules = new List<(string Id, Func<DiagnosticAnalyzer> Create)> { ("Baseline", () => new EmptyAnalyzer()) };
            rules.AddRange(Rules());

            // Warm-up: JIT Roslyn and the rules (tiered compilation needs a few passes) on the smallest instance.
            var warm = Parse(EnginesLoop(sizes[0]));
            for (int pass = 0; pass < 3; pass++)
            {
                foreach (var (_, create) in rules)
                {
                    _ = Analyze(warm, references, create(), logTime: true).GetAwaiter().GetResult();
                }
            }

            var previous = new Dictionary<string, double>(StringComparer.Ordinal);
            Console.WriteLine($"engines_loop, median of {runs} runs; cost = rule - baseline (wall); own = the rule's callbacks (driver telemetry); growth = own / own at the previous K");
            foreach (int k in sizes)
            {
                var tree = Parse(EnginesLoop(k));
                double baseline = 0;
                foreach (var (id, create) in rules)
                {
                    var times = new List<double>();
                    var owns = new List<double>();
                    int count = 0;
                    for (int run = 0; run < runs; run++)
                    {
                        var stopwatch = Stopwatch.StartNew();
                        (count, _) = Analyze(tree, references, create(), logTime: false).GetAwaiter().GetResult();
                        times.Add(stopwatch.Elapsed.TotalSeconds);
                        owns.Add(Analyze(tree, references, create(), logTime: true).GetAwaiter().GetResult().Own);
                    }

                    times.Sort();
                    owns.Sort();
                    double median = times[times.Count / 2];
                    double ownMedian = owns[owns.Count / 2];
                    if (id == "Baseline")
                    {
                        baseline = median;
                        Console.WriteLine($"K={k,5} {id,-8} {median,8:F3} s  (own callbacks {ownMedian:F3} s)");
                        continue;
                    }

                    double cost = median - baseline;
                    string growth = previous.TryGetValue(id, out double before) ? $"{ownMedian / before,5:F2}x" : "     ";
                    previous[id] = ownMedian;
                    Console.WriteLine($"K={k,5} {id,-8} {median,8:F3} s  cost {cost,8:F3} s  own {ownMedian,8:F3} s  growth(own) {growth}  ({count} diagnostics)");
                }
            }

            return 0;
        }
    }
}
