using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Data.UnversionedDataFileAnalyzer>;

namespace MLOps.Analyzers.Tests.Data
{
    /// <summary>
    /// MLO2002 on a path that reaches the loader through a parameter of the loading method (the samples'
    /// <c>BuildAndTrainModel(DataSetLocation, ...)</c>): what each call of the method in the compilation passes is judged,
    /// and the finding goes on that argument (or on the call, for a default value the call leaves out).
    /// </summary>
    public class MLO2002PathParameterTests
    {
        private const string Usings = @"
using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Fare { get; set; } }";

        private static DiagnosticResult Unversioned(int markup, string path) =>
            Verify.Diagnostic("MLO2002").WithLocation(markup).WithArguments(path);

        // ---- look-alikes: not flagged ----

        [Fact]
        public Task Parameter_reassigned_passed_by_reference_or_of_a_lambda_is_not_followed() => Verify.VerifyAsync(Usings + @"
class C
{
    void Main(MLContext ml)
    {
        Reassigned(ml, ""data/a.csv"");
        var path = ""data/b.csv"";
        ByRef(ml, ref path);
        Func<string, IDataView> load = p => ml.Data.LoadFromTextFile<Trip>(p, separatorChar: ',');
        load(""data/c.csv"");
    }

    static IDataView Reassigned(MLContext ml, string path)
    {
        path = Path.Combine(Environment.GetEnvironmentVariable(""DATA"") ?? ""."", path);
        return ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',');
    }

    static IDataView ByRef(MLContext ml, ref string path) => ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',');
}" + Types);

        [Fact]
        public Task Virtual_override_and_interface_methods_are_not_followed() => Verify.VerifyAsync(Usings + @"
interface ILoader
{
    IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',');
}

class Base
{
    public virtual IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',');
}

class Derived : Base, ILoader
{
    public override IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',', hasHeader: true);

    void Main(MLContext ml, ILoader loader)
    {
        Load(ml, ""data/a.csv"");
        base.Load(ml, ""data/b.csv"");
        loader.Load(ml, ""data/c.csv"");
    }
}" + Types);

        [Fact]
        public Task File_the_caller_or_the_helper_writes_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Main(MLContext ml, IDataView data)
    {
        File.WriteAllText(""data/written.csv"", ""1,2"");
        LoadIt(ml, ""data/written.csv"");
        SaveThenLoad(ml, data, ""data/roundtrip.csv"");
    }

    static IDataView LoadIt(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',');

    static IDataView SaveThenLoad(MLContext ml, IDataView data, string path)
    {
        using (var stream = File.Create(path))
            ml.Data.SaveAsText(data, stream, separatorChar: ',');
        return ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',');
    }
}" + Types);

        [Fact]
        public Task File_pinned_by_dvc_or_versioned_at_the_call_is_not_flagged()
        {
            var test = Verify.CreateTest(Usings + @"
class C
{
    void Main(MLContext ml)
    {
        LoadIt(ml, @""Data\taxi.csv"");
        LoadIt(ml, ""Data/v3/taxi.csv"");
    }

    static IDataView LoadIt(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',');
}" + Types);
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.MSBuildProjectDirectory = /repo/src/Taxi\n"));
            test.TestState.AdditionalFiles.Add(("/repo/src/Taxi/Data/taxi.csv.dvc", "outs:\n- md5: a304afb96060aad90176268345e10355\n  path: taxi.csv\n"));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Computed_absolute_or_recursive_arguments_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    static void Main(string[] args)
    {
        var ml = new MLContext();
        LoadIt(ml, args[0]);
        LoadIt(ml, Console.ReadLine());
        LoadIt(ml, ""/srv/data/taxi.csv"");
        LoadIt(ml, $""Data/{Environment.GetEnvironmentVariable(""SPLIT"")}.csv"");
        Retry(ml, args[1], 3);
    }

    static IDataView LoadIt(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',');

    static IDataView Retry(MLContext ml, string path, int attempts) =>
        attempts == 0 ? ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',') : Retry(ml, path, attempts - 1);
}" + Types);

        [Fact]
        public Task Incomplete_code_does_not_crash() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void Main(MLContext ml)
    {
        LoadIt(ml, Unknown.Path);
        LoadIt(ml, );
        NoBody(ml, ""data/a.csv"");
        Missing(ml, ""data/b.csv"");
    }

    static IDataView LoadIt(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',');
    static IDataView NoBody(MLContext ml, string path);
    static IDataView Broken(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path, ;
}" + Types);

        // ---- flagged: at each call that passes a path the rule flags inline ----

        [Fact]
        public Task Static_field_literal_and_samples_helper_at_the_calls_are_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private static readonly string DataSetLocation = ""Data/wikiDetoxAnnotated.tsv"";

    static void Main()
    {
        var ml = new MLContext();
        BuildAndTrainModel(ml, {|#0:DataSetLocation|});
        BuildAndTrainModel(ml, {|#1:""Data/train.csv""|});
        BuildAndTrainModel(ml, {|#2:GetAbsolutePath(""Data/test.csv"")|});
    }

    static void BuildAndTrainModel(MLContext ml, string dataSetLocation)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(dataSetLocation, separatorChar: ',', hasHeader: true);
        var again = ml.Data.LoadFromTextFile<Trip>(dataSetLocation, separatorChar: ',');
    }

    public static string GetAbsolutePath(string relativePath)
    {
        FileInfo _dataRoot = new FileInfo(typeof(C).Assembly.Location);
        string assemblyFolderPath = _dataRoot.Directory.FullName;
        return Path.Combine(assemblyFolderPath, relativePath);
    }
}" + Types,
            Unversioned(0, "Data/wikiDetoxAnnotated.tsv"),
            Unversioned(1, "Data/train.csv"),
            Unversioned(2, "<assembly folder>/Data/test.csv"));

        [Fact]
        public Task Default_value_and_one_known_call_of_two_are_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    static void Main(string[] args)
    {
        var ml = new MLContext();
        {|#0:LoadDefault(ml)|};
        LoadDefault(ml, args[0]);
        LoadDefault(ml, {|#1:""Data/other.csv""|});
        Retry(ml, {|#2:""Data/retry.csv""|}, 3);
        Local({|#3:""Data/local.csv""|});

        IDataView Local(string file) => ml.Data.LoadFromTextFile<Trip>(file, separatorChar: ',');
    }

    static IDataView LoadDefault(MLContext ml, string path = ""Data/default.csv"") => ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',');

    static IDataView Retry(MLContext ml, string path, int attempts) =>
        attempts == 0 ? ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',') : Retry(ml, path, attempts - 1);
}" + Types,
            Unversioned(0, "Data/default.csv"),
            Unversioned(1, "Data/other.csv"),
            Unversioned(2, "Data/retry.csv"),
            Unversioned(3, "Data/local.csv"));

        [Fact]
        public Task Call_in_another_file_is_flagged_there()
        {
            var test = Verify.CreateTest(Usings + @"
public static class Trainer
{
    public static IDataView Load(MLContext ml, string path) => ml.Data.LoadFromTextFile<Trip>(path, separatorChar: ',');
}" + Types);
            test.TestState.Sources.Add(("Program.cs", @"
using Microsoft.ML;

static class Program
{
    static void Main(string[] args)
    {
        Trainer.Load(new MLContext(), {|#0:""Data/taxi-fare-train.csv""|});
        Trainer.Load(new MLContext(), args[0]);
    }
}"));
            test.ExpectedDiagnostics.Add(Unversioned(0, "Data/taxi-fare-train.csv"));
            return test.RunAsync(CancellationToken.None);
        }
    }
}
