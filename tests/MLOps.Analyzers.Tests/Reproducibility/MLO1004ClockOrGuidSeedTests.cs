using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Reproducibility.ClockOrGuidSeedAnalyzer>;

namespace MLOps.Analyzers.Tests.Reproducibility
{
    public class MLO1004ClockOrGuidSeedTests
    {
        private const string Usings = @"
using System;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
";

        // ---- flagged ----

        [Fact]
        public Task Clock_and_guid_seeds_of_MLContext() => Verify.VerifyAsync(Usings + @"
class C
{
    void M()
    {
        var a = new MLContext({|MLO1004:Environment.TickCount|});
        var b = new MLContext(seed: {|MLO1004:DateTime.Now.Millisecond|});
        var c = new MLContext(seed: {|MLO1004:Guid.NewGuid().GetHashCode()|});
        var d = new MLContext({|MLO1004:(int)DateTime.UtcNow.Ticks|});
        var e = new MLContext({|MLO1004:(int)Stopwatch.GetTimestamp()|});
        var f = new MLContext({|MLO1004:new Random().Next()|});
        var g = new MLContext({|MLO1004:Random.Shared.Next(1000)|});
        var h = new MLContext({|MLO1004:(int)(Environment.TickCount64 % 1000)|});
        var i = new MLContext({|MLO1004:DateTimeOffset.UtcNow.Second|});
    }
}");

        [Fact]
        public Task Message_names_the_source() => Verify.VerifyAsync(Usings + @"
class C
{
    void M() { var ml = new MLContext(Environment.TickCount); }
}", Verify.Diagnostic("MLO1004").WithSpan(10, 39, 10, 60).WithArguments("Environment.TickCount"));

        [Fact]
        public Task Seed_through_a_local_is_reported_once_at_its_origin() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var seed = {|MLO1004:Guid.NewGuid().GetHashCode()|};
        var ml = new MLContext(seed);
        var split = ml.Data.TrainTestSplit(data, seed: seed);
        var copy = seed;
        var shuffled = ml.Data.ShuffleRows(data, seed: copy);
    }
}");

        [Fact]
        public Task Seeds_of_ML_NET_methods_and_options() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = new MLContext(1);
        var split = ml.Data.TrainTestSplit(data, seed: {|MLO1004:DateTime.Now.Second|});
        var shuffled = ml.Data.ShuffleRows(data, {|MLO1004:Environment.TickCount|});
        var tree = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { Seed = {|MLO1004:Environment.TickCount|} });
        var options = new LightGbmBinaryTrainer.Options();
        options.Seed = {|MLO1004:Guid.NewGuid().GetHashCode()|};
    }
}");

        [Fact]
        public Task Seed_from_a_readonly_field_initialised_from_the_clock() => Verify.VerifyAsync(Usings + @"
class C
{
    private static readonly int RunSeed = Environment.TickCount;
    void M() { var ml = new MLContext({|MLO1004:RunSeed|}); }
}");

        // ---- not flagged ----

        [Fact]
        public Task Constant_and_configured_seeds_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private const int Seed = 42;
    private static readonly int Configured = int.Parse(Environment.GetEnvironmentVariable(""SEED"") ?? ""1"");

    void M(int fromCaller)
    {
        var a = new MLContext(Seed);
        var b = new MLContext(seed: fromCaller);
        var c = new MLContext(Configured);
        var d = new MLContext(new Random(7).Next());
        var e = new MLContext(seed: null);
    }
}");

        [Fact]
        public Task Clock_values_that_are_not_seeds_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class Run
{
    public int Seed { get; set; }
    void M()
    {
        var ml = new MLContext(1);
        var started = DateTime.Now;
        var run = new Run { Seed = Environment.TickCount };
        var id = Guid.NewGuid();
        Other(seed: Environment.TickCount);
    }
    void Other(int seed) { }
}");

        [Fact]
        public Task Reassigned_local_is_not_followed() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(bool fixedSeed)
    {
        var seed = Environment.TickCount;
        if (fixedSeed) seed = 1;
        var ml = new MLContext(seed);
    }
}");

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
using System;
class MLContext { public MLContext(int seed) { } }
class C { void M() { var ml = new MLContext(Environment.TickCount); } }");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M()
    {
        var a = new MLContext(Environment.);
        var b = new MLContext(seed: Guid.NewGuid().);
        var c = new MLContext(seed: Undefined.Now);
        int s = s + Environment.TickCount;
        var d = new MLContext(s);
    }
}", Verify.Diagnostic("MLO1004").WithSpan(15, 17, 15, 42).WithArguments("Environment.TickCount"));
    }
}
