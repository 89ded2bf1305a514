using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Reproducibility.UnseededRowShuffleAnalyzer>;

namespace MLOps.Analyzers.Tests.Reproducibility
{
    public class MLO1003UnseededRowShuffleTests
    {
        private const string Usings = @"
using Microsoft.ML;
";

        // ---- flagged ----

        [Fact]
        public Task Shuffle_and_bootstrap_with_a_parameter_context() => Verify.VerifyAsync(Usings + @"
public class DataPrep
{
    public IDataView Shuffle(MLContext ml, IDataView data) => {|MLO1003:ml.Data.ShuffleRows(data)|};
    public IDataView Sample(MLContext ml, IDataView data) => {|MLO1003:ml.Data.BootstrapSample(data, seed: null)|};
    public IDataView Complement(MLContext ml, IDataView data) => {|MLO1003:ml.Data.BootstrapSample(data, complement: true)|};
}");

        [Fact]
        public Task Shuffle_with_an_unseeded_context() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView M(IDataView data)
    {
        var ml = new MLContext();
        return {|MLO1003:ml.Data.ShuffleRows(data, shufflePoolSize: 100)|};
    }
}");

        [Fact]
        public Task Shuffle_with_a_settable_property_context() => Verify.VerifyAsync(Usings + @"
public class C
{
    public MLContext Context { get; set; } = null!;
    IDataView M(IDataView data) => {|MLO1003:Context.Data.ShuffleRows(data)|};
}");

        [Fact]
        public Task Message_names_the_method() => Verify.VerifyAsync(Usings + @"
public class C
{
    public IDataView M(MLContext ml, IDataView data) => ml.Data.ShuffleRows(data);
}", Verify.Diagnostic("MLO1003").WithSpan(6, 57, 6, 82).WithArguments("ShuffleRows"));

        [Fact]
        public Task Shuffle_in_a_type_that_never_names_MLContext() => Verify.VerifyAsync(Usings + @"
public class Holder
{
    public MLContext Ml { get; set; } = null!;
}

public class Prep
{
    public IDataView M(Holder holder, IDataView data)
    {
        var ml = holder.Ml;
        return {|MLO1003:ml.Data.ShuffleRows(data)|};
    }
}");

        [Fact]
        public Task Unseeded_context_reaching_on_one_path_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView M(bool flag, IDataView data)
    {
        var ml = new MLContext(seed: 1);
        if (flag)
        {
            ml = new MLContext();
        }

        return {|MLO1003:ml.Data.ShuffleRows(data)|};
    }
}");

        // ---- not flagged ----

        [Fact]
        public Task Seeded_reassignment_before_the_shuffle_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView M(IDataView data)
    {
        var ml = new MLContext();
        var rows = ml.Data.LoadFromEnumerable(new[] { new { A = 1f } });
        ml = new MLContext(seed: 1);
        return ml.Data.ShuffleRows(data);
    }
}");

        [Fact]
        public Task Load_else_sample_with_a_seeded_context_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView M(bool exists, string path, IDataView data)
    {
        MLContext ml;
        if (exists)
        {
            ml = new MLContext();
            return ml.Data.LoadFromBinary(path);
        }

        ml = new MLContext(seed: 7);
        var copy = ml;
        return copy.Data.BootstrapSample(data);
    }
}");

        [Fact]
        public Task Explicit_seed_is_not_flagged() => Verify.VerifyAsync(Usings + @"
public class C
{
    public IDataView A(MLContext ml, IDataView data) => ml.Data.ShuffleRows(data, seed: 7);
    public IDataView B(MLContext ml, IDataView data, int seed) => ml.Data.BootstrapSample(data, seed);
}");

        [Fact]
        public Task Visibly_seeded_context_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private readonly MLContext _ml = new MLContext(seed: 3);

    IDataView A(IDataView data) => _ml.Data.ShuffleRows(data);

    IDataView B(IDataView data)
    {
        var ml = new MLContext(1);
        return ml.Data.BootstrapSample(data);
    }

    IDataView C2(IDataView data) => Helper(new MLContext(5), data);

    private static IDataView Helper(MLContext ml, IDataView data) => ml.Data.ShuffleRows(data);
}");

        [Fact]
        public Task Splits_and_cross_validation_fall_back_to_a_fixed_seed() => Verify.VerifyAsync(Usings + @"
public class C
{
    public void M(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        var folds = ml.Data.CrossValidationSplit(data, numberOfFolds: 5);
        var cv = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5);
    }
}");

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class Data { public object ShuffleRows(object d) => d; }
class MLContext { public Data Data = new Data(); }
class C { object M(MLContext ml) => ml.Data.ShuffleRows(null); }");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
public class C
{
    public IDataView A(MLContext ml, IDataView data) => ml.Data.ShuffleRows(;
    public IDataView B(MLContext ml) => ml.Data.BootstrapSample(undefined, seed: );
    public IDataView D(MLContext ml) => ml.Data.
}");
    }
}
