using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Serving.ModelOverwrittenInPlaceAnalyzer>;

namespace MLOps.Analyzers.Tests.Serving
{
    /// <summary>
    /// MLO4006 on a path that reaches <c>Model.Save</c> through a parameter of the saving method (the samples'
    /// <c>SaveModel(ml, model, SpikeModelPath, ...)</c>): what each call of the method in the compilation passes is judged,
    /// and the finding goes on that argument (or on the call, for a default value the call leaves out).
    /// </summary>
    public class MLO4006PathParameterTests
    {
        private const string Usings = @"
using System;
using System.IO;
using Microsoft.ML;
";

        private static DiagnosticResult Overwritten(int markup, string path) =>
            Verify.Diagnostic("MLO4006").WithLocation(markup).WithArguments(path);

        // ---- look-alikes: not flagged ----

        [Fact]
        public Task Parameter_reassigned_passed_by_reference_or_of_a_lambda_is_not_followed() => Verify.VerifyAsync(Usings + @"
class C
{
    void Main(MLContext ml, ITransformer model, IDataView data)
    {
        Reassigned(ml, model, data, ""model.zip"");
        var path = ""model.zip"";
        ByRef(ml, model, data, ref path);
        Action<string> save = p => ml.Model.Save(model, data.Schema, p);
        save(""model.zip"");
    }

    static void Reassigned(MLContext ml, ITransformer model, IDataView data, string path)
    {
        path = path.Replace("".zip"", $""-{DateTime.UtcNow:yyyyMMddHHmmss}.zip"");
        ml.Model.Save(model, data.Schema, path);
    }

    static void ByRef(MLContext ml, ITransformer model, IDataView data, ref string path) => ml.Model.Save(model, data.Schema, path);
}");

        [Fact]
        public Task Virtual_override_and_interface_methods_are_not_followed() => Verify.VerifyAsync(Usings + @"
interface ISaver
{
    void Save(MLContext ml, ITransformer model, IDataView data, string path) => ml.Model.Save(model, data.Schema, path);
}

abstract class Base
{
    public virtual void Save(MLContext ml, ITransformer model, IDataView data, string path) => ml.Model.Save(model, data.Schema, path);
}

class Derived : Base, ISaver
{
    public override void Save(MLContext ml, ITransformer model, IDataView data, string path) => ml.Model.Save(model, data.Schema, path);

    void Main(MLContext ml, ITransformer model, IDataView data, ISaver saver)
    {
        Save(ml, model, data, ""a.zip"");
        base.Save(ml, model, data, ""b.zip"");
        saver.Save(ml, model, data, ""c.zip"");
    }
}");

        [Fact]
        public Task Model_archived_by_the_caller_or_the_helper_or_versioned_at_the_call_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Main(MLContext ml, ITransformer model, IDataView data)
    {
        File.Copy(""model.zip"", $""model-{DateTime.UtcNow:yyyyMMdd}.zip"", true);
        SaveModel(ml, model, data, ""model.zip"");
        SaveWithBackup(ml, model, data, ""served.zip"");
        SaveModel(ml, model, data, ""models/v3/model.zip"");
    }

    static void SaveModel(MLContext ml, ITransformer model, IDataView data, string modelPath) => ml.Model.Save(model, data.Schema, modelPath);

    static void SaveWithBackup(MLContext ml, ITransformer model, IDataView data, string modelPath)
    {
        if (File.Exists(modelPath))
            File.Move(modelPath, modelPath + "".bak"", true);
        ml.Model.Save(model, data.Schema, modelPath);
    }
}");

        [Fact]
        public Task Computed_or_recursive_arguments_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    static void Main(string[] args)
    {
        var ml = new MLContext();
        ITransformer model = null;
        IDataView data = null;
        SaveModel(ml, model, data, args[0]);
        SaveModel(ml, model, data, $""models/model-{Guid.NewGuid()}.zip"");
        SaveModel(ml, model, data, Environment.GetEnvironmentVariable(""MODEL_PATH""));
        Retry(ml, model, data, args[1], 3);
    }

    static void SaveModel(MLContext ml, ITransformer model, IDataView data, string modelPath) => ml.Model.Save(model, data.Schema, modelPath);

    static void Retry(MLContext ml, ITransformer model, IDataView data, string path, int attempts)
    {
        if (attempts == 0) ml.Model.Save(model, data.Schema, path);
        else Retry(ml, model, data, path, attempts - 1);
    }
}");

        [Fact]
        public Task Incomplete_code_does_not_crash() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void Main(MLContext ml, ITransformer model, IDataView data)
    {
        SaveModel(ml, model, data, Unknown.Path);
        SaveModel(ml, model, data, );
        NoBody(ml, model, data, ""a.zip"");
        Missing(ml, model, data, ""b.zip"");
    }

    static void SaveModel(MLContext ml, ITransformer model, IDataView data, string modelPath) => ml.Model.Save(model, data.Schema, modelPath);
    static void NoBody(MLContext ml, ITransformer model, IDataView data, string modelPath);
    static void Broken(MLContext ml, ITransformer model, IDataView data, string modelPath) => ml.Model.Save(model, data.Schema, modelPath, ;
}");

        // ---- flagged: at each call that passes a path the rule flags inline ----

        [Fact]
        public Task Static_fields_literal_and_helper_result_at_the_calls_are_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private static readonly string ModelPath = Path.Combine(Environment.CurrentDirectory, ""MLModels"", ""SentimentModel.zip"");
    private static string SpikeModelPath = GetAbsolutePath(""MLModels/ProductSalesSpikeModel.zip"");

    static void Main()
    {
        var ml = new MLContext();
        ITransformer model = null;
        IDataView data = null;
        BuildAndTrainModel(ml, model, data, {|#0:ModelPath|});
        SaveModel(ml, model, data, {|#1:SpikeModelPath|});
        SaveModel(ml, model, data, {|#2:""model.zip""|});
    }

    static void BuildAndTrainModel(MLContext ml, ITransformer model, IDataView data, string modelPath)
    {
        ml.Model.Save(model, data.Schema, modelPath);
        ml.Model.Save(model, data.Schema, modelPath);
    }

    static void SaveModel(MLContext ml, ITransformer model, IDataView data, string modelPath) => ml.Model.Save(model, data.Schema, modelPath);

    public static string GetAbsolutePath(string relativePath)
    {
        FileInfo _dataRoot = new FileInfo(typeof(C).Assembly.Location);
        string assemblyFolderPath = _dataRoot.Directory.FullName;
        return Path.Combine(assemblyFolderPath, relativePath);
    }
}",
            Overwritten(0, "<Environment.CurrentDirectory>/MLModels/SentimentModel.zip"),
            Overwritten(1, "<assembly folder>/MLModels/ProductSalesSpikeModel.zip"),
            Overwritten(2, "model.zip"));

        [Fact]
        public Task Default_value_and_one_known_call_of_two_are_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    static void Main(string[] args)
    {
        var ml = new MLContext();
        ITransformer model = null;
        IDataView data = null;
        {|#0:SaveModelAsFile(ml, model, data)|};
        SaveModelAsFile(ml, model, data, args[0]);
        SaveModelAsFile(ml, model, data, outputModelPath: {|#1:""other.zip""|});
        Local({|#2:""local.zip""|});

        void Local(string path) => ml.Model.Save(model, data.Schema, path);
    }

    static void SaveModelAsFile(MLContext ml, ITransformer model, IDataView data, string outputModelPath = ""product_month_fastTreeTweedie.zip"")
    {
        ml.Model.Save(model, data.Schema, outputModelPath);
    }
}",
            Overwritten(0, "product_month_fastTreeTweedie.zip"),
            Overwritten(1, "other.zip"),
            Overwritten(2, "local.zip"));

        [Fact]
        public Task Call_in_another_file_is_flagged_there()
        {
            var test = Verify.CreateTest(Usings + @"
public static class Trainer
{
    public static void Save(MLContext ml, ITransformer model, IDataView data, string modelPath) => ml.Model.Save(model, data.Schema, modelPath);
}");
            test.TestState.Sources.Add(("Program.cs", @"
using Microsoft.ML;

static class Program
{
    static void Main(string[] args)
    {
        Trainer.Save(new MLContext(), null, null, {|#0:""MLModels/model.zip""|});
        Trainer.Save(new MLContext(), null, null, args[0]);
    }
}"));
            test.ExpectedDiagnostics.Add(Overwritten(0, "MLModels/model.zip"));
            return test.RunAsync(CancellationToken.None);
        }
    }
}
