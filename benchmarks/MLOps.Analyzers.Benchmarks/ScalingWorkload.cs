using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// What the scaling benchmarks run: one file of K repetitions of a construct (<see cref="ScalingSources"/>), analysed
    /// by every rule of the package or by the empty baseline analyzer, on a fresh compilation each time.
    /// </summary>
    internal sealed class ScalingWorkload
    {
        public static readonly int[] Sizes = { 125, 250, 500, 1000 };

        private static readonly Lazy<ImmutableArray<MetadataReference>> SharedReferences =
            new Lazy<ImmutableArray<MetadataReference>>(AnalyzerWorkload.LoadReferences);

        private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> SharedRules =
            new Lazy<ImmutableArray<DiagnosticAnalyzer>>(() => AnalyzerWorkload.DiscoverAnalyzers());

        private static readonly CSharpCompilationOptions Options =
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

        private ScalingWorkload(string construct, int k)
        {
            Construct = construct;
            K = k;
            Tree = CSharpSyntaxTree.ParseText(ScalingSources.Generate(construct, k), new CSharpParseOptions(LanguageVersion.Latest), $"{construct}_{k}.cs");
        }

        public string Construct { get; }

        public int K { get; }

        public SyntaxTree Tree { get; }

        public static ImmutableArray<DiagnosticAnalyzer> AllRules => SharedRules.Value;

        public static ImmutableArray<DiagnosticAnalyzer> Baseline { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyAnalyzer());

        public static ScalingWorkload Create(string construct, int k) => new ScalingWorkload(construct, k);

        public CSharpCompilation CreateCompilation() =>
            CSharpCompilation.Create("Patho", new[] { Tree }, SharedReferences.Value, Options);

        public Task<ImmutableArray<Diagnostic>> AnalyzeAsync(ImmutableArray<DiagnosticAnalyzer> analyzers) =>
            CreateCompilation().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true,
                logAnalyzerExecutionTime: false)).GetAnalyzerDiagnosticsAsync();

        /// <summary>One run with the driver's per-analyzer timing on: the analyzers that took longest, slowest first.</summary>
        public async Task<IReadOnlyList<(string Rules, double Seconds)>> TimeEachAsync(ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            var withAnalyzers = CreateCompilation().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true,
                logAnalyzerExecutionTime: true));
            _ = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
            var result = new List<(string, double)>();
            foreach (var analyzer in analyzers)
            {
                var info = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default).ConfigureAwait(false);
                var ids = string.Join("/", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct());
                result.Add((ids, info.ExecutionTime.TotalSeconds));
            }

            return result.OrderByDescending(r => r.Item2).ToList();
        }

        /// <summary>
        /// <c>--scaling</c>: every construct at every size, the median of a few runs of the baseline and of all rules,
        /// and the growth per doubling of (all rules - baseline). A construct stops growing K once one run of all rules
        /// takes longer than the cap. Prints a Markdown table.
        /// </summary>
        public static int Run(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var constructs = Option(args, "--constructs")?.Split(',') ?? ScalingSources.Constructs;
            var sizes = Option(args, "--k")?.Split(',').Select(int.Parse).ToArray() ?? Sizes;
            var runs = int.Parse(Option(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
            var cap = double.Parse(Option(args, "--cap") ?? "20", CultureInfo.InvariantCulture);

            // Warm up the driver, Roslyn and the rules once (JIT) on a small file.
            var warm = Create("reassign", 20);
            for (var i = 0; i < 3; i++)
            {
                _ = warm.AnalyzeAsync(AllRules).GetAwaiter().GetResult();
                _ = warm.AnalyzeAsync(Baseline).GetAwaiter().GetResult();
            }

            Console.WriteLine($"Runs per point: {runs} (median), cap {cap} s; times in seconds; net = all rules - baseline; x = net(K) / net(K/2).");
            Console.WriteLine();
            Console.WriteLine("| Construct | K | Baseline | All rules | Net | x per doubling | Slowest analyzers (driver's timing) |");
            Console.WriteLine("|---|--:|--:|--:|--:|--:|---|");
            var ok = true;
            foreach (var construct in constructs)
            {
                double? previous = null;
                foreach (var k in sizes)
                {
                    var workload = Create(construct, k);
                    var errors = workload.CreateCompilation().GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
                    if (errors > 0)
                    {
                        Console.WriteLine($"| {construct} | {k} | {errors} compiler errors |");
                        ok = false;
                        break;
                    }

                    var baseline = Median(runs, () => workload.AnalyzeAsync(Baseline).GetAwaiter().GetResult());
                    var all = Median(runs, () => workload.AnalyzeAsync(AllRules).GetAwaiter().GetResult());
                    var net = Math.Max(all - baseline, 0.0005);
                    var slowest = workload.TimeEachAsync(AllRules).GetAwaiter().GetResult().Take(3)
                        .Select(r => $"{r.Rules} {r.Seconds:F2}");
                    var growth = previous is { } p ? (net / p).ToString("F2", CultureInfo.InvariantCulture) : "";
                    Console.WriteLine($"| {construct} | {k} | {baseline:F3} | {all:F3} | {net:F3} | {growth} | {string.Join(", ", slowest)} |");
                    previous = net;
                    if (all > cap)
                    {
                        break;
                    }
                }
            }

            return ok ? 0 : 1;
        }

        /// <summary>
        /// <c>--analyze-dir DIR</c>: every <c>*.cs</c> file under DIR (for example a project written by
        /// <c>benchmarks/workloads/gen-synthetic.py</c>) as one compilation, analysed by the baseline and by all rules, the
        /// median of a few runs each, and the analyzers that took longest by the driver's timing.
        /// </summary>
        public static int RunDirectory(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var directory = Option(args, "--analyze-dir")!;
            var runs = int.Parse(Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            var trees = System.IO.Directory.GetFiles(directory, "*.cs", System.IO.SearchOption.AllDirectories)
                .Where(path => !path.Contains(System.IO.Path.DirectorySeparatorChar + "obj" + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => CSharpSyntaxTree.ParseText(System.IO.File.ReadAllText(path), parse, path))
                .ToArray();
            CSharpCompilation Create() => CSharpCompilation.Create("Dir", trees, SharedReferences.Value, Options);
            var errors = Create().GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            Console.WriteLine($"{trees.Length} files from {directory}; compiler errors: {errors}");

            double Time(ImmutableArray<DiagnosticAnalyzer> analyzers) => Median(runs, () => Create().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult());

            // Warm-up (JIT), then alternate so that both see the same machine.
            _ = Time(Baseline);
            _ = Time(AllRules);
            var baseline = Time(Baseline);
            var all = Time(AllRules);
            var timed = Create().WithAnalyzers(AllRules, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
            var diagnostics = timed.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            var each = AllRules.Select(analyzer => (Rules: string.Join("/", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct()),
                    Seconds: timed.GetAnalyzerTelemetryInfoAsync(analyzer, default).GetAwaiter().GetResult().ExecutionTime.TotalSeconds))
                .OrderByDescending(r => r.Seconds).ToList();
            Console.WriteLine($"Baseline {baseline:F3} s, all rules {all:F3} s (median of {runs}), net {all - baseline:F3} s; {diagnostics.Length} diagnostics");
            Console.WriteLine($"Driver's timing, sum over the {each.Count} analyzers: {each.Sum(r => r.Seconds):F3} s; slowest: " +
                string.Join(", ", each.Take(6).Select(r => $"{r.Rules} {r.Seconds:F3}")));
            return errors == 0 ? 0 : 1;
        }

        private static double Median(int runs, Action action)
        {
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                action();
                times.Add(stopwatch.Elapsed.TotalSeconds);
            }

            times.Sort();
            return times[times.Count / 2];
        }

        private static string? Option(string[] args, string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }
    }
}
