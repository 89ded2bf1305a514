using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CodeFixVerifier<
    MLOps.Analyzers.Reproducibility.ClockOrGuidSeedAnalyzer,
    MLOps.Analyzers.CodeFixes.Reproducibility.ClockOrGuidSeedCodeFixProvider>;

namespace MLOps.Analyzers.Tests.CodeFixes
{
    public class MLO1004ConstantSeedCodeFixTests
    {
        private const string Usings = @"
using System;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
";

        [Fact]
        public Task Replaces_a_clock_argument() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M() { var ml = new MLContext(seed: {|MLO1004:Environment.TickCount|}); }
}", Usings + @"
class C
{
    void M() { var ml = new MLContext(seed: 42); }
}");

        [Fact]
        public Task Replaces_the_local_initializer_when_the_local_is_only_a_seed() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var seed = {|MLO1004:Guid.NewGuid().GetHashCode()|};
        var copy = seed;
        var ml = new MLContext(seed);
        var split = ml.Data.TrainTestSplit(data, seed: seed);
        var shuffled = ml.Data.ShuffleRows(data, seed: copy);
    }
}", Usings + @"
class C
{
    void M(IDataView data)
    {
        var seed = 42;
        var copy = seed;
        var ml = new MLContext(seed);
        var split = ml.Data.TrainTestSplit(data, seed: seed);
        var shuffled = ml.Data.ShuffleRows(data, seed: copy);
    }
}");

        [Fact]
        public Task Replaces_an_explicitly_typed_local_initializer_that_holds_the_constant() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        long ticks = {|MLO1004:DateTime.Now.Ticks|};
        var ml = new MLContext((int)ticks);
    }
}", Usings + @"
class C
{
    void M()
    {
        long ticks = 42;
        var ml = new MLContext((int)ticks);
    }
}");

        [Fact]
        public Task Replaces_the_seeds_when_the_local_is_also_read_for_something_else() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var seed = {|MLO1004:Guid.NewGuid().GetHashCode()|};
        Console.WriteLine($""seed {seed}"");
        var ml = new MLContext(seed);
        var split = ml.Data.TrainTestSplit(data, seed: seed);
    }
}", Usings + @"
class C
{
    void M(IDataView data)
    {
        var seed = Guid.NewGuid().GetHashCode();
        Console.WriteLine($""seed {seed}"");
        var ml = new MLContext(42);
        var split = ml.Data.TrainTestSplit(data, seed: 42);
    }
}");

        [Fact]
        public Task A_clock_local_keeps_its_value_and_the_seed_becomes_the_constant() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var started = {|MLO1004:DateTime.UtcNow|};
        var ml = new MLContext(seed: started.Millisecond);
    }
}", Usings + @"
class C
{
    void M()
    {
        var started = DateTime.UtcNow;
        var ml = new MLContext(seed: 42);
    }
}");

        [Fact]
        public Task An_explicitly_typed_clock_local_is_not_given_an_int() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        DateTime now = {|MLO1004:DateTime.Now|};
        var ml = new MLContext(seed: now.Second);
        var split = ml.Data.TrainTestSplit(data, seed: now.Millisecond);
        Console.WriteLine(now);
    }
}", Usings + @"
class C
{
    void M(IDataView data)
    {
        DateTime now = DateTime.Now;
        var ml = new MLContext(seed: 42);
        var split = ml.Data.TrainTestSplit(data, seed: 42);
        Console.WriteLine(now);
    }
}");

        [Fact]
        public Task An_unseeded_random_local_stays_a_random() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var random = {|MLO1004:new Random()|};
        var ml = new MLContext(random.Next());
        var noise = random.NextDouble();
    }
}", Usings + @"
class C
{
    void M()
    {
        var random = new Random();
        var ml = new MLContext(42);
        var noise = random.NextDouble();
    }
}");

        [Fact]
        public Task A_guid_logged_as_the_run_id_keeps_being_logged() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var runId = {|MLO1004:Guid.NewGuid()|};
        Log(runId);
        var ml = new MLContext(seed: runId.GetHashCode());
    }

    static void Log(object value) => Console.WriteLine(value);
}", Usings + @"
class C
{
    void M()
    {
        var runId = Guid.NewGuid();
        Log(runId);
        var ml = new MLContext(seed: 42);
    }

    static void Log(object value) => Console.WriteLine(value);
}");

        [Fact]
        public Task A_long_var_local_is_not_turned_into_an_int() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var ticks = {|MLO1004:Environment.TickCount64|};
        var ml = new MLContext((int)ticks);
    }
}", Usings + @"
class C
{
    void M()
    {
        var ticks = Environment.TickCount64;
        var ml = new MLContext(42);
    }
}");

        [Fact]
        public Task Replaces_the_seed_of_a_target_typed_new() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        MLContext ml = new(seed: {|MLO1004:Environment.TickCount|});
    }
}", Usings + @"
class C
{
    void M()
    {
        MLContext ml = new(seed: 42);
    }
}");

        [Fact]
        public Task Fix_all_on_locals_the_seeds_come_from() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var started = {|MLO1004:DateTime.UtcNow|};
        var random = {|MLO1004:new Random()|};
        var seed = {|MLO1004:Environment.TickCount|};
        var ml = new MLContext(seed: started.Millisecond);
        var split = ml.Data.TrainTestSplit(data, seed: random.Next());
        var shuffled = ml.Data.ShuffleRows(split.TrainSet, seed: seed);
        var options = new FastTreeRegressionTrainer.Options { Seed = started.Second };
        Console.WriteLine(started);
    }
}", Usings + @"
class C
{
    void M(IDataView data)
    {
        var started = DateTime.UtcNow;
        var random = new Random();
        var seed = 42;
        var ml = new MLContext(seed: 42);
        var split = ml.Data.TrainTestSplit(data, seed: 42);
        var shuffled = ml.Data.ShuffleRows(split.TrainSet, seed: seed);
        var options = new FastTreeRegressionTrainer.Options { Seed = 42 };
        Console.WriteLine(started);
    }
}");

        [Fact]
        public Task Fix_all_uses_the_editorconfig_seed() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext({|MLO1004:(int)DateTime.Now.Ticks|});
        var options = new FastTreeRegressionTrainer.Options { Seed = {|MLO1004:Environment.TickCount|} };
        options.Seed = {|MLO1004:new Random().Next()|};
    }
}", Usings + @"
class C
{
    void M()
    {
        var ml = new MLContext(7);
        var options = new FastTreeRegressionTrainer.Options { Seed = 7 };
        options.Seed = 7;
    }
}", "root = true\n\n[*.cs]\nmlops.default_seed = 7\n");
    }
}
