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
