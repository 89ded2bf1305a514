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
        public Task Replaces_the_local_initializer_the_seed_came_from() => Verify.VerifyFixAsync(Usings + @"
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
        var seed = 42;
        Console.WriteLine($""seed {seed}"");
        var ml = new MLContext(seed);
        var split = ml.Data.TrainTestSplit(data, seed: seed);
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
