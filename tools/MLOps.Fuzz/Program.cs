using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using MLOps.Fuzz.Engine;

namespace MLOps.Fuzz
{
    /// <summary>
    /// dotnet run --project tools/MLOps.Fuzz -c Release -- --seed 1 --count 20000 --out fuzz/report.json
    /// Mutants i = 0..count-1 of the seed corpus (test sources and samples), each made from its own Random(seed, i): one
    /// mutant is reproduced by --mutant i with the same seed. Exit code 1 when any failure was found.
    /// </summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            var options = Options.Parse(args);
            if (options is null)
            {
                Console.Error.WriteLine("usage: MLOps.Fuzz [--seed N] [--count N] [--out report.json] [--jobs N] [--max-fixes N] [--mutant I] [--reduce-budget N] [--reduce-seconds N] [--timeout-seconds N] [--minutes N] [--repo DIR]");
                return 2;
            }

            var stopwatch = Stopwatch.StartNew();
            var root = options.Repository ?? FindRepositoryRoot();
            var inputs = FuzzCorpus.Load(root);
            var references = FuzzReferences.Load(Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Http.HttpContext).Assembly.Location));
            var checker = new FuzzChecker(references);
            Console.WriteLine($"fuzz: {inputs.Length} inputs ({inputs.Count(i => i.Name.StartsWith("tests/", StringComparison.Ordinal))} from the tests), "
                + $"{FuzzChecker.AllAnalyzers.Length} analyzers, {FuzzChecker.AllFixers.Length} code fixes, seed {options.Seed}");

            if (options.Mutant is int single)
            {
                var (mutant, description, second) = Make(options, inputs, single);
                Console.WriteLine($"mutant {single} of {mutant.Name}: {description}{(second ? " (two libraries)" : string.Empty)}");
                foreach (var file in mutant.Files)
                {
                    Console.WriteLine("// " + file.Path);
                    Console.WriteLine(file.Text);
                }

                var result = await checker.CheckAsync(mutant, CheckOptionsFor(options, second ? OriginalLibrary(checker, mutant.Name, inputs) : null), CancellationToken.None);
                foreach (var failure in result.Failures)
                {
                    Console.WriteLine("FAILURE " + failure);
                }

                Console.WriteLine($"{result.Failures.Count} failures");
                return result.Failures.Count == 0 ? 0 : 1;
            }

            var results = new MutantResult[options.Count];
            var done = 0;
            using var budget = options.Minutes > 0 ? new CancellationTokenSource(TimeSpan.FromMinutes(options.Minutes)) : new CancellationTokenSource();
            try
            {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, options.Count),
                new ParallelOptions { MaxDegreeOfParallelism = options.Jobs, CancellationToken = budget.Token },
                async (index, _) =>
                {
                    var (mutant, description, second) = Make(options, inputs, index);
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.TimeoutSeconds));
                    CheckResult result;
                    try
                    {
                        var library = second ? OriginalLibrary(checker, mutant.Name, inputs) : null;
                        result = await checker.CheckAsync(mutant, CheckOptionsFor(options, library), timeout.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        result = new CheckResult();
                        result.Failures.Add(new FuzzFailure(FailureKinds.Timeout, "harness", FailureKinds.Timeout, $"over {options.TimeoutSeconds}s"));
                    }

                    results[index] = new MutantResult(index, mutant, description, second, result);
                    var finished = Interlocked.Increment(ref done);
                    if (finished % 500 == 0)
                    {
                        Console.WriteLine($"  {finished}/{options.Count} mutants, {stopwatch.Elapsed.TotalSeconds:F0}s");
                    }
                });
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested)
            {
                // The time budget is spent: the report covers the mutants 0..n-1 all checked (deterministic for the seed and n).
                var prefix = Array.FindIndex(results, r => r is null);
                Console.WriteLine($"fuzz: time budget of {options.Minutes} minutes spent; reporting the first {prefix} mutants");
                results = results.Take(prefix).ToArray();
            }

            var checkSeconds = stopwatch.Elapsed.TotalSeconds;
            var report = await ReportAsync(options, root, inputs, checker, results, stopwatch);
            Console.WriteLine(report.Summary);
            Console.WriteLine("fuzz: stage seconds: compile+analyze " + Seconds(results.Sum(r => r.Result.AnalyzeTicks)) + ", manifest generator " + Seconds(results.Sum(r => r.Result.GenerateTicks))
                + ", scaffolding " + Seconds(results.Sum(r => r.Result.ScaffoldTicks)) + ", fixes " + Seconds(results.Sum(r => r.Result.FixTicks)));
            Console.WriteLine($"fuzz: checks {checkSeconds:F0}s, total {stopwatch.Elapsed.TotalSeconds:F0}s; report {Path.GetFullPath(options.Out)}");
            return report.Failures == 0 ? 0 : 1;
        }

        private static (FuzzInput Mutant, string Description, bool SecondLibrary) Make(Options options, IReadOnlyList<FuzzInput> inputs, int index)
        {
            var random = new Random(MutantSeed(options.Seed, index));
            var input = inputs[random.Next(inputs.Count)];
            var (mutant, description) = Mutator.Mutate(input, random);
            var second = random.Next(8) == 0;
            return (mutant, description, second);
        }

        /// <summary>A fixed mix of the run's seed and the mutant's index (not HashCode, which is randomized per process).</summary>
        private static int MutantSeed(int seed, int index) => unchecked((int)(((uint)seed * 2654435761u) ^ ((uint)index * 40503u + 0x9E3779B9u)));

        private static readonly ConcurrentDictionary<string, Lazy<MetadataReference?>> Originals = new ConcurrentDictionary<string, Lazy<MetadataReference?>>(StringComparer.Ordinal);

        /// <summary>The unmutated input built as a second library ("Fuzz.Original"): same namespaces and types as the mutant.</summary>
        private static MetadataReference? OriginalLibrary(FuzzChecker checker, string name, IReadOnlyList<FuzzInput> inputs) =>
            Originals.GetOrAdd(name, key => new Lazy<MetadataReference?>(() => checker.BuildLibrary(inputs.First(i => i.Name == key), "Fuzz.Original", CancellationToken.None))).Value;

        private static CheckOptions CheckOptionsFor(Options options, MetadataReference? second) =>
            new CheckOptions { MaxFixes = options.MaxFixes, SecondLibrary = second };

        private static async Task<(string Summary, int Failures)> ReportAsync(
            Options options, string root, IReadOnlyList<FuzzInput> inputs, FuzzChecker checker, MutantResult[] results, Stopwatch stopwatch)
        {
            var failures = results.SelectMany(r => r.Result.Failures.Select(f => (Mutant: r, Failure: f))).ToList();
            var byKind = FailureKinds.All.ToDictionary(k => k, k => failures.Count(f => f.Failure.Kind == k), StringComparer.Ordinal);
            var reproDirectory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Out))!, Path.GetFileNameWithoutExtension(options.Out) + "-repros");
            if (Directory.Exists(reproDirectory))
            {
                Directory.Delete(reproDirectory, recursive: true);
            }

            var defects = new List<Dictionary<string, object?>>();
            var number = 0;
            foreach (var group in failures.GroupBy(f => f.Failure.Signature, StringComparer.Ordinal).OrderBy(g => g.Min(f => f.Mutant.Index)))
            {
                var (first, failure) = group.First();
                number++;
                var reduced = await ReduceAsync(checker, first, failure, options, inputs);
                Directory.CreateDirectory(reproDirectory);
                var file = Path.Combine(reproDirectory, $"{number:D3}-{failure.Kind}-{Sanitize(failure.Component)}.cs");
                var header = new StringBuilder()
                    .AppendLine($"// {failure.Signature}")
                    .AppendLine($"// {group.Count()} occurrences in {group.Select(f => f.Mutant.Index).Distinct().Count()} mutants; first: mutant {first.Index} of {first.Mutant.Name}: {first.Description}{(first.SecondLibrary ? " (the test project also references the unmutated input as a second library)" : string.Empty)}")
                    .AppendLine($"// Reproduce: dotnet run --project tools/MLOps.Fuzz -c Release -- --seed {options.Seed} --mutant {first.Index}")
                    .AppendLine("// " + string.Join("\n// ", Truncate(failure.Detail, 1500).Split('\n')));
                foreach (var reducedFile in reduced.Files.Where(f => f.Text.Length > 0))
                {
                    header.AppendLine("// ---- " + reducedFile.Path).AppendLine(reducedFile.Text);
                }

                await File.WriteAllTextAsync(file, header.ToString());
                defects.Add(new Dictionary<string, object?>
                {
                    ["signature"] = failure.Signature,
                    ["kind"] = failure.Kind,
                    ["component"] = failure.Component,
                    ["occurrences"] = group.Count(),
                    ["mutants"] = group.Select(f => f.Mutant.Index).Distinct().Count(),
                    ["firstMutant"] = first.Index,
                    ["input"] = first.Mutant.Name,
                    ["mutation"] = first.Description,
                    ["secondLibrary"] = first.SecondLibrary,
                    ["reproduce"] = $"dotnet run --project tools/MLOps.Fuzz -c Release -- --seed {options.Seed} --mutant {first.Index}",
                    ["repro"] = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(options.Out))!, file).Replace('\\', '/'),
                    ["detail"] = Truncate(failure.Detail, 4000),
                });
            }

            var counts = new Dictionary<string, object?>
            {
                ["inputs"] = inputs.Count,
                ["mutants"] = results.Length,
                ["mutantsThatCompile"] = results.Count(r => r.Result.Compiles),
                ["analyzerRuns"] = results.Sum(r => (long)r.Result.AnalyzerRuns),
                ["analyzerDiagnostics"] = results.Sum(r => (long)r.Result.AnalyzerDiagnostics),
                ["generatorRuns"] = results.Sum(r => (long)r.Result.GeneratorRuns),
                ["generatedFilesCompiled"] = results.Sum(r => (long)r.Result.GeneratedFilesCompiled),
                ["fixesApplied"] = results.Sum(r => (long)r.Result.FixesApplied),
                ["fixAllsApplied"] = results.Sum(r => (long)r.Result.FixAllsApplied),
                ["failures"] = failures.Count,
                ["stageSeconds"] = new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    ["compileAndAnalyze"] = Seconds(results.Sum(r => r.Result.AnalyzeTicks)),
                    ["manifestGenerator"] = Seconds(results.Sum(r => r.Result.GenerateTicks)),
                    ["scaffolding"] = Seconds(results.Sum(r => r.Result.ScaffoldTicks)),
                    ["fixes"] = Seconds(results.Sum(r => r.Result.FixTicks)),
                },
                ["defects"] = defects.Count,
            };
            var summary = $"fuzz summary: seed={options.Seed} mutants={results.Length} compiling={counts["mutantsThatCompile"]} analyzer-runs={counts["analyzerRuns"]} "
                + $"generator-runs={counts["generatorRuns"]} generated-files-compiled={counts["generatedFilesCompiled"]} fixes-applied={counts["fixesApplied"]} "
                + $"fix-alls-applied={counts["fixAllsApplied"]} failures={failures.Count} ("
                + string.Join(" ", byKind.Select(k => $"{k.Key}={k.Value}")) + $") distinct-defects={defects.Count} wall={stopwatch.Elapsed.TotalSeconds:F0}s";
            var report = new Dictionary<string, object?>
            {
                ["command"] = "dotnet run --project tools/MLOps.Fuzz -c Release -- " + string.Join(" ", options.Arguments),
                ["seed"] = options.Seed,
                ["wallSeconds"] = Math.Round(stopwatch.Elapsed.TotalSeconds, 1),
                ["counts"] = counts,
                ["failuresByKind"] = byKind,
                ["summary"] = summary,
                ["defects"] = defects,
            };
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
            await File.WriteAllTextAsync(options.Out, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            return (summary, failures.Count);
        }

        private static async Task<FuzzInput> ReduceAsync(FuzzChecker checker, MutantResult first, FuzzFailure failure, Options options, IReadOnlyList<FuzzInput> inputs)
        {
            if (options.ReduceBudget <= 0 || failure.Kind == FailureKinds.Timeout)
            {
                return first.Mutant;
            }

            var id = failure.Signature.Split('|').ElementAtOrDefault(2);
            var fixKind = failure.Kind.StartsWith("fix", StringComparison.Ordinal);
            var check = new CheckOptions
            {
                Analyzers = failure.Kind == FailureKinds.AnalyzerCrash,
                ManifestGenerator = !fixKind && failure.Kind != FailureKinds.AnalyzerCrash,
                Scaffolding = failure.Kind is FailureKinds.ScaffoldCodeError || failure.Component == "TestScaffoldingGenerator",
                Fixes = fixKind,
                FixAll = failure.Kind.StartsWith("fixall", StringComparison.Ordinal),
                FixIds = fixKind && id is not null ? new HashSet<string>(new[] { id }, StringComparer.Ordinal) : null,
                SecondLibrary = first.SecondLibrary ? OriginalLibrary(checker, first.Mutant.Name, inputs) : null,
            };
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(options.ReduceSeconds));
            try
            {
                return await Reducer.ReduceAsync(
                    first.Mutant,
                    async candidate =>
                    {
                        try
                        {
                            var result = await checker.CheckAsync(candidate, check, budget.Token);
                            return result.Failures.Any(f => f.Signature == failure.Signature);
                        }
                        catch (Exception exception) when (exception is not OperationCanceledException)
                        {
                            return false;
                        }
                    },
                    options.ReduceBudget,
                    budget.Token);
            }
            catch (OperationCanceledException)
            {
                return first.Mutant;
            }
        }

        private static double Seconds(long ticks) => Math.Round((double)ticks / Stopwatch.Frequency, 1);

        private static string Sanitize(string text) => new string(text.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());

        private static string Truncate(string text, int length) => text.Length <= length ? text : text.Substring(0, length) + "...";

        private static string FindRepositoryRoot()
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                {
                    if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
                    {
                        return directory.FullName;
                    }
                }
            }

            throw new InvalidOperationException("Analyzers.sln not found; pass --repo.");
        }

        private sealed record MutantResult(int Index, FuzzInput Mutant, string Description, bool SecondLibrary, CheckResult Result);

        private sealed class Options
        {
            public int Seed { get; private set; } = 1;

            public int Count { get; private set; } = 1000;

            public string Out { get; private set; } = "fuzz-report.json";

            public int Jobs { get; private set; } = 1;

            public int MaxFixes { get; private set; } = 4;

            public int? Mutant { get; private set; }

            public int ReduceBudget { get; private set; } = 300;

            /// <summary>Seconds spent at most on reducing one failure to its minimal repro.</summary>
            public int ReduceSeconds { get; private set; } = 30;

            public int TimeoutSeconds { get; private set; } = 120;

            /// <summary>Stop starting mutants after this many minutes (0: none) and report the checked prefix.</summary>
            public double Minutes { get; private set; }

            public string? Repository { get; private set; }

            public string[] Arguments { get; private set; } = Array.Empty<string>();

            public static Options? Parse(string[] args)
            {
                var options = new Options { Arguments = args };
                for (var i = 0; i < args.Length; i++)
                {
                    var value = i + 1 < args.Length ? args[i + 1] : null;
                    if (value is null)
                    {
                        return null;
                    }

                    switch (args[i])
                    {
                        case "--seed": options.Seed = int.Parse(value, CultureInfo.InvariantCulture); break;
                        case "--count": options.Count = int.Parse(value, CultureInfo.InvariantCulture); break;
                        case "--out": options.Out = value; break;
                        case "--jobs": options.Jobs = Math.Max(1, int.Parse(value, CultureInfo.InvariantCulture)); break;
                        case "--max-fixes": options.MaxFixes = int.Parse(value, CultureInfo.InvariantCulture); break;
                        case "--mutant": options.Mutant = int.Parse(value, CultureInfo.InvariantCulture); break;
                        case "--reduce-budget": options.ReduceBudget = int.Parse(value, CultureInfo.InvariantCulture); break;
                        case "--reduce-seconds": options.ReduceSeconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                        case "--timeout-seconds": options.TimeoutSeconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                        case "--minutes": options.Minutes = double.Parse(value, CultureInfo.InvariantCulture); break;
                        case "--repo": options.Repository = value; break;
                        default: return null;
                    }

                    i++;
                }

                return options;
            }
        }
    }
}
