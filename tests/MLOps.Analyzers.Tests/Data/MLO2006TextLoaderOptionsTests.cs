using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Data.TextLoaderOptionsAnalyzer>;

namespace MLOps.Analyzers.Tests.Data
{
    public class MLO2006TextLoaderOptionsTests
    {
        private const string Usings = @"
using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Fare { get; set; } }";

        private static DiagnosticResult TabSeparatedCsv(int markup, string path) =>
            Verify.Diagnostic("MLO2006").WithLocation(markup)
                .WithArguments($"'{path}' is a CSV file but is loaded with the default tab separator: pass separatorChar: ','");

        private static DiagnosticResult HeaderNotDeclared(int markup, string path, string column) =>
            Verify.Diagnostic("MLO2006").WithLocation(markup)
                .WithArguments($"'{path}' starts with a header row ('{column}' is a column name) but is loaded without hasHeader: true: the header is read as a row of data");

        /// <summary>
        /// The project in /repo/Taxi, shipping its data file as an AdditionalFile (the package does not add data files; a
        /// project can, with &lt;AdditionalFiles Include="Data/*.csv" /&gt;), with the project directory the props expose.
        /// </summary>
        private static Task VerifyWithShippedFileAsync(string source, string dataFile, string content, params DiagnosticResult[] expected)
        {
            var test = Verify.CreateTest(source, expected);
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.MSBuildProjectDirectory = /repo/Taxi\n"));
            test.TestState.AdditionalFiles.Add((dataFile, content));
            return test.RunAsync(CancellationToken.None);
        }

        private const string TaxiTypes = @"
public class TaxiTrip
{
    [LoadColumn(0)] public string VendorId { get; set; }
    [LoadColumn(1)] public float TripDistance { get; set; }
    [LoadColumn(2), ColumnName(""Label"")] public float FareAmount { get; set; }
}";

        // ---- flagged ----

        [Fact]
        public Task Csv_loaded_with_the_default_separator_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => {|#0:ml.Data.LoadFromTextFile<Trip>(""Data/taxi-fare-train.csv"", hasHeader: true)|};
}" + Types, TabSeparatedCsv(0, "Data/taxi-fare-train.csv"));

        [Fact]
        public Task Csv_path_from_a_field_built_with_Path_Combine_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private static readonly string TrainPath = Path.Combine(AppContext.BaseDirectory, ""Data"", ""taxi.CSV"");

    IDataView Load(MLContext ml) => {|#0:ml.Data.LoadFromTextFile<Trip>(TrainPath)|};
}" + Types, TabSeparatedCsv(0, "<AppContext.BaseDirectory>/Data/taxi.CSV"));

        [Fact]
        public Task Csv_with_a_computed_directory_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml, string dataDir) => {|#0:ml.Data.LoadFromTextFile<Trip>($""{dataDir}/taxi.csv"")|};
}" + Types, TabSeparatedCsv(0, "{dataDir}/taxi.csv"));

        [Fact]
        public Task Non_generic_overload_with_columns_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => {|#0:ml.Data.LoadFromTextFile(""iris.csv"", new[] { new TextLoader.Column(""Label"", DataKind.String, 0) })|};
}", TabSeparatedCsv(0, "iris.csv"));

        [Fact]
        public Task CreateTextLoader_then_Load_of_a_csv_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml)
    {
        var loader = {|#0:ml.Data.CreateTextLoader<Trip>(hasHeader: true)|};
        return loader.Load(new MultiFileSource(""taxi.csv""));
    }

    IDataView Chained(MLContext ml) => {|#1:ml.Data.CreateTextLoader<Trip>()|}.Load(new MultiFileSource(""test.csv""));
}" + Types, TabSeparatedCsv(0, "taxi.csv"), TabSeparatedCsv(1, "test.csv"));

        [Fact]
        public Task Shipped_file_with_a_header_row_loaded_without_hasHeader_is_flagged() => VerifyWithShippedFileAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => {|#0:ml.Data.LoadFromTextFile<TaxiTrip>(""Data/taxi.csv"", separatorChar: ',')|};
}" + TaxiTypes,
            "/repo/Taxi/Data/taxi.csv",
            "vendor_id,trip_distance,fare_amount\nCMT,3.8,17.5\n",
            HeaderNotDeclared(0, "Data/taxi.csv", "trip_distance"));

        [Fact]
        public Task Header_row_and_default_separator_are_both_reported() => VerifyWithShippedFileAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => {|#0:ml.Data.LoadFromTextFile<TaxiTrip>(Path.Combine(AppContext.BaseDirectory, ""Data"", ""taxi.csv""))|};
}" + TaxiTypes,
            "/repo/Taxi/Data/taxi.csv",
            "VendorId,TripDistance,Label\nCMT,3.8,17.5\n",
            TabSeparatedCsv(0, "<AppContext.BaseDirectory>/Data/taxi.csv"),
            HeaderNotDeclared(0, "<AppContext.BaseDirectory>/Data/taxi.csv", "TripDistance"));

        // ---- not flagged ----

        [Fact]
        public Task Shipped_file_whose_first_line_is_data_is_not_flagged() => VerifyWithShippedFileAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<TaxiTrip>(""Data/taxi.csv"", separatorChar: ',');
}" + TaxiTypes,
            "/repo/Taxi/Data/taxi.csv",
            "CMT,3.8,17.5\nVTS,1.2,6.0\n");

        [Fact]
        public Task Header_row_with_hasHeader_given_or_another_file_is_not_flagged() => VerifyWithShippedFileAsync(Usings + @"
class C
{
    void M(MLContext ml)
    {
        ml.Data.LoadFromTextFile<TaxiTrip>(""Data/taxi.csv"", separatorChar: ',', hasHeader: true);
        ml.Data.LoadFromTextFile<TaxiTrip>(""Data/other.csv"", separatorChar: ',');
    }
}" + TaxiTypes,
            "/repo/Taxi/Data/taxi.csv",
            "VendorId,TripDistance,Label\nCMT,3.8,17.5\n");

        [Fact]
        public Task First_line_of_names_that_are_not_the_class_columns_is_not_flagged() => VerifyWithShippedFileAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<TaxiTrip>(""Data/taxi.tsv"");
}" + TaxiTypes,
            "/repo/Taxi/Data/taxi.tsv",
            "a\tb\tc\nCMT\t3.8\t17.5\n");


        [Fact]
        public Task Explicit_separators_are_not_flagged_even_a_tab() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml)
    {
        ml.Data.LoadFromTextFile<Trip>(""taxi.csv"", separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(""taxi.csv"", ';', true);
        ml.Data.LoadFromTextFile<Trip>(""exported.csv"", separatorChar: '\t');
        ml.Data.CreateTextLoader<Trip>(separatorChar: ',').Load(new MultiFileSource(""taxi.csv""));
    }
}" + Types);

        [Fact]
        public Task Tab_separated_and_unknown_extensions_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, string path, string name)
    {
        ml.Data.LoadFromTextFile<Trip>(""taxi.tsv"");
        ml.Data.LoadFromTextFile<Trip>(""taxi.txt"");
        ml.Data.LoadFromTextFile<Trip>(path);
        ml.Data.LoadFromTextFile<Trip>($""data/{name}"");
        ml.Data.LoadFromTextFile<Trip>(""taxi.csv.gz"");
    }
}" + Types);

        [Fact]
        public Task Options_overload_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView M(MLContext ml) => ml.Data.LoadFromTextFile<Trip>(""taxi.csv"", new TextLoader.Options { HasHeader = true });
}" + Types);

        [Fact]
        public Task Loader_that_is_reassigned_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView M(MLContext ml, bool csv)
    {
        var loader = ml.Data.CreateTextLoader<Trip>();
        if (csv) loader = ml.Data.CreateTextLoader<Trip>(separatorChar: ',');
        return loader.Load(new MultiFileSource(""taxi.csv""));
    }
}" + Types);

        [Fact]
        public Task Incomplete_code_does_not_crash() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>(""taxi.csv"", );
    IDataView N(MLContext ml) => ml.Data.CreateTextLoader<Trip>().Load(new MultiFileSource(
}" + Types);

        [Fact]
        public Task Without_ML_NET_nothing_is_reported() => Verify.VerifyWithoutMLNetAsync(@"
class C
{
    string[] M() => System.IO.File.ReadAllLines(""taxi.csv"");
}");
    }
}
