using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Performance.PreviewOutsideTestsAnalyzer>;

namespace MLOps.Analyzers.Tests.Performance
{
    public class MLO5003PreviewOutsideTestsTests
    {
        private const string Usings = @"
using System;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string RowType = @"
public class Row { public float X { get; set; } public bool Label { get; set; } }";

        // ---- flagged ----

        [Fact]
        public Task Preview_of_a_data_view_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, string path)
    {
        IDataView data = ml.Data.LoadFromTextFile<Row>(path);
        var preview = {|MLO5003:data.Preview()|};
        Console.WriteLine(preview.RowView.Length);
    }
}" + RowType);

        [Fact]
        public Task Preview_of_an_estimator_fits_it_and_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    DataDebuggerPreview M(MLContext ml, IDataView data)
    {
        var pipeline = ml.Transforms.NormalizeMinMax(""X"");
        return {|MLO5003:pipeline.Preview(data, maxRows: 10)|};
    }
}" + RowType);

        [Fact]
        public Task Preview_of_a_transformer_and_of_a_loader_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView data, string path)
    {
        {|MLO5003:model.Preview(data)|};
        var loader = ml.Data.CreateTextLoader<Row>();
        {|MLO5003:loader.Preview(new MultiFileSource(path))|};
        {|MLO5003:DebuggerExtensions.Preview(data, 5)|};
    }
}" + RowType);

        [Fact]
        public Task Preview_in_a_lambda_of_production_code_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    Func<IDataView, int> Rows => data => {|MLO5003:data.Preview()|}.RowView.Length;
}" + RowType);

        [Fact]
        public Task Preview_in_a_branch_that_needs_more_than_a_debugger_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data, bool verbose)
    {
        if (verbose || Debugger.IsAttached)
        {
            {|MLO5003:data.Preview()|};
        }
    }
}" + RowType);

        [Fact]
        public Task Preview_in_the_else_of_if_DEBUG_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
#if DEBUG
        data.Preview();
#else
        {|MLO5003:data.Preview()|};
#endif
    }
}" + RowType);

        // ---- not flagged ----

        [Fact]
        public Task Test_project_referencing_xunit_is_not_flagged()
        {
            var test = Verify.CreateTest(Usings + @"
using Xunit;
public class PipelineTests
{
    [Fact]
    public void Normalizer_keeps_row_count()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { X = 1 }, new Row { X = 3 } });
        var preview = ml.Transforms.NormalizeMinMax(""X"").Preview(data);
        Assert.Equal(2, preview.RowView.Length);
    }
}" + RowType);
            test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location));
            test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location));
            return test.RunAsync(CancellationToken.None);
        }

        [Theory]
        [InlineData("NUnit.Framework", "TestAttribute", "Test")]
        [InlineData("Microsoft.VisualStudio.TestTools.UnitTesting", "TestMethodAttribute", "TestMethod")]
        public Task Test_project_referencing_NUnit_or_MSTest_is_not_flagged(string ns, string attributeType, string attribute) =>
            // Stand-ins for the NUnit and MSTest attributes (those packages are not referenced here), in their real namespaces.
            Verify.VerifyAsync(Usings + @"
namespace " + ns + @" { public sealed class " + attributeType + @" : Attribute { } }
public class PipelineTests
{
    [" + ns + "." + attribute + @"]
    public void Preview_shows_rows(IDataView data) => data.Preview();
}" + RowType);

        [Fact]
        public Task Preview_in_a_Conditional_DEBUG_method_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    [Conditional(""DEBUG"")]
    static void Dump(IDataView data)
    {
        var preview = data.Preview(maxRows: 5);
        Console.WriteLine(preview.RowView.Length);
    }

    void M(IDataView data)
    {
        Debug.WriteLine(data.Preview().ToString());
        Dump(data);
    }
}" + RowType);

        [Fact]
        public Task Preview_in_an_if_DEBUG_region_is_not_flagged() => Verify.VerifyAsync(@"#define DEBUG
" + Usings + @"
class C
{
    void M(IDataView data)
    {
#if DEBUG
        var preview = data.Preview();
#endif
#if !DEBUG
        Console.WriteLine();
#else
        data.Preview();
#endif
#if DEBUG && VERBOSE
        data.Preview();
#endif
    }
}" + RowType);

        [Fact]
        public Task Preview_under_an_attached_debugger_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        if (Debugger.IsAttached)
        {
            var preview = data.Preview();
        }
    }
}" + RowType);

        [Fact]
        public Task A_Preview_method_of_another_type_is_not_flagged() => Verify.VerifyAsync(Usings + @"
namespace App
{
    class Report { public string Preview() => ""...""; }

    // Found before ML.NET's extension: the project's own namespace is searched first.
    static class MyExtensions { public static string Preview(this IDataView data, int rows = 10) => data.Schema.ToString(); }

    class C
    {
        void M(Report report, IDataView data)
        {
            report.Preview();
            data.Preview(3);
        }
    }
}" + RowType);

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class Data { public Data Preview() => this; }
class C { void M(Data d) => d.Preview(); }");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
#if DEBUG
    void M(IDataView data)
    {
        data.Preview(
#elif
    }
#else
    // Still a Preview call of production code (the #else branch is the active one): reported, not thrown.
    [Conditional()]
    void N(IDataView data) => {|MLO5003:data.Preview(|};
#endif
#endif
}" + RowType);
    }
}
