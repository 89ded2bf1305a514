using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Reproducibility.UnseededSystemRandomAnalyzer>;

namespace MLOps.Analyzers.Tests.Reproducibility
{
    public class MLO1005UnseededSystemRandomTests
    {
        private const string Usings = @"
using System;
using System.Linq;
using Microsoft.ML;
";

        private const string RowType = @"
public class Row { public float X { get; set; } public float Label { get; set; } }";

        // ---- flagged ----

        [Fact]
        public Task Unseeded_random_generating_rows_for_LoadFromEnumerable() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView M(MLContext ml)
    {
        var random = {|MLO1005:new Random()|};
        var rows = Enumerable.Range(0, 100).Select(i => new Row { X = (float)random.NextDouble(), Label = i });
        return ml.Data.LoadFromEnumerable(rows);
    }
}" + RowType);

        [Fact]
        public Task Shared_random_sampling_before_loading_a_file() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView M(MLContext ml, string[] files)
    {
        var file = files[{|MLO1005:Random.Shared|}.Next(files.Length)];
        return ml.Data.LoadFromTextFile<Row>(file);
    }
}" + RowType);

        // ---- not flagged ----

        [Fact]
        public Task Seeded_random_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView M(MLContext ml)
    {
        var random = new Random(42);
        var rows = Enumerable.Range(0, 100).Select(i => new Row { X = (float)random.NextDouble(), Label = i });
        return ml.Data.LoadFromEnumerable(rows);
    }
}" + RowType);

        [Fact]
        public Task Random_in_a_method_without_ML_NET_data_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    int Jitter() => new Random().Next(100);
    IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Row>(path);
}" + RowType);

        [Fact]
        public Task Random_feeding_a_seed_is_left_to_MLO1004() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView M(string path)
    {
        var rng = new Random();
        var seed = rng.Next();
        var ml = new MLContext(seed);
        var direct = new MLContext(new Random().Next());
        return ml.Data.LoadFromTextFile<Row>(path);
    }
}" + RowType);

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
using System;
class C { int M() => new Random().Next(); }");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    IDataView M(MLContext ml)
    {
        var random = new Random(;
        var other = new Random().;
        return ml.Data.LoadFromEnumerable(
    }
}" + RowType);
    }
}
