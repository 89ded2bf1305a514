using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CodeFixVerifier<
    MLOps.Analyzers.Reproducibility.UnseededMLContextAnalyzer,
    MLOps.Analyzers.CodeFixes.Reproducibility.UnseededMLContextCodeFixProvider>;

namespace MLOps.Analyzers.Tests.CodeFixes
{
    public class MLO1001AddSeedCodeFixTests
    {
        private const string Usings = @"
using Microsoft.ML;
";

        [Fact]
        public Task Adds_the_default_seed() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = {|MLO1001:new MLContext()|};
        ml.Regression.Trainers.FastTree().Fit(data);
    }
}", Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = new MLContext(seed: 42);
        ml.Regression.Trainers.FastTree().Fit(data);
    }
}");

        [Fact]
        public Task Replaces_null_and_default_keeping_the_argument_name() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var a = {|MLO1001:new MLContext(seed: null)|};
        a.Data.TrainTestSplit(data);
        var b = {|MLO1001:new MLContext(null)|};
        b.Data.TrainTestSplit(data);
        MLContext c = {|MLO1001:new()|};
        c.Data.TrainTestSplit(data);
    }
}", Usings + @"
class C
{
    void M(IDataView data)
    {
        var a = new MLContext(seed: 42);
        a.Data.TrainTestSplit(data);
        var b = new MLContext(42);
        b.Data.TrainTestSplit(data);
        MLContext c = new(seed: 42);
        c.Data.TrainTestSplit(data);
    }
}");

        [Fact]
        public Task Seed_comes_from_editorconfig() => Verify.VerifyFixAsync(Usings + @"
class C
{
    private readonly MLContext _ml = {|MLO1001:new MLContext()|};
    void M(IDataView data) => _ml.Regression.Trainers.FastTree().Fit(data);
}", Usings + @"
class C
{
    private readonly MLContext _ml = new MLContext(seed: 2024);
    void M(IDataView data) => _ml.Regression.Trainers.FastTree().Fit(data);
}", "root = true\n\n[*.cs]\nmlops.default_seed = 2024\n");

        [Fact]
        public Task Invalid_editorconfig_value_falls_back_to_42() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(IDataView data) { var ml = {|MLO1001:new MLContext()|}; ml.Data.TrainTestSplit(data); }
}", Usings + @"
class C
{
    void M(IDataView data) { var ml = new MLContext(seed: 42); ml.Data.TrainTestSplit(data); }
}", "root = true\n\n[*.cs]\nmlops.default_seed = forty-two\n");

        [Fact]
        public Task Negative_editorconfig_seed() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(IDataView data) { var ml = {|MLO1001:new MLContext()|}; ml.Data.TrainTestSplit(data); }
}", Usings + @"
class C
{
    void M(IDataView data) { var ml = new MLContext(seed: -2147483648); ml.Data.TrainTestSplit(data); }
}", "root = true\n\n[*.cs]\nmlops.default_seed = -2147483648\n");

        [Fact]
        public Task Fix_all_seeds_every_context_in_the_document() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void A(IDataView data) { var ml = {|MLO1001:new MLContext()|}; ml.Data.TrainTestSplit(data); }
    void B(IDataView data) { var ml = {|MLO1001:new MLContext(seed: null)|}; ml.Data.TrainTestSplit(data); }
    void D(IDataView data) { var ml = {|MLO1001:new MLContext()|}; ml.Regression.Trainers.Gam().Fit(data); }
}", Usings + @"
class C
{
    void A(IDataView data) { var ml = new MLContext(seed: 42); ml.Data.TrainTestSplit(data); }
    void B(IDataView data) { var ml = new MLContext(seed: 42); ml.Data.TrainTestSplit(data); }
    void D(IDataView data) { var ml = new MLContext(seed: 42); ml.Regression.Trainers.Gam().Fit(data); }
}");

        [Fact]
        public Task An_empty_multi_line_argument_list_gets_the_seed_on_its_own_indented_line() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = {|MLO1001:new MLContext(
            // TODO: seed
        )|};
        ml.Regression.Trainers.FastTree().Fit(data);
    }
}", Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = new MLContext(
            // TODO: seed
            seed: 42
        );
        ml.Regression.Trainers.FastTree().Fit(data);
    }
}");

        [Fact]
        public Task An_empty_argument_list_split_over_two_lines() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = {|MLO1001:new MLContext(
        )|};
        ml.Regression.Trainers.FastTree().Fit(data);
    }
}", Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = new MLContext(
            seed: 42
        );
        ml.Regression.Trainers.FastTree().Fit(data);
    }
}");
    }
}
