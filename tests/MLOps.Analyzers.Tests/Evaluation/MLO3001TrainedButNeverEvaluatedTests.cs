using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Evaluation.TrainedButNeverEvaluatedAnalyzer>;

namespace MLOps.Analyzers.Tests.Evaluation
{
    /// <summary>MLO3001 is a compilation-end rule: each test's source is the whole project.</summary>
    public class MLO3001TrainedButNeverEvaluatedTests
    {
        private const string Usings = @"
using System;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { public float Distance { get; set; } public float Fare { get; set; } }
public class FarePrediction { [ColumnName(""Score"")] public float Fare { get; set; } }";

        // ---- flagged ----

        [Fact]
        public Task Trained_and_saved_without_any_evaluation() => Verify.VerifyAsync(Usings + @"
class Training
{
    void Run(string dataPath, string modelPath)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTextFile<Trip>(dataPath, separatorChar: ',', hasHeader: true);
        var pipeline = ml.Transforms.Concatenate(""Features"", nameof(Trip.Distance))
            .Append(ml.Regression.Trainers.FastTree(labelColumnName: nameof(Trip.Fare)));
        var model = {|#0:pipeline.Fit(data)|};
        ml.Model.Save(model, data.Schema, modelPath);
    }
}" + Types, Verify.Diagnostic("MLO3001").WithLocation(0).WithArguments("saved"));

        [Fact]
        public Task Trained_and_used_for_predictions_without_any_evaluation() => Verify.VerifyAsync(Usings + @"
class Training
{
    float Run(MLContext ml, IDataView data, Trip trip)
    {
        var pipeline = ml.Transforms.Concatenate(""Features"", nameof(Trip.Distance))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(Trip.Fare)));
        var model = {|#0:pipeline.Fit(data)|};
        var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
        return engine.Predict(trip).Fare;
    }
}" + Types, Verify.Diagnostic("MLO3001").WithLocation(0).WithArguments("used for predictions"));

        [Fact]
        public Task Trainer_fitted_on_its_own_and_saved_directly() => Verify.VerifyAsync(Usings + @"
class Training
{
    void Run(MLContext ml, IDataView features, string modelPath) =>
        ml.Model.Save({|#0:ml.Regression.Trainers.Sdca(labelColumnName: ""Fare"").Fit(features)|}, features.Schema, modelPath);
}" + Types, Verify.Diagnostic("MLO3001").WithLocation(0).WithArguments("saved"));

        [Fact]
        public Task Pipeline_built_by_a_helper_method() => Verify.VerifyAsync(Usings + @"
class Training
{
    void Run(MLContext ml, IDataView data, string modelPath)
    {
        var model = {|#0:BuildPipeline(ml).Fit(data)|};
        ml.Model.Save(model, data.Schema, modelPath);
    }

    private static IEstimator<ITransformer> BuildPipeline(MLContext ml) =>
        ml.Transforms.Concatenate(""Features"", nameof(Trip.Distance))
            .Append(ml.Regression.Trainers.FastForest(labelColumnName: nameof(Trip.Fare)));
}" + Types, Verify.Diagnostic("MLO3001").WithLocation(0).WithArguments("saved"));

        // ---- not flagged ----

        [Fact]
        public Task Evaluation_anywhere_in_the_project_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Training
{
    void Run(MLContext ml, IDataView train, string modelPath)
    {
        var model = ml.Regression.Trainers.FastTree(labelColumnName: nameof(Trip.Fare)).Fit(train);
        ml.Model.Save(model, train.Schema, modelPath);
    }
}

// Which model an evaluation measures is beyond what the analyzer follows: any evaluation silences the rule.
class Evaluation
{
    double Check(MLContext ml, ITransformer model, IDataView test) =>
        ml.Regression.Evaluate(model.Transform(test), labelColumnName: nameof(Trip.Fare)).RSquared;
}" + Types);

        [Fact]
        public Task Cross_validation_or_feature_importance_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Training
{
    void Run(MLContext ml, IDataView data, string modelPath)
    {
        var trainer = ml.Regression.Trainers.Sdca(labelColumnName: nameof(Trip.Fare));
        var folds = ml.Regression.CrossValidate(data, trainer, labelColumnName: nameof(Trip.Fare));
        Console.WriteLine(folds.Count);
        var model = trainer.Fit(data);
        ml.Model.Save(model, data.Schema, modelPath);
    }
}

class Explain
{
    void Run(MLContext ml, IDataView data)
    {
        var model = ml.Regression.Trainers.Sdca().Fit(data);
        Console.WriteLine(ml.Regression.PermutationFeatureImportance(model, data).Length);
        ml.Model.Save(model, data.Schema, ""model.zip"");
    }
}" + Types);

        [Fact]
        public Task Trained_and_returned_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Training
{
    // The caller may evaluate the model, in this project or another one.
    public static ITransformer Train(MLContext ml, IDataView data, string modelPath)
    {
        var model = ml.Regression.Trainers.FastTree(labelColumnName: nameof(Trip.Fare)).Fit(data);
        ml.Model.Save(model, data.Schema, modelPath);
        return model;
    }
}" + Types);

        [Fact]
        public Task Model_stored_or_passed_outside_MLNet_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Training
{
    private ITransformer _model;

    void Stored(MLContext ml, IDataView data)
    {
        _model = ml.Regression.Trainers.FastTree(labelColumnName: nameof(Trip.Fare)).Fit(data);
        ml.Model.Save(_model, data.Schema, ""model.zip"");
    }

    void Passed(MLContext ml, IDataView data, Action<ITransformer> publish)
    {
        var model = ml.Regression.Trainers.FastTree(labelColumnName: nameof(Trip.Fare)).Fit(data);
        ml.Model.Save(model, data.Schema, ""model.zip"");
        publish(model);
    }
}" + Types);

        [Fact]
        public Task Pipeline_without_a_trainer_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Featurization
{
    void Run(MLContext ml, IDataView data, string path)
    {
        var featurizer = ml.Transforms.Concatenate(""Features"", nameof(Trip.Distance))
            .Append(ml.Transforms.NormalizeMinMax(""Features""));
        ml.Model.Save(featurizer.Fit(data), data.Schema, path);
    }
}" + Types);

        [Fact]
        public Task Estimator_from_a_parameter_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Training
{
    void Run(MLContext ml, IEstimator<ITransformer> pipeline, IDataView data, string path) =>
        ml.Model.Save(pipeline.Fit(data), data.Schema, path);
}" + Types);

        [Fact]
        public Task Trained_model_neither_saved_nor_used_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Training
{
    void Run(MLContext ml, IDataView data)
    {
        var model = ml.Regression.Trainers.Sdca(labelColumnName: nameof(Trip.Fare)).Fit(data);
        Console.WriteLine(model.GetOutputSchema(data.Schema).Count);
    }
}" + Types);

        // ---- the model followed into helpers: not flagged (look-alikes first) ----

        /// <summary>The ONNX export of Microsoft.ML.OnnxConverter (not referenced by the tests): the same namespace, type and signature.</summary>
        private const string OnnxExport = @"
namespace Microsoft.ML
{
    public static class OnnxExportExtensions
    {
        public static void ConvertToOnnx(this ModelOperationsCatalog catalog, ITransformer transform, IDataView inputData, System.IO.Stream stream) { }
    }
}";

        [Fact]
        public Task Model_evaluated_in_a_helper_it_is_passed_to_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Training
{
    void Run(MLContext ml, IDataView train, IDataView test)
    {
        var model = ml.Regression.Trainers.FastTree(labelColumnName: nameof(Trip.Fare)).Fit(train);
        PrintMetrics(ml, model, test);
        ml.Model.Save(model, train.Schema, ""model.zip"");
    }

    static void PrintMetrics(MLContext ml, ITransformer trained, IDataView test)
    {
        var predictions = trained.Transform(test);
        var metrics = ml.Regression.Evaluate(predictions, labelColumnName: nameof(Trip.Fare));
        Console.WriteLine(metrics.RSquared);
    }
}" + Types);

        [Fact]
        public Task Evaluated_then_refitted_on_all_data_or_exported_is_not_flagged() => Verify.VerifyAsync(Usings + @"
using System.IO;

class Training
{
    void Evaluate(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        var model = ml.Regression.Trainers.Sdca(labelColumnName: nameof(Trip.Fare)).Fit(split.TrainSet);
        var predictions = model.Transform(split.TestSet);
        Console.WriteLine(ml.Regression.Evaluate(predictions, labelColumnName: nameof(Trip.Fare)).RSquared);
        using var stream = File.Create(""model.onnx"");
        ml.Model.ConvertToOnnx(model, split.TrainSet, stream);
    }

    // The same trainer, evaluated above, refitted on all the data before shipping.
    void TrainFinal(MLContext ml, IDataView data)
    {
        var final = ml.Regression.Trainers.Sdca(labelColumnName: nameof(Trip.Fare)).Fit(data);
        ml.Model.Save(final, data.Schema, ""model.zip"");
    }
}" + Types + OnnxExport);

        [Fact]
        public Task Model_evaluated_after_loading_it_from_a_file_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Training
{
    void Train(MLContext ml, IDataView data, IDataView test)
    {
        var other = ml.BinaryClassification.Trainers.FastTree().Fit(data);
        Console.WriteLine(ml.BinaryClassification.Evaluate(other.Transform(test)).Accuracy);
        var model = ml.Regression.Trainers.FastTree(labelColumnName: nameof(Trip.Fare)).Fit(data);
        ml.Model.Save(model, data.Schema, ""model.zip"");
    }

    // Which model was saved to model.zip is beyond the analyzer: this evaluation may measure any of them.
    void Test(MLContext ml, IDataView test)
    {
        var loaded = ml.Model.Load(""model.zip"", out var schema);
        Console.WriteLine(ml.Regression.Evaluate(loaded.Transform(test), labelColumnName: nameof(Trip.Fare)).RSquared);
    }
}" + Types);

        [Fact]
        public Task Model_given_to_a_helper_that_lets_it_leave_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Training
{
    private static ITransformer _current;

    void Run(MLContext ml, IDataView data)
    {
        var model = ml.Regression.Trainers.FastTree(labelColumnName: nameof(Trip.Fare)).Fit(data);
        ml.Model.Save(model, data.Schema, ""model.zip"");
        Publish(model);
        Overridable(model);
    }

    static void Publish(ITransformer model) => _current = model;
    protected virtual void Overridable(ITransformer model) { }
}" + Types);

        // ---- the model followed into helpers: flagged ----

        [Fact]
        public Task Model_exported_to_ONNX_without_evaluation_is_flagged() => Verify.VerifyAsync(Usings + @"
using System.IO;

class Training
{
    void Run(MLContext ml, IDataView data)
    {
        var model = {|#0:ml.Regression.Trainers.Sdca(labelColumnName: nameof(Trip.Fare)).Fit(data)|};
        using var stream = File.Create(""model.onnx"");
        ml.Model.ConvertToOnnx(model, data, stream);
    }
}" + Types + OnnxExport, Verify.Diagnostic("MLO3001").WithLocation(0).WithArguments("saved"));

        [Fact]
        public Task Model_saved_or_served_by_helpers_and_local_functions_is_flagged() => Verify.VerifyAsync(Usings + @"
class Training
{
    void Run(MLContext ml, IDataView data)
    {
        var model = {|#0:ml.Regression.Trainers.FastTree(labelColumnName: nameof(Trip.Fare)).Fit(data)|};
        Describe(model, data);
        SaveModel(ml, model, data.Schema);
    }

    void Serve(MLContext ml, IDataView data, Trip trip)
    {
        var model = {|#1:ml.Regression.Trainers.Sdca(labelColumnName: nameof(Trip.Fare)).Fit(data)|};
        Console.WriteLine(PredictOne(model).Fare);

        FarePrediction PredictOne(ITransformer trained) => ml.Model.CreatePredictionEngine<Trip, FarePrediction>(trained).Predict(trip);
    }

    static void Describe(ITransformer model, IDataView data) => Console.WriteLine(model.GetOutputSchema(data.Schema).Count);

    static void SaveModel(MLContext ml, ITransformer model, DataViewSchema schema) => ml.Model.Save(model, schema, ""model.zip"");
}" + Types,
            Verify.Diagnostic("MLO3001").WithLocation(0).WithArguments("saved"),
            Verify.Diagnostic("MLO3001").WithLocation(1).WithArguments("used for predictions"));

        [Fact]
        public Task Project_that_evaluates_one_model_and_ships_another_is_flagged() => Verify.VerifyAsync(Usings + @"
class Training
{
    void Run(MLContext ml, IDataView train, IDataView test)
    {
        var baseline = ml.Regression.Trainers.Sdca(labelColumnName: nameof(Trip.Fare)).Fit(train);
        var metrics = ml.Regression.Evaluate(baseline.Transform(test), labelColumnName: nameof(Trip.Fare));
        Console.WriteLine(metrics.RSquared);

        var shipped = {|#0:ml.Regression.Trainers.FastTree(labelColumnName: nameof(Trip.Fare)).Fit(train)|};
        ml.Model.Save(shipped, train.Schema, ""model.zip"");
    }
}" + Types, Verify.Diagnostic("MLO3001").WithLocation(0).WithArguments("saved"));

        [Fact]
        public Task Incomplete_helpers_do_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class Training
{
    void Run(MLContext ml, IDataView data)
    {
        var model = ml.Regression.Trainers.Sdca().Fit(data);
        Broken(model);
        Missing(model);
        ml.Model.Save(model, data.Schema, ""model.zip"");
    }

    static void Broken(ITransformer model) => Console.WriteLine(model.Transform(
    static void Recursive(ITransformer model) => Recursive(model);
}");

        // ---- robustness ----

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class Training
{
    void Run(MLContext ml, IDataView data)
    {
        var model = ml.Regression.Trainers.Sdca(.Fit(
        ml.Model.Save(model, , );
        ml.Model.CreatePredictionEngine<
    }
}");

        [Fact]
        public Task Without_MLNet_nothing_is_reported() => Verify.VerifyWithoutMLNetAsync(@"
class Pipeline { public object Fit(object data) => data; }

class C
{
    void M(Pipeline pipeline) { var model = pipeline.Fit(null); System.Console.WriteLine(model); }
}");
    }
}
