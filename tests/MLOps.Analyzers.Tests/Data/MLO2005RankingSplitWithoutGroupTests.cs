using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Data.RankingSplitWithoutGroupAnalyzer>;

namespace MLOps.Analyzers.Tests.Data
{
    public class MLO2005RankingSplitWithoutGroupTests
    {
        private const string Usings = @"
using Microsoft.ML;
using Microsoft.ML.Data;

public class Hotel
{
    [LoadColumn(0)] public float Label { get; set; }
    [LoadColumn(1)] public uint QueryId { get; set; }
    [LoadColumn(2, 9), VectorType(8)] public float[] Features { get; set; } = new float[8];
}
";

        // ---- flagged ----

        [Fact]
        public Task TrainTestSplit_whose_train_set_a_ranking_trainer_is_fitted_on() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, string path)
    {
        var data = ml.Data.LoadFromTextFile<Hotel>(path);
        var split = {|#0:ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
        var pipeline = ml.Transforms.Conversion.MapValueToKey(""GroupId"", ""QueryId"")
            .Append(ml.Ranking.Trainers.FastTree());
        return pipeline.Fit(split.TrainSet);
    }
}", Verify.Diagnostic("MLO2005").WithLocation(0).WithArguments("GroupId"));

        [Fact]
        public Task Sampling_key_given_as_null_and_a_named_group_column() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var split = {|#0:ml.Data.TrainTestSplit(data, samplingKeyColumnName: null)|};
        var train = ml.Data.Cache(split.TrainSet);
        return ml.Ranking.Trainers.LightGbm(rowGroupColumnName: ""QueryKey"").Fit(train);
    }
}", Verify.Diagnostic("MLO2005").WithLocation(0).WithArguments("QueryKey"));

        [Fact]
        public Task CrossValidationSplit_folds_used_to_train_a_ranker() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var folds = {|#0:ml.Data.CrossValidationSplit(data, numberOfFolds: 5)|};
        foreach (var fold in folds)
        {
            ml.Ranking.Trainers.FastTree().Fit(fold.TrainSet);
        }
    }
}", Verify.Diagnostic("MLO2005").WithLocation(0).WithArguments("GroupId"));

        // ---- not flagged ----

        [Fact]
        public Task Split_with_the_group_column_as_sampling_key() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, samplingKeyColumnName: ""GroupId"");
        return ml.Ranking.Trainers.FastTree().Fit(split.TrainSet);
    }
}");

        [Fact]
        public Task Ranking_CrossValidate_groups_by_its_row_group_column_itself() => Verify.VerifyAsync(Usings + @"
class C
{
    void Evaluate(MLContext ml, IDataView data)
    {
        var results = ml.Ranking.CrossValidate(data, ml.Ranking.Trainers.FastTree(), numberOfFolds: 5);
    }
}");

        [Fact]
        public Task Split_for_a_task_that_is_not_ranking() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        return ml.Regression.Trainers.FastTree().Fit(split.TrainSet);
    }
}");

        [Fact]
        public Task Unknown_flow_is_silent() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer FromParameter(MLContext ml, IDataView train) => ml.Ranking.Trainers.FastTree().Fit(train);

    ITransformer ThroughATransformer(MLContext ml, ITransformer prep, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data);
        return ml.Ranking.Trainers.FastTree().Fit(prep.Transform(split.TrainSet));
    }

    IEstimator<ITransformer> Returned(MLContext ml) => ml.Ranking.Trainers.FastTree();
}");

        // ---- every split: not flagged (look-alikes first) ----

        [Fact]
        public Task Every_split_on_the_way_has_a_sampling_key() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data, bool quick)
    {
        var outer = ml.Data.TrainTestSplit(data, testFraction: 0.2, samplingKeyColumnName: ""GroupId"");
        var inner = ml.Data.TrainTestSplit(outer.TrainSet, testFraction: 0.1, samplingKeyColumnName: ""GroupId"");
        IDataView train = quick ? inner.TrainSet : data;
        return ml.Ranking.Trainers.FastTree().Fit(train);
    }
}");

        [Fact]
        public Task Splits_that_never_reach_the_ranking_trainer_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data, IDataView prices)
    {
        var keyed = ml.Data.TrainTestSplit(data, samplingKeyColumnName: ""GroupId"");
        var unkeyed = ml.Data.TrainTestSplit(data);
        var train = unkeyed.TrainSet;
        train = keyed.TrainSet; // the unkeyed part never reaches the ranker
        var regression = ml.Data.TrainTestSplit(prices);
        ml.Regression.Trainers.FastTree().Fit(regression.TrainSet);
        return ml.Ranking.Trainers.FastTree().Fit(train);
    }
}");

        // ---- every split: flagged ----

        [Fact]
        public Task Validation_split_off_a_training_split_flags_both() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var outer = {|#0:ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
        var inner = {|#1:ml.Data.TrainTestSplit(outer.TrainSet, testFraction: 0.1)|};
        var keyedThenNot = ml.Data.TrainTestSplit(data, samplingKeyColumnName: ""GroupId"");
        var notKeyed = {|#2:ml.Data.TrainTestSplit(keyedThenNot.TrainSet)|};
        ml.Ranking.Trainers.LightGbm().Fit(notKeyed.TrainSet);
        return ml.Ranking.Trainers.FastTree().Fit(inner.TrainSet);
    }
}",
            Verify.Diagnostic("MLO2005").WithLocation(0).WithArguments("GroupId"),
            Verify.Diagnostic("MLO2005").WithLocation(1).WithArguments("GroupId"),
            Verify.Diagnostic("MLO2005").WithLocation(2).WithArguments("GroupId"));

        [Fact]
        public Task Splits_on_every_branch_are_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data, bool small, bool cached)
    {
        var a = {|#0:ml.Data.TrainTestSplit(data, testFraction: 0.5)|};
        var b = {|#1:ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
        IDataView train;
        if (small)
        {
            train = a.TrainSet;
        }
        else
        {
            train = b.TrainSet;
        }

        var c = {|#2:ml.Data.TrainTestSplit(data, testFraction: 0.3)|};
        var d = {|#3:ml.Data.CrossValidationSplit(data, numberOfFolds: 3)|};
        var other = cached ? c.TrainSet : d[0].TrainSet;
        ml.Ranking.Trainers.LightGbm().Fit(other);
        return ml.Ranking.Trainers.FastTree().Fit(train);
    }
}",
            Verify.Diagnostic("MLO2005").WithLocation(0).WithArguments("GroupId"),
            Verify.Diagnostic("MLO2005").WithLocation(1).WithArguments("GroupId"),
            Verify.Diagnostic("MLO2005").WithLocation(2).WithArguments("GroupId"),
            Verify.Diagnostic("MLO2005").WithLocation(3).WithArguments("GroupId"));

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(;
        ml.Ranking.Trainers.FastTree(rowGroupColumnName: ).Fit(split.TrainSet);
        foreach (var fold in undefined) { ml.Ranking.Trainers.FastTree().Fit(fold.TrainSet); }
        ml.Ranking.Trainers.LightGbm().Fit(
    }
}");

        // ---- factories and helpers: not flagged (look-alikes first) ----

        [Fact]
        public Task Keyed_split_given_to_a_ranking_factory_or_helper() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, samplingKeyColumnName: ""GroupId"");
        BuildRankingPipeline(ml).Fit(split.TrainSet);
        return Fitting.FitRanker(ml, split.TrainSet);
    }

    private static IEstimator<ITransformer> BuildRankingPipeline(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey(""GroupId"", ""QueryId"").Append(ml.Ranking.Trainers.FastTree());
}

static class Fitting
{
    public static ITransformer FitRanker(MLContext ml, IDataView data) => ml.Ranking.Trainers.FastTree().Fit(data);
}");

        [Fact]
        public Task Factories_and_helpers_that_fit_no_ranking_trainer() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data, bool fast)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        BuildRegression(ml).Fit(split.TrainSet);
        EitherTask(ml, fast).Fit(split.TrainSet); // two returns: which chain is unknown
        FitRegression(ml, split.TrainSet);
        return Fitting.FitBinary(ml, split.TrainSet);
    }

    private static IEstimator<ITransformer> BuildRegression(MLContext ml) => ml.Regression.Trainers.FastTree();

    private static IEstimator<ITransformer> EitherTask(MLContext ml, bool fast)
    {
        if (fast)
        {
            return ml.Regression.Trainers.Sdca();
        }

        return ml.Ranking.Trainers.FastTree();
    }

    private static ITransformer FitRegression(MLContext ml, IDataView train) => ml.Regression.Trainers.Sdca().Fit(train);
}

static class Fitting
{
    public static ITransformer FitBinary(MLContext ml, IDataView train)
    {
        var pipeline = ml.BinaryClassification.Trainers.FastTree();
        return pipeline.Fit(train);
    }
}");

        [Fact]
        public Task Helpers_that_ignore_or_overwrite_the_split_part_before_the_fit() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data, string path)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        Ignores(ml, split.TrainSet, path);
        Overwrites(ml, split.TrainSet, path);
        OtherParameter(ml, split.TrainSet, data);
        Evaluates(ml, split.TestSet, data);
        InALambda(ml, split.TrainSet);
    }

    static ITransformer Ignores(MLContext ml, IDataView train, string path) =>
        ml.Ranking.Trainers.FastTree().Fit(ml.Data.LoadFromTextFile<Hotel>(path));

    static ITransformer Overwrites(MLContext ml, IDataView train, string path)
    {
        train = ml.Data.LoadFromTextFile<Hotel>(path);
        return ml.Ranking.Trainers.FastTree().Fit(train);
    }

    static ITransformer OtherParameter(MLContext ml, IDataView ignored, IDataView train) =>
        ml.Ranking.Trainers.FastTree().Fit(train);

    static void Evaluates(MLContext ml, IDataView test, IDataView train)
    {
        var model = ml.Ranking.Trainers.FastTree().Fit(train);
        ml.Ranking.Evaluate(model.Transform(test));
    }

    static System.Func<ITransformer> InALambda(MLContext ml, IDataView train) =>
        () => ml.Ranking.Trainers.FastTree().Fit(train); // may never run
}");

        [Fact]
        public Task Helpers_that_fit_a_ranker_only_on_some_calls() => Verify.VerifyAsync(Usings + @"
enum Task { Regression, Ranking }

class C
{
    private readonly MLContext _ml = new MLContext(seed: 1);
    private IDataView _train;
    private Task _task;

    void Train(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        IfRanking(ml, split.TrainSet, ranking: false);
        Switch(ml, split.TrainSet, Task.Regression);
        EarlyReturn(ml, split.TrainSet, Task.Regression);
        Conditional(ml, split.TrainSet, false);
        _train = split.TrainSet;
        _task = Task.Regression;
    }

    static ITransformer IfRanking(MLContext ml, IDataView data, bool ranking)
    {
        if (ranking)
        {
            return ml.Ranking.Trainers.FastTree().Fit(data);
        }

        return ml.Regression.Trainers.FastTree().Fit(data);
    }

    static ITransformer Switch(MLContext ml, IDataView data, Task task)
    {
        switch (task)
        {
            case Task.Ranking:
                return ml.Ranking.Trainers.FastTree().Fit(data);
            default:
                return ml.Regression.Trainers.FastTree().Fit(data);
        }
    }

    static ITransformer EarlyReturn(MLContext ml, IDataView data, Task task)
    {
        if (task == Task.Regression)
        {
            return ml.Regression.Trainers.FastTree().Fit(data);
        }

        var model = ml.Ranking.Trainers.FastTree().Fit(data);
        return model;
    }

    static ITransformer Conditional(MLContext ml, IDataView data, bool ranking) =>
        ranking ? ml.Ranking.Trainers.FastTree().Fit(data) : ml.Regression.Trainers.FastTree().Fit(data);

    ITransformer TrainStored() => _task == Task.Ranking ? _ml.Ranking.Trainers.FastTree().Fit(_train) : _ml.Regression.Trainers.FastTree().Fit(_train);
}");

        [Fact]
        public Task Overridable_helpers_and_factories_are_unknown() => Verify.VerifyAsync(Usings + @"
interface IRanker
{
    ITransformer Fit(MLContext ml, IDataView train);
}

abstract class Base
{
    public abstract ITransformer FitAbstract(MLContext ml, IDataView train);

    public virtual ITransformer FitVirtual(MLContext ml, IDataView train) => ml.Ranking.Trainers.FastTree().Fit(train);

    protected virtual IEstimator<ITransformer> Build(MLContext ml) => ml.Ranking.Trainers.FastTree();

    public void Train(MLContext ml, IDataView data, IRanker ranker)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        ranker.Fit(ml, split.TrainSet);
        FitAbstract(ml, split.TrainSet);
        FitVirtual(ml, split.TrainSet);
        Build(ml).Fit(split.TrainSet);
    }
}");

        [Fact]
        public Task Recursive_helpers_end_and_stay_silent() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        Loop(ml, split.TrainSet, 3);
        Ping(ml, split.TrainSet);
    }

    static ITransformer Loop(MLContext ml, IDataView train, int n) =>
        n > 0 ? Loop(ml, train, n - 1) : ml.Regression.Trainers.FastTree().Fit(train);

    static ITransformer Ping(MLContext ml, IDataView train) => Pong(ml, train);

    static ITransformer Pong(MLContext ml, IDataView train) => Ping(ml, train);
}");

        [Fact]
        public Task Incomplete_helpers_do_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data);
        Broken(ml, split.TrainSet);
        NoBody(ml, split.TrainSet);
        Undefined(ml, split.TrainSet);
        Build(ml).Fit(split.TrainSet);
        Build(.Fit(split.TrainSet);
    }

    static ITransformer Broken(MLContext ml, IDataView train) => ml.Ranking.Trainers.FastTree(.Fit(train);
    static ITransformer NoBody(MLContext ml, IDataView train);
    static IEstimator<ITransformer> Build(MLContext ml) => ml.Ranking.Trainers.FastTree(rowGroupColumnName: );
}");

        // ---- factories and helpers: flagged ----

        [Fact]
        public Task Ranking_pipeline_built_by_a_factory() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var split = {|#0:ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
        var model = BuildRankingPipeline(ml).Fit(split.TrainSet);
        var folds = {|#1:ml.Data.CrossValidationSplit(data, numberOfFolds: 3)|};
        var pipeline = BuildRankingPipeline(ml);
        foreach (var fold in folds)
        {
            pipeline.Fit(fold.TrainSet);
        }

        return model;
    }

    private static IEstimator<ITransformer> BuildRankingPipeline(MLContext ml)
    {
        var pipeline = ml.Transforms.Conversion.MapValueToKey(""QueryKey"", ""QueryId"")
            .Append(ml.Ranking.Trainers.LightGbm(rowGroupColumnName: ""QueryKey""));
        return pipeline;
    }
}",
            Verify.Diagnostic("MLO2005").WithLocation(0).WithArguments("QueryKey"),
            Verify.Diagnostic("MLO2005").WithLocation(1).WithArguments("QueryKey"));

        [Fact]
        public Task Split_part_given_to_a_helper_that_fits_a_ranker_on_it() => Verify.VerifyAsync(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data, IDataView other)
    {
        var split = {|#0:ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
        var train = split.TrainSet;
        FitRanker(ml, train);
        var second = {|#1:ml.Data.TrainTestSplit(other)|};
        Fitting.FitCached(ml, second.TrainSet, ""QueryKey"");
        var third = {|#2:ml.Data.TrainTestSplit(other)|};
        third.TrainSet.FitWithFactory(ml);
        var unused = ml.Data.TrainTestSplit(other);
        return Fitting.FitSecond(ml, unused.TrainSet, third.TestSet);
    }

    static ITransformer FitRanker(MLContext ml, IDataView train)
    {
        var pipeline = ml.Transforms.Conversion.MapValueToKey(""GroupId"", ""QueryId"")
            .Append(ml.Ranking.Trainers.FastTree());
        return pipeline.Fit(train);
    }
}

static class Fitting
{
    public static ITransformer FitCached(MLContext ml, IDataView train, string group)
    {
        var cached = ml.Data.Cache(train);
        return ml.Ranking.Trainers.LightGbm(rowGroupColumnName: ""QueryKey"").Fit(cached);
    }

    public static ITransformer FitWithFactory(this IDataView train, MLContext ml) => Build(ml).Fit(train);

    public static ITransformer FitSecond(MLContext ml, IDataView ignored, IDataView train) => ml.Regression.Trainers.Sdca().Fit(ignored);

    private static IEstimator<ITransformer> Build(MLContext ml) => ml.Ranking.Trainers.FastTree();
}",
            Verify.Diagnostic("MLO2005").WithLocation(0).WithArguments("GroupId"),
            Verify.Diagnostic("MLO2005").WithLocation(1).WithArguments("QueryKey"),
            Verify.Diagnostic("MLO2005").WithLocation(2).WithArguments("GroupId"));

        [Fact]
        public Task Helper_in_another_file()
        {
            var test = Verify.CreateTest(Usings + @"
class C
{
    ITransformer Train(MLContext ml, IDataView data)
    {
        var split = {|#0:ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
        return RankingTrainer.Fit(ml, split.TrainSet);
    }
}", Verify.Diagnostic("MLO2005").WithLocation(0).WithArguments("GroupId"));
            test.TestState.Sources.Add(("RankingTrainer.cs", @"
using Microsoft.ML;

internal static class RankingTrainer
{
    public static ITransformer Fit(MLContext ml, IDataView train) =>
        ml.Transforms.Conversion.MapValueToKey(""GroupId"", ""QueryId"").Append(ml.Ranking.Trainers.FastTree()).Fit(train);
}"));
            return test.RunAsync(System.Threading.CancellationToken.None);
        }

        [Fact]
        public Task Whole_split_given_to_a_helper_that_fits_no_ranker_on_it() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data, ITransformer model)
    {
        var keyed = ml.Data.TrainTestSplit(data, samplingKeyColumnName: ""GroupId"");
        FitsTrainSet(ml, keyed);
        var split = ml.Data.TrainTestSplit(data);
        EvaluatesOnly(ml, split, model);
        FitsRegression(ml, split);
        FitsAnotherSplit(ml, split, keyed);
        FitsAList(ml, new System.Collections.Generic.List<DataOperationsCatalog.TrainTestData> { split });
    }

    static ITransformer FitsTrainSet(MLContext ml, DataOperationsCatalog.TrainTestData split) => ml.Ranking.Trainers.FastTree().Fit(split.TrainSet);

    static void EvaluatesOnly(MLContext ml, DataOperationsCatalog.TrainTestData split, ITransformer model) =>
        ml.Ranking.Evaluate(model.Transform(split.TestSet));

    static ITransformer FitsRegression(MLContext ml, DataOperationsCatalog.TrainTestData split) => ml.Regression.Trainers.Sdca().Fit(split.TrainSet);

    static ITransformer FitsAnotherSplit(MLContext ml, DataOperationsCatalog.TrainTestData ignored, DataOperationsCatalog.TrainTestData split) =>
        ml.Ranking.Trainers.FastTree().Fit(split.TrainSet);

    static void FitsAList(MLContext ml, System.Collections.Generic.List<DataOperationsCatalog.TrainTestData> folds)
    {
        foreach (var fold in folds)
        {
            ml.Ranking.Trainers.FastTree().Fit(fold.TrainSet);
        }
    }
}");

        [Fact]
        public Task Whole_split_or_fold_given_to_a_helper_that_fits_a_ranker_on_its_part() => Verify.VerifyAsync(Usings + @"
class C
{
    void Train(MLContext ml, IDataView data)
    {
        var split = {|#0:ml.Data.TrainTestSplit(data)|};
        FitsTrainSet(ml, split);
        var folds = {|#1:ml.Data.CrossValidationSplit(data, numberOfFolds: 3)|};
        foreach (var fold in folds)
        {
            FitsTrainSet(ml, fold);
        }
    }

    static ITransformer FitsTrainSet(MLContext ml, DataOperationsCatalog.TrainTestData split)
    {
        var train = ml.Data.ShuffleRows(split.TrainSet, seed: 1);
        return ml.Ranking.Trainers.FastTree().Fit(train);
    }
}",
            Verify.Diagnostic("MLO2005").WithLocation(0).WithArguments("GroupId"),
            Verify.Diagnostic("MLO2005").WithLocation(1).WithArguments("GroupId"));

        // ---- split parts held in fields: not flagged (look-alikes first) ----

        [Fact]
        public Task Fields_written_twice_or_from_outside_or_fitted_by_no_known_ranker() => Verify.VerifyAsync(Usings + @"
public class Experiment
{
    private readonly MLContext _ml = new MLContext(seed: 1);
    private IDataView _twice;
    public IDataView Exposed;
    private IDataView _regression;
    private IDataView _keyed;
    private IDataView _virtual;
    private IDataView _transformed;

    public void Prepare(IDataView data, ITransformer prep)
    {
        var split = _ml.Data.TrainTestSplit(data, testFraction: 0.2);
        _twice = split.TrainSet;
        Exposed = split.TrainSet;
        _regression = split.TrainSet;
        _virtual = split.TrainSet;
        _transformed = prep.Transform(split.TrainSet);
        _keyed = _ml.Data.TrainTestSplit(data, samplingKeyColumnName: ""GroupId"").TrainSet;
    }

    public void Reload(IDataView data) => _twice = data;

    public void Train(ITransformer prep)
    {
        _ml.Ranking.Trainers.FastTree().Fit(_twice);
        _ml.Ranking.Trainers.FastTree().Fit(Exposed);
        _ml.Regression.Trainers.FastTree().Fit(_regression);
        _ml.Ranking.Trainers.FastTree().Fit(_keyed);
        _ml.Ranking.Trainers.FastTree().Fit(prep.Transform(_transformed));
    }

    protected virtual ITransformer TrainVirtual() => _ml.Ranking.Trainers.FastTree().Fit(_virtual);
}");

        // ---- split parts held in fields: flagged ----

        [Fact]
        public Task Field_assigned_once_from_a_split_and_fitted_by_a_ranker_in_another_member() => Verify.VerifyAsync(Usings + @"
class Experiment
{
    private readonly MLContext _ml = new MLContext(seed: 1);
    private readonly IDataView _fromConstructor;
    private IDataView _train;

    public Experiment(IDataView data)
    {
        var split = {|#0:_ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
        _fromConstructor = split.TrainSet;
    }

    public void Prepare(IDataView data)
    {
        var split = {|#1:_ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
        this._train = split.TrainSet;
    }

    public ITransformer Train()
    {
        var cached = _ml.Data.Cache(_fromConstructor);
        _ml.Ranking.Trainers.LightGbm(rowGroupColumnName: ""QueryKey"").Fit(cached);
        return BuildRanking().Fit(_train);
    }

    private IEstimator<ITransformer> BuildRanking() => _ml.Ranking.Trainers.FastTree();
}",
            Verify.Diagnostic("MLO2005").WithLocation(0).WithArguments("QueryKey"),
            Verify.Diagnostic("MLO2005").WithLocation(1).WithArguments("GroupId"));

        [Fact]
        public Task Documented_factory_and_helper_example() => Verify.VerifyAsync(@"
using Microsoft.ML;

public static class HotelRankingHelpers
{
    public static ITransformer Train(MLContext ml, IDataView data)
    {
        var split = {|#0:ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
        var model = BuildPipeline(ml).Fit(split.TrainSet);
        FitRanker(ml, split.TrainSet);
        return model;
    }

    public static ITransformer TrainKeyed(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, samplingKeyColumnName: ""GroupId"");
        return FitRanker(ml, split.TrainSet);
    }

    private static IEstimator<ITransformer> BuildPipeline(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey(""GroupId"").Append(ml.Ranking.Trainers.FastTree());

    private static ITransformer FitRanker(MLContext ml, IDataView train) => BuildPipeline(ml).Fit(ml.Data.Cache(train));
}", Verify.Diagnostic("MLO2005").WithLocation(0).WithArguments("GroupId"));

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
class Data { public object TrainTestSplit(object data) => data; }
class C { void M() { new Data().TrainTestSplit(null); } }");
    }
}
