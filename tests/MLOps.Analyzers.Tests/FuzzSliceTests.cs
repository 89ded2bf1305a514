using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MLOps.Analyzers.Tests.Generators;
using MLOps.Fuzz.Engine;
using Xunit;
using Xunit.Abstractions;

namespace MLOps.Analyzers.Tests
{
    /// <summary>
    /// The bounded slice of the fuzzing harness (tools/MLOps.Fuzz, same engine) the test suite runs, on the unmutated
    /// inputs only: every C# program embedded in these tests and every sample. Every code fix applied to every diagnostic
    /// it fixes, and Fix All per rule and document, must leave no compile error the input did not have and fix its
    /// diagnostic; every file either generator emits for every input must compile (the manifest generator on the input,
    /// the scaffolding generator in a test project referencing the input built as a library).
    /// </summary>
    public class FuzzSliceTests : IClassFixture<FuzzSliceTests.Slice>
    {
        private readonly Slice _slice;
        private readonly ITestOutputHelper _output;

        public FuzzSliceTests(Slice slice, ITestOutputHelper output)
        {
            _slice = slice;
            _output = output;
        }

        [Fact]
        public void The_slice_covers_the_test_inputs_the_fixes_and_both_generators()
        {
            _output.WriteLine(_slice.Summary);
            Assert.True(_slice.Inputs.Length >= 300, $"{_slice.Inputs.Length} inputs extracted from the tests and samples");
            Assert.Contains(_slice.Inputs, i => i.Name.StartsWith("samples/", StringComparison.Ordinal));
            Assert.True(_slice.Results.Sum(r => r.FixesApplied) >= 50, _slice.Summary);
            Assert.True(_slice.Results.Sum(r => r.FixAllsApplied) >= 5, _slice.Summary);
            Assert.True(_slice.Results.Sum(r => r.Scaffolded) >= 3, _slice.Summary);
            Assert.True(_slice.Results.Sum(r => r.GeneratedFilesCompiled) >= 500, _slice.Summary);

            // Every fix provider of the package was applied at least once.
            var applied = _slice.AppliedFixers;
            Assert.All(FuzzChecker.AllFixers, fixer => Assert.Contains(fixer.GetType().Name, applied));
        }

        [Fact]
        public void No_analyzer_or_generator_throws_on_a_test_input() =>
            AssertNone(FailureKinds.AnalyzerCrash, FailureKinds.GeneratorCrash, FailureKinds.FixCrash, FailureKinds.Timeout);

        [Fact]
        public void Every_fix_on_every_test_input_that_has_its_diagnostic_compiles_and_removes_it() =>
            AssertNone(FailureKinds.FixBreaksBuild, FailureKinds.FixLeavesDiagnostic);

        [Fact]
        public void Fix_all_per_rule_on_every_test_input_compiles_and_removes_every_fixable_diagnostic() =>
            AssertNone(FailureKinds.FixAllBreaksBuild, FailureKinds.FixAllLeavesDiagnostic);

        [Fact]
        public void Every_manifest_generator_output_compiles() => AssertNone(FailureKinds.ManifestCodeError);

        [Fact]
        public void Every_scaffolding_generator_output_compiles() => AssertNone(FailureKinds.ScaffoldCodeError);

        private void AssertNone(params string[] kinds)
        {
            var failures = _slice.Failures.Where(f => kinds.Contains(f.Failure.Kind)).ToList();
            foreach (var (input, failure) in failures)
            {
                _output.WriteLine($"{input}: {failure}\n");
            }

            Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n\n", failures.Take(5).Select(f => $"{f.Input}: {f.Failure}")));
        }

        /// <summary>The slice, run once for all the facts above: the inputs checked in parallel on two workers.</summary>
        public sealed class Slice
        {
            public Slice()
            {
                var stopwatch = Stopwatch.StartNew();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var root = GeneratorHarness.FindRepositoryRoot();
                Inputs = FuzzCorpus.Load(root);
                var references = FuzzReferences.Load(Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Mvc.ControllerBase).Assembly.Location));
                var checker = new FuzzChecker(references);
                var options = new CheckOptions { OnlyFixableAnalyzers = true, ScaffoldOnlyCallableFactories = true };
                Results = checker.CheckAllAsync(Inputs, options, jobs: 2, CancellationToken.None).GetAwaiter().GetResult();
                Failures = Inputs.Zip(Results).SelectMany(pair => pair.Second.Failures.Select(f => (pair.First.Name, f))).ToImmutableArray();
                AppliedFixers = Results.SelectMany(r => r.AppliedFixers).ToHashSet(StringComparer.Ordinal);
                Summary = $"{Inputs.Length} inputs ({Results.Count(r => r.Compiles)} compile), {Results.Sum(r => r.AnalyzerDiagnostics)} diagnostics of the fixable rules, "
                    + $"{Results.Sum(r => r.FixesApplied)} fixes and {Results.Sum(r => r.FixAllsApplied)} Fix Alls applied, "
                    + $"{Results.Sum(r => r.GeneratedFilesCompiled)} generated files compiled ({Results.Sum(r => r.Scaffolded)} test projects scaffolded), "
                    + $"{Failures.Length} failures, {stopwatch.Elapsed.TotalSeconds:F1}s "
                    + $"({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1}s of CPU in the test process, other tests included)";
            }

            public ImmutableArray<FuzzInput> Inputs { get; }

            public CheckResult[] Results { get; }

            public ImmutableArray<(string Input, FuzzFailure Failure)> Failures { get; }

            public HashSet<string> AppliedFixers { get; }

            public string Summary { get; }
        }
    }
}
