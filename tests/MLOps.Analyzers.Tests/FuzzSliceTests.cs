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

        // ---- known defects, fixed in parallel (issue 13): remove the Skip when the fix is merged ----

        [Fact(Skip = KnownDefects.Mlo1004Initializer)]
        public void Known_defect_the_MLO1004_fix_keeps_the_type_of_a_seed_local() => AssertKnown(KnownDefects.Mlo1004Initializer);

        [Fact(Skip = KnownDefects.Mlo2003DuplicateLabels)]
        public void Known_defect_fix_all_on_duplicate_MLO2003_labels() => AssertKnown(KnownDefects.Mlo2003DuplicateLabels);

        private void AssertKnown(string defect) => Check(_slice.Failures.Where(f => KnownDefects.Of(f.Failure) == defect).ToList());

        private void AssertNone(params string[] kinds) =>
            Check(_slice.Failures.Where(f => kinds.Contains(f.Failure.Kind) && KnownDefects.Of(f.Failure) is null).ToList());

        private void Check(List<(string Input, FuzzFailure Failure)> failures)
        {
            foreach (var (input, failure) in failures)
            {
                _output.WriteLine($"{input}: {failure}\n");
            }

            Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n\n", failures.Take(5).Select(f => $"{f.Input}: {f.Failure}")));
        }

        /// <summary>The defects of issue 13 being fixed on other branches, and how to recognise their failures.</summary>
        private static class KnownDefects
        {
            public const string Mlo1004Initializer =
                "Known defect (issue 13, fix in progress): the MLO1004 fix replaces a seed local's initializer with 42 whatever the local's type (CS1061/CS0029).";

            public const string Mlo2003DuplicateLabels =
                "Known defect (issue 13, fix in progress): Fix All on Concatenate(\"Features\", \"Fare\", \"Fare\") removes only one of the two labels.";

            public static string? Of(FuzzFailure failure) =>
                failure.Component == "ClockOrGuidSeedCodeFixProvider" && failure.Kind is FailureKinds.FixBreaksBuild or FailureKinds.FixAllBreaksBuild
                    ? Mlo1004Initializer
                    : failure.Component == "LabelUsedAsFeatureCodeFixProvider" && failure.Kind == FailureKinds.FixAllLeavesDiagnostic
                        ? Mlo2003DuplicateLabels
                        : null;
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
