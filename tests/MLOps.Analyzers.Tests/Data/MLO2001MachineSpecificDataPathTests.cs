using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Data.MachineSpecificDataPathAnalyzer>;

namespace MLOps.Analyzers.Tests.Data
{
    public class MLO2001MachineSpecificDataPathTests
    {
        private const string Usings = @"
using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Fare { get; set; } }";

        private static Microsoft.CodeAnalysis.Testing.DiagnosticResult MachineSpecific(int markup, string path) =>
            Verify.Diagnostic("MLO2001").WithLocation(markup).WithArguments(path);

        // ---- flagged ----

        [Fact]
        public Task Windows_drive_path_in_LoadFromTextFile_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>({|#0:@""C:\Users\ana\Downloads\taxi-fare-train.csv""|}, separatorChar: ',', hasHeader: true);
}" + Types, MachineSpecific(0, @"C:\Users\ana\Downloads\taxi-fare-train.csv"));

        [Fact]
        public Task Home_directory_constant_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private const string DataPath = ""/home/ana/data/taxi.csv"";

    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>({|#0:DataPath|}, separatorChar: ',');
}" + Types, MachineSpecific(0, "/home/ana/data/taxi.csv"));

        [Fact]
        public Task Local_initialised_with_Path_Combine_of_a_macOS_home_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml)
    {
        var path = Path.Combine(""/Users/ana/projects"", ""data"", ""train.bin"");
        return ml.Data.LoadFromBinary({|#0:path|});
    }
}", MachineSpecific(0, "/Users/ana/projects/data/train.bin"));

        [Fact]
        public Task Network_share_in_LoadFromSvmLightFile_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromSvmLightFile({|#0:@""\\fileserver\ml\train.svm""|});
}", MachineSpecific(0, @"\\fileserver\ml\train.svm"));

        [Fact]
        public Task Tilde_path_in_MultiFileSource_for_TextLoader_Load_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml)
    {
        var loader = ml.Data.CreateTextLoader<Trip>(separatorChar: ',');
        return loader.Load(new MultiFileSource({|#0:""~/data/taxi.csv""|}));
    }
}" + Types, MachineSpecific(0, "~/data/taxi.csv"));

        [Fact]
        public Task Model_Save_and_Load_to_a_mounted_drive_are_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private static readonly string ModelPath = ""/mnt/c/models/"" + ""fare.zip"";

    void M(MLContext ml, ITransformer model, IDataView data)
    {
        ml.Model.Save(model, data.Schema, {|#0:ModelPath|});
        var loaded = ml.Model.Load({|#1:@""D:/models/fare.zip""|}, out var schema);
    }
}", MachineSpecific(0, "/mnt/c/models/fare.zip"), MachineSpecific(1, "D:/models/fare.zip"));

        [Fact]
        public Task Interpolation_with_a_literal_machine_root_is_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml, string month) => ml.Data.LoadFromTextFile<Trip>({|#0:$@""C:\data\taxi-{month}.csv""|}, separatorChar: ',');
}" + Types, MachineSpecific(0, @"C:\data\taxi-{month}.csv"));

        // ---- not flagged ----

        [Fact]
        public Task Relative_paths_and_paths_under_the_output_directory_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView data)
    {
        ml.Data.LoadFromTextFile<Trip>(""Data/taxi.csv"", separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(Path.Combine(AppContext.BaseDirectory, ""Data"", ""taxi.csv""), separatorChar: ',');
        ml.Model.Save(model, data.Schema, Path.Combine(Environment.CurrentDirectory, ""model.zip""));
    }
}" + Types);

        [Fact]
        public Task Paths_from_parameters_configuration_and_environment_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, string dataPath)
    {
        ml.Data.LoadFromTextFile<Trip>(dataPath, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(Environment.GetEnvironmentVariable(""TRAIN_DATA"") ?? ""taxi.csv"", separatorChar: ',');
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        ml.Data.LoadFromTextFile<Trip>(Path.Combine(home, ""taxi.csv""), separatorChar: ',');
    }
}" + Types);

        [Fact]
        public Task Interpolation_with_a_computed_root_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml, string root) => ml.Data.LoadFromTextFile<Trip>($""{root}/home/taxi.csv"", separatorChar: ',');
}" + Types);

        [Fact]
        public Task Path_Combine_with_a_computed_later_part_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    // The second part may itself be rooted, and then Path.Combine drops C:\data.
    IDataView Load(MLContext ml, string file) => ml.Data.LoadFromTextFile<Trip>(Path.Combine(@""C:\data"", file), separatorChar: ',');
}" + Types);

        [Fact]
        public Task Temp_and_container_paths_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, IDataView data)
    {
        ml.Data.LoadFromTextFile<Trip>(""/tmp/taxi.csv"", separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(""/app/data/taxi.csv"", separatorChar: ',');
        ml.Model.Save(model, data.Schema, ""/models/fare.zip"");
    }
}" + Types);

        [Fact]
        public Task Absolute_paths_outside_ML_NET_calls_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    string[] M() => File.ReadAllLines(@""C:\Users\ana\notes.txt"");
}");

        // ---- across methods, members and files ----

        [Fact]
        public Task Helpers_and_fields_that_may_hold_another_path_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private static string TrainPath = @""C:\data\train.csv"";
    private static string Root = Environment.GetEnvironmentVariable(""DATA"") ?? ""."";

    static void Main(string[] args) { if (args.Length > 0) TrainPath = args[0]; }

    static string UnderRoot(string file) => Path.Combine(Root, file);
    static string Pick(bool local) { if (local) return @""C:\data\x.csv""; return ""/srv/x.csv""; }
    static string GetAbsolutePath(string relativePath) => Path.Combine(AppContext.BaseDirectory, relativePath);

    void M(MLContext ml, string file)
    {
        ml.Data.LoadFromTextFile<Trip>(TrainPath, separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(UnderRoot(""train.csv""), separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(Pick(true), separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(GetAbsolutePath(""../../../Data/train.csv""), separatorChar: ',');
        ml.Data.LoadFromTextFile<Trip>(GetAbsolutePath(file), separatorChar: ',');
        ml.Data.CreateTextLoader<Trip>(separatorChar: ',').Load(GetAbsolutePath(""Data/test.csv""));
    }
}" + Types);

        [Fact]
        public Task Model_Builder_field_helper_argument_and_loader_Load_are_flagged() => Verify.VerifyAsync(Usings + @"
public static class ModelBuilder
{
    private static string TRAIN_DATA_FILEPATH = @""C:\Users\ana\source\repos\Sentiment\yelp_labelled.txt"";
    private static string MODEL_FILEPATH = @""C:\Users\ana\source\repos\Sentiment\MLModel.zip"";

    static string GetAbsolutePath(string relativePath) => Path.Combine(AppContext.BaseDirectory, relativePath);

    public static void CreateModel(MLContext ml, ITransformer model)
    {
        IDataView data = ml.Data.LoadFromTextFile<Trip>({|#0:TRAIN_DATA_FILEPATH|}, hasHeader: true);
        ml.Model.Save(model, data.Schema, {|#1:MODEL_FILEPATH|});
        ml.Data.LoadFromTextFile<Trip>({|#2:GetAbsolutePath(@""D:\datasets\taxi.csv"")|}, separatorChar: ',');
        ml.Data.CreateTextLoader<Trip>(separatorChar: ',').Load({|#3:$""/home/ana/{""taxi""}.csv""|});
    }
}" + Types,
            MachineSpecific(0, @"C:\Users\ana\source\repos\Sentiment\yelp_labelled.txt"),
            MachineSpecific(1, @"C:\Users\ana\source\repos\Sentiment\MLModel.zip"),
            MachineSpecific(2, @"D:\datasets\taxi.csv"),
            MachineSpecific(3, "/home/ana/taxi.csv"));

        [Fact]
        public Task Incomplete_code_does_not_crash() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    IDataView Load(MLContext ml) => ml.Data.LoadFromTextFile<Trip>(@""C:\data\"" + , );
    void N(MLContext ml) => ml.Model.Load(
}");

        [Fact]
        public Task Without_ML_NET_nothing_is_reported() => Verify.VerifyWithoutMLNetAsync(@"
class C
{
    string M() => System.IO.File.ReadAllText(@""C:\data\taxi.csv"");
}");
    }
}
