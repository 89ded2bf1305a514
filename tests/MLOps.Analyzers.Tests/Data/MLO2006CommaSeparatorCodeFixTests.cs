using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.CodeFixVerifier<
    MLOps.Analyzers.Data.TextLoaderOptionsAnalyzer,
    MLOps.Analyzers.CodeFixes.Data.TextLoaderOptionsCodeFixProvider>;

namespace MLOps.Analyzers.Tests.Data
{
    public class MLO2006CommaSeparatorCodeFixTests
    {
        private const string Usings = @"
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Fare { get; set; } }";

        [Fact]
        public Task Adds_a_comma_separator_to_LoadFromTextFile() => Verify.VerifyFixAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => {|MLO2006:ml.Data.LoadFromTextFile<Trip>(""taxi.csv"", hasHeader: true)|};
}" + Types, Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>(""taxi.csv"", hasHeader: true, separatorChar: ',');
}" + Types);

        [Fact]
        public Task Adds_a_comma_separator_to_an_empty_CreateTextLoader() => Verify.VerifyFixAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => {|MLO2006:ml.Data.CreateTextLoader<Trip>()|}.Load(new MultiFileSource(""taxi.csv""));
}" + Types, Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.CreateTextLoader<Trip>(separatorChar: ',').Load(new MultiFileSource(""taxi.csv""));
}" + Types);

        [Fact]
        public Task Fix_all_adds_the_separator_to_every_csv_loader_in_the_document() => Verify.VerifyFixAsync(Usings + @"
class C
{
    void M(MLContext ml)
    {
        var train = {|MLO2006:ml.Data.LoadFromTextFile<Trip>(""train.csv"")|};
        var test = {|MLO2006:ml.Data.LoadFromTextFile<Trip>(""test.csv"", hasHeader: true)|};
        var other = ml.Data.LoadFromTextFile<Trip>(""other.tsv"");
    }
}" + Types, Usings + @"
class C
{
    void M(MLContext ml)
    {
        var train = ml.Data.LoadFromTextFile<Trip>(""train.csv"", separatorChar: ',');
        var test = ml.Data.LoadFromTextFile<Trip>(""test.csv"", hasHeader: true, separatorChar: ',');
        var other = ml.Data.LoadFromTextFile<Trip>(""other.tsv"");
    }
}" + Types);
    
        [Fact]
        public Task Adds_hasHeader_true_where_the_shipped_file_starts_with_a_header_row()
        {
            var test = Verify.CreateTest(Usings + @"
class C
{
    IDataView Load(MLContext ml) => {|MLO2006:ml.Data.LoadFromTextFile<Trip>(""taxi.csv"", separatorChar: ',')|};
}" + Types, Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>(""taxi.csv"", separatorChar: ',', hasHeader: true);
}" + Types, null);
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.MSBuildProjectDirectory = /repo/Taxi\n"));
            test.TestState.AdditionalFiles.Add(("/repo/Taxi/taxi.csv", "Distance,Fare\n3.8,17.5\n"));
            test.FixedState.AdditionalFiles.Add(("/repo/Taxi/taxi.csv", "Distance,Fare\n3.8,17.5\n"));
            test.FixedState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.MSBuildProjectDirectory = /repo/Taxi\n"));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task A_closing_parenthesis_on_its_own_line_stays_there() => Verify.VerifyFixAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => {|MLO2006:ml.Data.LoadFromTextFile<Trip>(
        ""taxi.csv"",
        hasHeader: true
    )|};
}" + Types, Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>(
        ""taxi.csv"",
        hasHeader: true, separatorChar: ','
    );
}" + Types);

        [Fact]
        public Task A_comment_after_the_last_argument_stays_at_the_end_of_the_line() => Verify.VerifyFixAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => {|MLO2006:ml.Data.LoadFromTextFile<Trip>(""taxi.csv"", // the shipped sample
        hasHeader: true /* it has one */)|};
}" + Types, Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>(""taxi.csv"", // the shipped sample
        hasHeader: true, separatorChar: ',' /* it has one */);
}" + Types);
    }
}
