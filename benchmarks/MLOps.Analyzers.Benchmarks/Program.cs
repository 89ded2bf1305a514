using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Running;
using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// <c>dotnet run -c Release -- --filter '*'</c> runs the BenchmarkDotNet suite; <c>-- --smoke</c> runs every benchmark
    /// body once, without BenchmarkDotNet, and prints what each analyzer set reports (a check that takes seconds).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Contains("--smoke", StringComparer.Ordinal))
            {
                return Smoke();
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }

        private static int Smoke()
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var setup = Stopwatch.StartNew();
            var workload = AnalyzerWorkload.Create();
            var kinds = SyntheticSources.Generate(AnalyzerWorkload.FileCount, AnalyzerWorkload.Seed)
                .GroupBy(file => file.Kind)
                .OrderBy(group => group.Key)
                .Select(group => $"{group.Key} {group.Count()}");
            Console.WriteLine($"{workload.Trees.Length} files ({string.Join(", ", kinds)}), " +
                $"{workload.Trees.Sum(tree => tree.GetText().Lines.Count):N0} lines, {workload.References.Length} references, " +
                $"{workload.AllRules.Length} analyzers; setup {setup.Elapsed.TotalSeconds:F1} s");

            // The synthetic code must compile: the rules see the semantic model of correct code only.
            var errors = workload.CreateCompilation().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Console.WriteLine($"Compiler errors: {errors.Count}");
            foreach (var error in errors.Take(10))
            {
                Console.WriteLine($"  {error}");
            }

            var sets = new List<(string Name, System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer> Analyzers)>
            {
                ("Baseline", workload.Baseline),
                ("AllRules", workload.AllRules),
            };
            sets.AddRange(AnalyzerWorkload.Categories.Select(category => (category, workload.ByCategory[category])));

            bool ok = errors.Count == 0;
            foreach (var (name, analyzers) in sets)
            {
                var stopwatch = Stopwatch.StartNew();
                var diagnostics = workload.AnalyzeAsync(analyzers).GetAwaiter().GetResult();
                var byId = diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
                Console.WriteLine($"{name,-16} {analyzers.Length,2} analyzers {diagnostics.Length,6} diagnostics " +
                    $"{stopwatch.Elapsed.TotalSeconds,6:F2} s  {string.Join(", ", byId)}");
                ok &= name == "Baseline" ? diagnostics.IsEmpty : !diagnostics.IsEmpty;
            }

            Console.WriteLine(ok ? "Smoke run OK." : "Smoke run FAILED: compiler errors, or a set that reports nothing.");
            return ok ? 0 : 1;
        }
    }
}
