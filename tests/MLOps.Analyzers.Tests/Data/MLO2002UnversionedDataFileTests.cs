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

        // ---- a file the same body writes: an output of the run, not an input (field trial: ML.NET docs samples) ----

        [Fact]
        public Task File_saved_by_the_same_method_then_loaded_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView RoundTrip(MLContext ml, IDataView data)
    {
        using (FileStream stream = new FileStream(""data.idv"", FileMode.Create))
            ml.Data.SaveAsBinary(data, stream);
        using (var writer = File.CreateText(""rows.csv""))
            ml.Data.SaveAsText(data, writer.BaseStream, separatorChar: ',');
        File.WriteAllLines(""svm.txt"", new[] { ""1 1:0.5"" });
        File.Copy(""elsewhere/input.csv"", ""copy.csv"", true);
        ml.Data.LoadFromTextFile<Trip>(""rows.csv"", separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(""copy.csv"", separatorChar: ',');
        ml.Data.LoadFromSvmLightFile(""svm.txt"");
        return ml.Data.LoadFromBinary(""data.idv"");
    }
}" + Types);

        [Fact]
        public Task File_only_read_or_another_file_written_is_still_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml, IDataView data)
    {
        using (var read = new FileStream(""data.idv"", FileMode.Open))
            read.ReadByte();
        using (FileStream stream = new FileStream(""other.idv"", FileMode.Create))
            ml.Data.SaveAsBinary(data, stream);
        File.Copy(""train.csv"", ""backup.csv"", true);
        ml.Data.LoadFromTextFile<Trip>({|#1:""train.csv""|}, separatorChar: ',');
        return ml.Data.LoadFromBinary({|#0:""data.idv""|});
    }

    IDataView Elsewhere(MLContext ml) => ml.Data.LoadFromBinary({|#2:""other.idv""|});
}" + Types, Unversioned(0, "data.idv"), Unversioned(1, "train.csv"), Unversioned(2, "other.idv"));

        [Fact]
        public Task File_a_called_helper_writes_through_its_parameter_is_not_flagged_one_that_only_reads_it_is() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Train(MLContext ml, IDataView full)
    {
        const string trainPath = ""data/train.csv"";
        const string seenPath = ""data/seen.csv"";
        PrepDatasets(ml, full, trainPath);
        Inspect(seenPath);
        ml.Data.LoadFromTextFile<Trip>({|#0:seenPath|}, separatorChar: ',');
        return ml.Data.LoadFromTextFile<Trip>(trainPath, separatorChar: ',');
    }

    static void PrepDatasets(MLContext ml, IDataView data, string trainPath)
    {
        var split = ml.Data.TrainTestSplit(data, seed: 1);
        using (var stream = File.Create(trainPath))
            ml.Data.SaveAsText(split.TrainSet, stream, separatorChar: ',');
    }

    static void Inspect(string path) => Console.WriteLine(File.ReadAllText(path).Length);
}" + Types, Unversioned(0, "data/seen.csv"));

        // ---- across methods, members and files: not flagged (look-alikes first) ----

        /// <summary>The samples' helper: the folder of the program's assembly, combined with a relative path.</summary>
        private const string GetAbsolutePathHelper = @"
    public static string GetAbsolutePath(string relativePath)
    {
        FileInfo _dataRoot = new FileInfo(typeof(C).Assembly.Location);
        string assemblyFolderPath = _dataRoot.Directory.FullName;
        string fullPath = Path.Combine(assemblyFolderPath, relativePath);
        return fullPath;
    }";

        [Fact]
        public Task Helper_whose_result_is_computed_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    static string FromEnvironment(string name) => Path.Combine(Environment.GetEnvironmentVariable(""DATA_ROOT""), name);
    static string EitherOne(string name)
    {
        if (name.Length > 3) return ""Data/short.csv"";
        return ""Data/long.csv"";
    }
    protected virtual string Overridable(string name) => ""Data/"" + name;
    static string Recursive(string name) => name.Length > 100 ? name : Recursive(name + ""x"");

    void M(MLContext ml, string file)
    {
        ml.Data.LoadFromTextFile<Trip>(FromEnvironment(""train.csv""), separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(EitherOne(""train""), separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(Overridable(""train.csv""), separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(Recursive(""train.csv""), separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(GetAbsolutePath(file), separatorChar: ',');
    }
" + GetAbsolutePathHelper + @"
}" + Types);

        [Fact]
        public Task Static_fields_and_properties_written_elsewhere_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private static string TrainPath = ""Data/train.csv"";
    private static string TestPath;
    private static string ValidPath = ""Data/valid.csv"";
    static C() { ValidPath = Environment.GetEnvironmentVariable(""VALID"") ?? ValidPath; }
    public static string Holdout { get; set; } = ""Data/holdout.csv"";
    private string _instancePath = ""Data/instance.csv"";

    public C(string instancePath) { _instancePath = instancePath; }

    static void Main(string[] args)
    {
        if (args.Length > 0) TrainPath = args[0];
        TestPath = args[1];
        new Options { Holdout = args[2] };
    }

    void M(MLContext ml)
    {
        ml.Data.LoadFromTextFile<Trip>(TrainPath, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(TestPath, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(ValidPath, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(Holdout, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(_instancePath, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(new Settings().TrainFile, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(new Settings().TestFile, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(Settings.ValidationFile, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(Settings.HoldoutFile, separatorChar: ',');
    }
}
class Options { public string Holdout { get; set; } }

// Filled by a configuration binder or a serializer, or written by another assembly: no write in this project says so.
public class Settings
{
    public string TrainFile { get; set; } = ""Data/train.csv"";
    public string TestFile = ""Data/test.csv"";
    public static string ValidationFile = ""Data/valid.csv"";
    public static string HoldoutFile { get; set; } = ""Data/holdout.csv"";
}" + Types);

        [Fact]
        public Task Interpolations_with_a_computed_or_formatted_part_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private static string BaseDir = Environment.GetEnvironmentVariable(""DATA"");
    private static readonly int Fold = DateTime.Now.Second;

    void M(MLContext ml, string split)
    {
        ml.Data.LoadFromTextFile<Trip>($""{BaseDir}/taxi-train.csv"", separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>($""Data/{split}.csv"", separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>($""Data/fold{Fold,3}.csv"", separatorChar: ',');
        ml.Data.CreateTextLoader<Trip>(separatorChar: ',').Load($""Data/{split}.csv"");
    }
}" + Types);

        [Fact]
        public Task Helper_path_pinned_from_the_project_directory_is_not_flagged() => VerifyInProjectAsync(Usings + @"
class C
{
    private static string BaseDatasetsRelativePath = @""../../../../Data"";
    private static string TrainDataRelativePath = $""{BaseDatasetsRelativePath}/taxi-fare-train.csv"";
    private static string TrainDataPath = GetAbsolutePath(TrainDataRelativePath);

    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>(TrainDataPath, separatorChar: ',', hasHeader: true);
" + GetAbsolutePathHelper + @"
}" + Types,
            new[] { ("/repo/src/Data/taxi-fare-train.csv.dvc", "outs:\n- md5: a304afb96060aad90176268345e10355\n  path: taxi-fare-train.csv\n") });

        // ---- across methods, members and files: flagged ----

        [Fact]
        public Task Path_built_by_the_samples_helper_from_static_fields_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private static string BaseDatasetsRelativePath = @""../../../../Data"";
    private static string TrainDataRelativePath = $""{BaseDatasetsRelativePath}/taxi-fare-train.csv"";
    private static string TrainDataPath = GetAbsolutePath(TrainDataRelativePath);

    IDataView Load(MLContext ml)
    {
        ml.Data.LoadFromTextFile<Trip>({|#1:GetAbsolutePath(""Data/test.csv"")|}, separatorChar: ',');
        return ml.Data.LoadFromTextFile<Trip>({|#0:TrainDataPath|}, separatorChar: ',', hasHeader: true);
    }
" + GetAbsolutePathHelper + @"
}" + Types,
            Unversioned(0, "<assembly folder>/../../../../Data/taxi-fare-train.csv"),
            Unversioned(1, "<assembly folder>/Data/test.csv"));

        [Fact]
        public Task Model_Builder_static_field_and_static_constructor_are_flagged() => Verify.VerifyAsync(Usings + @"
public static class ModelBuilder
{
    private static string TRAIN_DATA_FILEPATH = @""Data\sentiment.tsv"";
    private static readonly string TEST_DATA_FILEPATH;
    private static string ValidationPath => Path.Combine(AppContext.BaseDirectory, ""Data"", ""valid.tsv"");
    private static string HoldoutPath { get; } = ""Data/holdout.tsv"";

    static ModelBuilder()
    {
        TEST_DATA_FILEPATH = Path.Combine(""Data"", ""test.tsv"");
    }

    public static void CreateModel(MLContext mlContext)
    {
        mlContext.Data.LoadFromTextFile<Trip>({|#0:TRAIN_DATA_FILEPATH|}, hasHeader: true);
        mlContext.Data.LoadFromTextFile<Trip>({|#1:TEST_DATA_FILEPATH|}, hasHeader: true);
        mlContext.Data.LoadFromTextFile<Trip>({|#2:ValidationPath|}, hasHeader: true);
        mlContext.Data.LoadFromTextFile<Trip>({|#3:HoldoutPath|}, hasHeader: true);
    }
}" + Types,
            Unversioned(0, @"Data\sentiment.tsv"),
            Unversioned(1, "Data/test.tsv"),
            Unversioned(2, "<AppContext.BaseDirectory>/Data/valid.tsv"),
            Unversioned(3, "Data/holdout.tsv"));

        [Fact]
        public Task Interpolated_path_and_loader_Load_are_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private static readonly string Base = Path.Combine(AppContext.BaseDirectory, ""Data"");

    void M(MLContext ml)
    {
        ml.Data.LoadFromTextFile<Trip>({|#0:$""{Base}/taxi-train.csv""|}, separatorChar: ',');
        var loader = ml.Data.CreateTextLoader<Trip>(separatorChar: ',', hasHeader: true);
        loader.Load({|#1:""Data/train.csv""|}, {|#2:$""{Base}/extra.csv""|});
        ml.Data.CreateTextLoader<Trip>(separatorChar: ',').Load({|#3:""Data/test.csv""|});
    }
}" + Types,
            Unversioned(0, "<AppContext.BaseDirectory>/Data/taxi-train.csv"),
            Unversioned(1, "Data/train.csv"),
            Unversioned(2, "<AppContext.BaseDirectory>/Data/extra.csv"),
            Unversioned(3, "Data/test.csv"));

        [Fact]
        public Task Helper_and_field_in_another_file_and_a_local_function_are_flagged()
        {
            var test = Verify.CreateTest(Usings + @"
class C
{
    void M(MLContext ml)
    {
        ml.Data.LoadFromTextFile<Trip>({|#0:Paths.Under(Paths.DataFolder, ""train.csv"")|}, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>({|#1:Local(""test.csv"")|}, separatorChar: ',');

        static string Local(string name) => Path.Combine(""Data"", name);
    }
}" + Types,
                Unversioned(0, "<AppContext.BaseDirectory>/Data/train.csv"),
                Unversioned(1, "Data/test.csv"));
            test.TestState.Sources.Add(("Paths.cs", @"
using System;
using System.IO;

static class Paths
{
    public static string DataFolder = ""Data"";
    public static string Under(string folder, string file) => Path.Combine(AppContext.BaseDirectory, folder, file);
}"));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Incomplete_helpers_and_fields_do_not_crash() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    private static string Broken = Path.Combine(""Data"", ;
    private static string Missing = Unknown.Folder + ""/x.csv"";
    static string Helper(string name) => Path.Combine(""Data"", name
    static string NoBody(string name);
    partial static string Half(string name);

    void M(MLContext ml)
    {
        ml.Data.LoadFromTextFile<Trip>(Broken, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(Missing, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(Helper(""x.csv""), separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(NoBody(""x.csv""), separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(Half(""x.csv""), separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(Nowhere(""x.csv""), separatorChar: ',');
        ml.Data.CreateTextLoader<Trip>(separatorChar: ',').Load(;
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
