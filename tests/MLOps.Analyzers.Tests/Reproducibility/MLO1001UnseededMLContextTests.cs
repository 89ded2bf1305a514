using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Reproducibility.UnseededMLContextAnalyzer>;

namespace MLOps.Analyzers.Tests.Reproducibility
{
    public class MLO1001UnseededMLContextTests
    {
        private const string Usings = @"
using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        // ---- flagged ----

        [Fact]
        public Task Unseeded_local_that_creates_a_trainer() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer M(IDataView data)
    {
        var ml = {|MLO1001:new MLContext()|};
        return ml.Regression.Trainers.FastTree().Fit(data);
    }
}");

        [Fact]
        public Task Explicit_null_seed_named_and_positional() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var a = {|MLO1001:new MLContext(seed: null)|};
        a.BinaryClassification.Trainers.FastTree().Fit(data);
        var b = {|MLO1001:new MLContext(null)|};
        b.BinaryClassification.Trainers.FastTree().Fit(data);
        MLContext c = {|MLO1001:new()|};
        c.BinaryClassification.Trainers.FastTree().Fit(data);
        var d = {|MLO1001:new MLContext(default)|};
        d.BinaryClassification.Trainers.FastTree().Fit(data);
    }
}");

        [Fact]
        public Task Unseeded_context_that_splits_data() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = {|MLO1001:new MLContext()|};
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
    }
}");

        [Fact]
        public Task Unseeded_context_that_shuffles_bootstraps_or_cross_validates() => Verify.VerifyAsync(Usings + @"
class C
{
    void Shuffle(IDataView data)
    {
        var ml = {|MLO1001:new MLContext()|};
        var shuffled = ml.Data.ShuffleRows(data);
    }

    void Bootstrap(IDataView data, int? maybe)
    {
        var ml = {|MLO1001:new MLContext()|};
        var sample = ml.Data.BootstrapSample(data, seed: maybe);
        var ml2 = {|MLO1001:new MLContext()|};
        var shuffled = ml2.Data.ShuffleRows(data, seed: null);
    }

    void CrossValidate(IDataView data, IEstimator<ITransformer> pipeline)
    {
        var ml = {|MLO1001:new MLContext()|};
        var results = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5);
    }
}");

        [Fact]
        public Task Unseeded_definition_reaching_training_on_one_branch() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer M(IDataView data, bool fast)
    {
        MLContext ml;
        if (fast) ml = {|MLO1001:new MLContext()|};
        else ml = new MLContext(seed: 1);
        return ml.Regression.Trainers.FastTree().Fit(data);
    }
}");

        [Fact]
        public Task Unseeded_definition_reaching_training_through_a_loop() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = {|MLO1001:new MLContext()|};
        for (var i = 0; i < 3; i++)
        {
            ml.Regression.Trainers.FastTree().Fit(data);
            ml = new MLContext(seed: i);
        }
    }
}");

        [Fact]
        public Task Reassigned_to_a_seeded_context_only_after_training() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = {|MLO1001:new MLContext()|};
        ml.BinaryClassification.Trainers.FastForest().Fit(data);
        ml = new MLContext(seed: 1);
        ml.BinaryClassification.Trainers.FastForest().Fit(data);
    }
}");

        [Fact]
        public Task Copy_taken_before_the_reassignment_trains() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var original = {|MLO1001:new MLContext()|};
        var alias = original;
        original = new MLContext(seed: 1);
        alias.Ranking.Trainers.FastTree();
    }
}");

        [Fact]
        public Task Unseeded_definition_passed_to_a_private_helper_that_trains() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer M(IDataView data, bool retrain)
    {
        var ml = {|MLO1001:new MLContext()|};
        if (retrain) return Train(ml, data);
        ml = new MLContext(seed: 1);
        return Train(ml, data);
    }

    private static ITransformer Train(MLContext ml, IDataView data) => ml.Regression.Trainers.Sdca().Fit(data);
}");

        [Fact]
        public Task Passed_by_ref_before_training_may_still_be_the_unseeded_context() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = {|MLO1001:new MLContext()|};
        Touch(ref ml);
        ml.Regression.Trainers.FastTree().Fit(data);
    }

    static void Touch(ref MLContext context) { }
}");

        [Fact]
        public Task Captured_by_a_lambda_the_model_stays_conservative() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = {|MLO1001:new MLContext()|};
        Func<ITransformer> train = () => ml.Regression.Trainers.FastTree().Fit(data);
        ml = new MLContext(seed: 1);
        train();
    }
}");

        [Fact]
        public Task Single_definitions_read_in_lambdas_are_followed() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var captured = {|MLO1001:new MLContext()|};
        Func<ITransformer> train = () => captured.Regression.Trainers.FastTree().Fit(data);
        Action first = () => { var ml = {|MLO1001:new MLContext()|}; ml.Regression.Trainers.FastTree(); };
        Action second = () => { var ml = new MLContext(seed: 1); ml.Regression.Trainers.FastTree(); };
    }
}");

        [Fact]
        public Task Unseeded_splits_and_cross_validation_still_count() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data, IEstimator<ITransformer> pipeline)
    {
        var a = {|MLO1001:new MLContext()|};
        a.Data.CrossValidationSplit(data, numberOfFolds: 3);
        var b = {|MLO1001:new MLContext()|};
        b.MulticlassClassification.CrossValidate(data, pipeline);
    }
}");

        [Fact]
        public Task Unseeded_context_with_a_randomized_transform() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer M(IDataView data)
    {
        var ml = {|MLO1001:new MLContext()|};
        return ml.Transforms.ApproximatedKernelMap(""Features"", rank: 100).Fit(data);
    }

    ITransformer Pca(IDataView data)
    {
        var ml = {|MLO1001:new MLContext()|};
        return ml.Transforms.ProjectToPrincipalComponents(""Pca"", ""Features"", rank: 5).Fit(data);
    }
}");

        [Fact]
        public Task Unseeded_field_used_for_training_in_another_member() => Verify.VerifyAsync(Usings + @"
class Trainer
{
    private readonly MLContext _ml = {|MLO1001:new MLContext()|};

    public ITransformer Train(IDataView data) =>
        _ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy().Fit(data);
}");

        [Fact]
        public Task Unseeded_property_and_constructor_assignment() => Verify.VerifyAsync(Usings + @"
class Trainer
{
    public MLContext Context { get; } = {|MLO1001:new MLContext()|};
    private readonly MLContext _other;

    public Trainer() { _other = {|MLO1001:new MLContext(seed: null)|}; }

    public void Train(IDataView data)
    {
        Context.Regression.Trainers.LbfgsPoissonRegression();
        _other.Data.TrainTestSplit(data);
    }
}");

        [Fact]
        public Task Unseeded_context_passed_to_a_helper_that_trains() => Verify.VerifyAsync(Usings + @"
class Program
{
    static void Main()
    {
        var ml = {|MLO1001:new MLContext()|};
        var data = ml.Data.LoadFromTextFile<Row>(""data.csv"", hasHeader: true, separatorChar: ',');
        var pipeline = BuildPipeline(ml);
    }

    private static IEstimator<ITransformer> BuildPipeline(MLContext mlContext) =>
        mlContext.Transforms.Concatenate(""Features"", ""A"", ""B"")
            .Append(mlContext.Regression.Trainers.FastTree());

    public class Row { [LoadColumn(0)] public float A; [LoadColumn(1)] public float B; [LoadColumn(2)] public float Label; }
}");

        [Fact]
        public Task Unseeded_context_passed_directly_to_a_helper_in_another_class() => Verify.VerifyAsync(Usings + @"
class Program
{
    static void Main() => ModelTrainer.Train({|MLO1001:new MLContext()|}, null!);
}

static class ModelTrainer
{
    public static ITransformer Train(MLContext ml, IDataView data) =>
        ml.BinaryClassification.Trainers.FastForest().Fit(data);
}");

        [Fact]
        public Task Unseeded_context_copied_to_another_local() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var original = {|MLO1001:new MLContext()|};
        var alias = original;
        alias.Ranking.Trainers.FastTree();
    }
}");

        [Fact]
        public Task Unseeded_context_used_inline() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var trainer = {|MLO1001:new MLContext()|}.Regression.Trainers.FastTree();
    }
}");

        [Fact]
        public Task Top_level_statements()
        {
            var test = Verify.CreateTest(Usings + @"
var ml = {|MLO1001:new MLContext()|};
var data = ml.Data.LoadFromEnumerable(new[] { new Row { X = 1f, Label = 2f } });
var model = ml.Regression.Trainers.Sdca(featureColumnName: ""X"").Fit(data);

class Row { public float X { get; set; } public float Label { get; set; } }
");
            test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        // Microsoft.ML.AutoML is not served here: a minimal stand-in with the real namespace, type and extension names.
        [Fact]
        public Task Unseeded_context_used_by_AutoML() => Verify.VerifyAsync(Usings + @"
namespace Microsoft.ML.AutoML
{
    public sealed class AutoCatalog { public object CreateRegressionExperiment(uint maxExperimentTimeInSeconds) => null!; }
    public static class MLContextExtension { public static AutoCatalog Auto(this MLContext mlContext) => new AutoCatalog(); }
}

namespace App
{
    using Microsoft.ML.AutoML;

    class Experiment
    {
        void Run()
        {
            var ml = {|MLO1001:new MLContext()|};
            var experiment = ml.Auto().CreateRegressionExperiment(60);
        }
    }
}");

        [Fact]
        public Task Nested_types_are_reported_once() => Verify.VerifyAsync(Usings + @"
class Outer
{
    private readonly MLContext _outer = {|MLO1001:new MLContext()|};
    void Train(IDataView data) => _outer.Regression.Trainers.FastTree().Fit(data);

    class Inner
    {
        void M(IDataView data)
        {
            var ml = {|MLO1001:new MLContext()|};
            ml.Regression.Trainers.FastTree().Fit(data);
        }
    }
}");

        // The cheap syntactic gate (types whose syntax cannot create a context get no model) must not hide these.
        [Fact]
        public Task Context_created_through_a_using_alias() => Verify.VerifyAsync(@"
using Ctx = Microsoft.ML.MLContext;
using Microsoft.ML;

class C
{
    void M(IDataView data) { var ml = {|MLO1001:new Ctx()|}; ml.Regression.Trainers.Sdca().Fit(data); }
}");

        [Fact]
        public Task Context_created_with_target_typed_new_into_an_inherited_field() => Verify.VerifyAsync(Usings + @"
class Base
{
    protected MLContext Ml = null!;
}

class C : Base
{
    void M(IDataView data) { Ml = {|MLO1001:new()|}; Ml.Regression.Trainers.Sdca().Fit(data); }
}");

        [Fact]
        public Task Contexts_in_two_types_are_judged_each_in_its_own_model() => Verify.VerifyAsync(Usings + @"
class A
{
    void M(IDataView data) { var ml = {|MLO1001:new MLContext()|}; ml.Regression.Trainers.Sdca().Fit(data); }
}

class B
{
    void M(IDataView data) { var ml = new MLContext(seed: 1); ml.Regression.Trainers.Sdca().Fit(data); }
}

class NoML
{
    int Add(int a, int b) => a + b;
}");

        // ---- not flagged ----

        [Fact]
        public Task Seeded_with_constant_named_constant_and_variable() => Verify.VerifyAsync(Usings + @"
class C
{
    private const int Seed = 7;

    void M(IDataView data, int runSeed)
    {
        var a = new MLContext(seed: 1);
        a.Regression.Trainers.FastTree().Fit(data);
        var b = new MLContext(Seed);
        b.Regression.Trainers.FastTree().Fit(data);
        var c = new MLContext(runSeed);
        c.Regression.Trainers.FastTree().Fit(data);
    }
}");

        [Fact]
        public Task Scoring_only_context_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Scorer
{
    public float Predict(string modelPath, Input input)
    {
        var ml = new MLContext();
        var model = ml.Model.Load(modelPath, out var schema);
        var engine = ml.Model.CreatePredictionEngine<Input, Output>(model);
        return engine.Predict(input).Score;
    }

    public IDataView Score(string modelPath, IDataView data)
    {
        var ml = new MLContext();
        ITransformer model = ml.Model.Load(modelPath, out _);
        return model.Transform(data);
    }
}

public class Input { public float X { get; set; } }
public class Output { public float Score { get; set; } }");

        [Fact]
        public Task Context_only_loading_data_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IEnumerable<Row> Read(string path)
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Row>(path, hasHeader: true);
        return ml.Data.CreateEnumerable<Row>(data, reuseRowObject: false);
    }
}
public class Row { [LoadColumn(0)] public float X { get; set; } }");

        [Fact]
        public Task Context_that_only_fits_deterministic_transforms_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Featurize(IDataView data)
    {
        var ml = new MLContext();
        var pipeline = ml.Transforms.Concatenate(""Features"", ""A"", ""B"")
            .Append(ml.Transforms.NormalizeMinMax(""Features""))
            .Append(ml.Transforms.ApproximatedKernelMap(""Features"", rank: 100, seed: 3));
        return pipeline.Fit(data);
    }
}");

        [Fact]
        public Task Context_returned_from_a_factory_is_not_flagged() => Verify.VerifyAsync(Usings + @"
static class Contexts
{
    public static MLContext Create() => new MLContext();
}");

        [Fact]
        public Task Context_passed_to_a_helper_that_only_scores_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Program
{
    static void Main()
    {
        var ml = new MLContext();
        Predict(ml, ""model.zip"");
    }

    static void Predict(MLContext ml, string path)
    {
        var model = ml.Model.Load(path, out _);
    }
}");

        [Fact]
        public Task Context_whose_random_operations_all_carry_a_seed_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    const int Seed = 7;

    void M(IDataView data, IEstimator<ITransformer> pipeline, int runSeed)
    {
        var ml = new MLContext();
        var shuffled = ml.Data.ShuffleRows(data, seed: 42);
        for (var i = 0; i < 10; i++)
        {
            var sample = ml.Data.BootstrapSample(shuffled, seed: i);
        }

        var split = ml.Data.TrainTestSplit(shuffled, testFraction: 0.2, seed: 42);
        var folds = ml.Data.CrossValidationSplit(split.TrainSet, numberOfFolds: 5, seed: Seed);
        var results = ml.Regression.CrossValidate(split.TrainSet, pipeline, numberOfFolds: 5, seed: runSeed);
        var kernel = ml.Transforms.ApproximatedKernelMap(""Features"", rank: 100, seed: 3).Fit(data);
        var pca = ml.Transforms.ProjectToPrincipalComponents(""Pca"", ""Features"", rank: 5, seed: 3).Fit(data);
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.Regression.Evaluate(model.Transform(split.TestSet));
    }

    void Positional(IDataView data)
    {
        var ml = new MLContext();
        var split = ml.Data.TrainTestSplit(data, 0.2, null, 42);
        var shuffled = ml.Data.ShuffleRows(split.TrainSet, 42);
    }
}");

        [Fact]
        public Task Seeded_operations_in_a_helper_of_the_same_type_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = new MLContext();
        var sample = Sample(ml, data);
    }

    private static IDataView Sample(MLContext ml, IDataView data) =>
        ml.Data.BootstrapSample(ml.Data.ShuffleRows(data, seed: 1), seed: 2);
}");

        [Fact]
        public Task Load_if_it_exists_else_train_with_a_seeded_context_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    PredictionEngine<Input, Output> Engine(string path, IDataView data)
    {
        MLContext ml;
        ITransformer model;
        if (System.IO.File.Exists(path))
        {
            ml = new MLContext();
            model = ml.Model.Load(path, out _);
        }
        else
        {
            ml = new MLContext(seed: 1);
            model = ml.Regression.Trainers.Sdca().Fit(data);
            ml.Model.Save(model, data.Schema, path);
        }

        return ml.Model.CreatePredictionEngine<Input, Output>(model);
    }

    ITransformer EarlyReturn(string path, IDataView data)
    {
        var ml = new MLContext();
        if (System.IO.File.Exists(path))
        {
            return ml.Model.Load(path, out _);
        }

        ml = new MLContext(seed: 1);
        return Train(ml, data);
    }

    private static ITransformer Train(MLContext context, IDataView data) =>
        context.BinaryClassification.Trainers.FastTree().Fit(data);

    public class Input { public float Features; }
    public class Output { public float Score; }
}");

        [Fact]
        public Task Local_reassigned_to_a_seeded_context_before_training_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer M(string csv)
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromTextFile<Row>(csv, hasHeader: true, separatorChar: ',');
        ml = new MLContext(seed: 42);
        return ml.Regression.Trainers.FastTree().Fit(data);
    }

    ITransformer Switch(IDataView data, int kind)
    {
        MLContext ml = new();
        switch (kind)
        {
            case 1: ml = new MLContext(seed: 1); break;
            default: ml = new MLContext(seed: 2); break;
        }

        var copy = ml;
        return copy.Regression.Trainers.FastTree().Fit(data);
    }

    public class Row { [LoadColumn(0)] public float Features; [LoadColumn(1)] public float Label; }
}");

        [Fact]
        public Task Overwritten_by_an_out_argument_before_training_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = new MLContext();
        var rows = ml.Data.LoadFromEnumerable(new[] { new Row() });
        Create(out ml);
        ml.Regression.Trainers.FastTree().Fit(rows);
    }

    static void Create(out MLContext context) { context = new MLContext(seed: 3); }

    public class Row { public float Features; public float Label; }
}");

        [Fact]
        public Task Reassigned_before_training_inside_a_local_function_is_not_flagged()
        {
            var test = Verify.CreateTest(Usings + @"
var model = Train(null!);

ITransformer Train(IDataView data)
{
    var ml = new MLContext();
    ml = new MLContext(seed: 1);
    return ml.Regression.Trainers.Sdca().Fit(data);
}
");
            test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task A_different_type_named_MLContext_is_not_flagged() => Verify.VerifyAsync(@"
namespace Mine { class MLContext { public MLContext() { } public object Regression => null; } }
class C { void M() { var ml = new Mine.MLContext(); var r = ml.Regression; } }");

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class MLContext { }
class C { void M() { var ml = new MLContext(); } }");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(IDataView data)
    {
        var ml = new MLContext(seed: );
        var broken = new MLContext(
        ml.Regression.Trainers.
        var t = ml.Regression.Trainers.FastTree(.Fit(data);
        MLContext x = ;
        Undefined(ml);
    }
    MLContext Field = new MLContext()
}");

        [Fact]
        public Task Incomplete_branches_and_reassignments_do_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(IDataView data, string path)
    {
        MLContext ml;
        if (System.IO.File.Exists(path)) { ml = new MLContext(); ml.Model.Load(path, out ); }
        else { ml = new MLContext(seed: ; ml.Regression.Trainers.Sdca().Fit(data); }
        ml = ;
        ml.Data.ShuffleRows(data, seed: );
        ml.Data.TrainTestSplit(data, seed: 42
        while (true) { ml = new MLContext(seed: 1) ml.Regression.Trainers.FastTree(); }
        label: ml = new MLContext();
        goto label;
    }

    void N(IDataView data)
    {
        var ml = {|MLO1001:new MLContext()|};
        ml.Regression.Trainers.FastTree().Fit(data);
        ml.Regression.Trainers.FastTree(.Fit(data);
        Reset(out ml);
        ml.Data.BootstrapSample(data, seed: i);
        var other = new MLContext();
        Reset(out other)
        other.Regression.Trainers.Sdca(
    }

    void Reset(out MLContext ml) { ml = new MLContext(seed: 3); }
}");

        [Fact]
        public Task Generated_code_is_not_analysed() => Verify.VerifyAsync(@"// <auto-generated/>
" + Usings + @"
class C
{
    void M(IDataView data) { var ml = new MLContext(); ml.Regression.Trainers.FastTree().Fit(data); }
}");
    }
}
