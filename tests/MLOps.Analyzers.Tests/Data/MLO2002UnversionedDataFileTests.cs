using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MLOps.Analyzers.Model;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Data.UnversionedDataFileAnalyzer>;

namespace MLOps.Analyzers.Tests.Data
{
    public class MLO2002UnversionedDataFileTests
    {
        private const string Usings = @"
using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Fare { get; set; } }";

        /// <summary>What the package's props give the compiler: the project directory, as a global analyzer config.</summary>
        private const string ProjectDirectoryConfig = @"is_global = true
build_property.MSBuildProjectDirectory = /repo/src/Taxi
";

        private static DiagnosticResult Unversioned(int markup, string path) =>
            Verify.Diagnostic("MLO2002").WithLocation(markup).WithArguments(path);

        /// <summary>The project in /repo/src/Taxi, with the given DVC files as AdditionalFiles (absolute paths, as MSBuild passes them).</summary>
        private static Task VerifyInProjectAsync(string source, (string Path, string Content)[] dvcFiles, params DiagnosticResult[] expected)
        {
            var test = Verify.CreateTest(source, expected);
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", ProjectDirectoryConfig));
            foreach (var (path, content) in dvcFiles)
            {
                test.TestState.AdditionalFiles.Add((path, content));
            }

            return test.RunAsync(CancellationToken.None);
        }

        private const string DvcLock = @"schema: '2.0'
stages:
  prepare:
    cmd: python prepare.py data/raw/trips.xml
    deps:
    - path: data/raw/trips.xml
      hash: md5
      md5: 22a1a2931c8370d3aeedd7183606fd7f
      size: 14445097
    outs:
    - path: data/prepared
      hash: md5
      md5: 153aad06d376b6595932470e459ef42a.dir
      size: 8437363
      nfiles: 2
";

        // ---- flagged ----

        [Fact]
        public Task Literal_relative_path_with_no_pin_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>({|#0:""Data/taxi-fare-train.csv""|}, separatorChar: ',', hasHeader: true);
}" + Types, Unversioned(0, "Data/taxi-fare-train.csv"));

        [Fact]
        public Task Path_under_the_output_directory_with_no_pin_is_flagged() => VerifyInProjectAsync(Usings + @"
class C
{
    private static readonly string TrainPath = Path.Combine(AppContext.BaseDirectory, ""Data"", ""train.bin"");

    IDataView Load(MLContext ml) => ml.Data.LoadFromBinary({|#0:TrainPath|});
}",
            new[] { ("/repo/src/Taxi/Data/test.bin.dvc", "outs:\n- md5: 3c5a\n  path: test.bin\n") },
            Unversioned(0, "<AppContext.BaseDirectory>/Data/train.bin"));

        [Fact]
        public Task File_outside_the_dvc_lock_entries_is_flagged() => VerifyInProjectAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml)
    {
        var loader = ml.Data.CreateTextLoader<Trip>(separatorChar: ',');
        return loader.Load(new MultiFileSource({|#0:""../../data/raw/extra.csv""|}));
    }
}" + Types,
            new[] { ("/repo/dvc.lock", DvcLock) },
            Unversioned(0, "../../data/raw/extra.csv"));

        // ---- not flagged ----

        [Fact]
        public Task File_with_a_dvc_file_beside_it_is_not_flagged() => VerifyInProjectAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>(@""Data\taxi.csv"", separatorChar: ',');
}" + Types,
            new[] { ("/repo/src/Taxi/Data/taxi.csv.dvc", "outs:\n- md5: a304afb96060aad90176268345e10355\n  size: 14445097\n  path: taxi.csv\n") });

        [Fact]
        public Task File_in_a_directory_tracked_by_a_dvc_file_is_not_flagged() => VerifyInProjectAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>(Path.Combine(AppContext.BaseDirectory, ""Data"", ""taxi.csv""), separatorChar: ',');
}" + Types,
            new[] { ("/repo/src/Taxi/Data.dvc", "outs:\n- md5: 153aad06d376b6595932470e459ef42a.dir\n  path: Data\n") });

        [Fact]
        public Task Dep_and_file_under_an_out_directory_of_dvc_lock_are_not_flagged() => VerifyInProjectAsync(Usings + @"
class C
{
    void M(MLContext ml)
    {
        ml.Data.LoadFromTextFile<Trip>(""../../data/raw/trips.xml"");
        ml.Data.LoadFromTextFile<Trip>(""../../data/prepared/train.tsv"");
    }
}" + Types,
            new[] { ("/repo/dvc.lock", DvcLock) });

        [Fact]
        public Task Paths_with_a_version_segment_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml)
    {
        ml.Data.LoadFromTextFile<Trip>(""Data/v3/taxi.csv"", separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(""Data/taxi-2024-05-01.csv"", separatorChar: ',');
    }
}" + Types);

        [Fact]
        public Task Absolute_computed_and_model_paths_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, string dataPath, ITransformer model, IDataView data)
    {
        ml.Data.LoadFromTextFile<Trip>(""/srv/data/taxi.csv"", separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(dataPath, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>($""Data/{Environment.GetEnvironmentVariable(""SPLIT"")}.csv"", separatorChar: ',');
        ml.Model.Save(model, data.Schema, ""model.zip"");
    }
}" + Types);

        [Fact]
        public Task Incomplete_code_does_not_crash() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>(""data"" + );
    void N(MLContext ml) => new MultiFileSource(
}" + Types);

        [Fact]
        public Task Without_ML_NET_nothing_is_reported() => Verify.VerifyWithoutMLNetAsync(@"
class C
{
    string M() => System.IO.File.ReadAllText(""Data/taxi.csv"");
}");

        [Theory]
        [InlineData("- path: data/raw.csv", "data/raw.csv")]
        [InlineData("  path: 'data/my file.csv'", "data/my file.csv")]
        [InlineData("    - path: data/prepared # the output", "data/prepared")]
        [InlineData("- path: https://example.com/data.csv", null)]
        [InlineData("  md5: 22a1a2931c8370d3aeedd7183606fd7f", null)]
        public void Path_entries_of_dvc_files(string line, string? expected) => Assert.Equal(expected, DvcPins.ReadPathEntry(line));
    }
}
