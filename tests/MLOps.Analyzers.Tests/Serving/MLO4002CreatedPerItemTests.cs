using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Serving.CreatedPerItemAnalyzer>;

namespace MLOps.Analyzers.Tests.Serving
{
    public class MLO4002CreatedPerItemTests
    {
        private const string Usings = @"
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { public float Distance { get; set; } }
public class FarePrediction { [ColumnName(""Score"")] public float Fare { get; set; } }";

        // ---- flagged: the call does not depend on the iteration ----

        [Fact]
        public Task Engine_created_for_every_row_of_a_foreach() => Verify.VerifyAsync(Usings + @"
class C
{
    float Total(MLContext ml, ITransformer model, IEnumerable<Trip> trips)
    {
        float total = 0;
        foreach (var trip in trips)
        {
            var engine = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model)|};
            total += engine.Predict(trip).Fare;
        }

        return total;
    }
}" + Types);

        [Fact]
        public Task Engine_created_and_used_in_place_in_a_for_loop() => Verify.VerifyAsync(Usings + @"
class C
{
    float[] Fares(MLContext ml, ITransformer model, Trip[] trips)
    {
        var fares = new float[trips.Length];
        for (int i = 0; i < trips.Length; i++)
        {
            fares[i] = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model)|}.Predict(trips[i]).Fare;
        }

        return fares;
    }
}" + Types);

        [Fact]
        public Task Engine_created_for_every_line_read_in_a_while_loop() => Verify.VerifyAsync(Usings + @"
class C
{
    void Repl(MLContext ml, ITransformer model)
    {
        while (true)
        {
            var line = Console.ReadLine();
            if (line is null) break;
            var engine = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model)|};
            Console.WriteLine(engine.Predict(new Trip { Distance = float.Parse(line) }).Fare);
        }
    }
}" + Types);

        [Fact]
        public Task Engine_created_in_a_do_loop_and_disposed_each_time() => Verify.VerifyAsync(Usings + @"
class C
{
    void Score(MLContext ml, ITransformer model, Queue<Trip> queue)
    {
        do
        {
            using var engine = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model)|};
            Console.WriteLine(engine.Predict(queue.Dequeue()).Fare);
        }
        while (queue.Count > 0);
    }
}" + Types);

        [Fact]
        public Task Engine_created_in_a_LINQ_Select_lambda() => Verify.VerifyAsync(Usings + @"
class C
{
    List<float> Fares(MLContext ml, ITransformer model, List<Trip> trips) =>
        trips.Select(t => {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model)|}.Predict(t).Fare).ToList();
}" + Types);

        [Fact]
        public Task Engine_created_in_a_query_expression() => Verify.VerifyAsync(Usings + @"
class C
{
    IEnumerable<float> Fares(MLContext ml, ITransformer model, IEnumerable<Trip> trips) =>
        from t in trips
        where t.Distance > 0
        select {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model)|}.Predict(t).Fare;
}" + Types);

        [Fact]
        public Task Engine_created_in_a_List_ForEach_lambda() => Verify.VerifyAsync(Usings + @"
class C
{
    void Print(MLContext ml, ITransformer model, List<Trip> trips) =>
        trips.ForEach(t =>
        {
            var engine = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model)|};
            Console.WriteLine(engine.Predict(t).Fare);
        });
}" + Types);

        [Fact]
        public Task Model_loaded_from_the_same_path_for_every_row() => Verify.VerifyAsync(Usings + @"
class C
{
    void Score(MLContext ml, string modelPath, IEnumerable<Trip> trips)
    {
        foreach (var trip in trips)
        {
            var model = {|MLO4002:ml.Model.Load(modelPath, out _)|};
            var engine = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model)|};
            Console.WriteLine(engine.Predict(trip).Fare);
        }
    }
}" + Types);

        [Fact]
        public Task Context_model_and_engine_all_recreated_per_item_as_in_issue_5897() => Verify.VerifyAsync(Usings + @"
class C
{
    void Score(string modelPath, IEnumerable<Trip> trips)
    {
        foreach (var trip in trips)
        {
            var ml = new MLContext();
            var model = {|MLO4002:ml.Model.Load(Path.Combine(AppContext.BaseDirectory, modelPath), out var schema)|};
            using var engine = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model, schema)|};
            Console.WriteLine(engine.Predict(trip).Fare);
        }
    }
}" + Types);

        [Fact]
        public Task Model_loaded_from_a_stream_opened_on_the_same_file_per_row() => Verify.VerifyAsync(Usings + @"
class C
{
    const string ModelPath = ""model.zip"";

    void Score(MLContext ml, Trip[] trips, IDataView batch)
    {
        for (int i = 0; i < trips.Length; i++)
        {
            var scored = {|MLO4002:ml.Model.Load(File.OpenRead(ModelPath), out _)|}.Transform(batch);
            Console.WriteLine(scored.Schema.Count);
        }
    }
}" + Types);

        [Fact]
        public Task Model_loaded_inline_as_the_engines_argument_per_row() => Verify.VerifyAsync(Usings + @"
class C
{
    void Score(MLContext ml, Trip[] trips)
    {
        for (int i = 0; i < trips.Length; i++)
        {
            var fare = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>({|MLO4002:ml.Model.Load(""model.zip"", out var schema)|}, schema)|}.Predict(trips[i]).Fare;
            Console.WriteLine(fare);
        }
    }
}" + Types);

        [Fact]
        public Task Engine_created_in_the_inner_loop_from_the_outer_loops_model() => Verify.VerifyAsync(Usings + @"
class C
{
    void Compare(MLContext ml, string[] modelPaths, Trip[] trips)
    {
        foreach (var path in modelPaths)
        {
            var model = ml.Model.Load(path, out _);
            foreach (var trip in trips)
            {
                var engine = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model)|};
                Console.WriteLine($""{path}: {engine.Predict(trip).Fare}"");
            }
        }
    }
}" + Types);

        [Fact]
        public Task Engine_created_from_readonly_fields() => Verify.VerifyAsync(Usings + @"
class FareService
{
    private readonly MLContext _ml = new MLContext();
    private readonly ITransformer _model;
    private ITransformer _privateModel;

    public FareService(ITransformer model) { _model = model; _privateModel = model; }

    public IEnumerable<float> Fares(IEnumerable<Trip> trips)
    {
        foreach (var trip in trips)
        {
            var engine = {|MLO4002:_ml.Model.CreatePredictionEngine<Trip, FarePrediction>(_model)|};
            var other = {|MLO4002:_ml.Model.CreatePredictionEngine<Trip, FarePrediction>(_privateModel)|};
            yield return engine.Predict(trip).Fare + other.Predict(trip).Fare;
        }
    }
}" + Types);

        [Fact]
        public Task Engine_created_with_the_same_options_every_time() => Verify.VerifyAsync(Usings + @"
class C
{
    void Score(MLContext ml, ITransformer model, Trip[] trips)
    {
        foreach (var trip in trips)
        {
            var options = new PredictionEngineOptions { IgnoreMissingColumns = false };
            var engine = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model, options)|};
            Console.WriteLine(engine.Predict(trip).Fare);
        }
    }
}" + Types);

        // ---- not flagged: the call depends on the iteration ----
        [Fact]
        public Task Options_object_changed_on_each_iteration_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Score(MLContext ml, ITransformer model, Trip[] trips, SchemaDefinition definition)
    {
        var options = new PredictionEngineOptions();
        foreach (var trip in trips)
        {
            options.IgnoreMissingColumns = trip.Distance > 0;
            var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model, options);
            Console.WriteLine(engine.Predict(trip).Fare);
        }

        foreach (var trip in trips)
        {
            Adjust(definition, trip);
            var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model, inputSchemaDefinition: definition);
            Console.WriteLine(engine.Predict(trip).Fare);
        }
    }

    static void Adjust(SchemaDefinition definition, Trip trip) { }
}" + Types);


        [Fact]
        public Task One_model_per_path_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Compare(MLContext ml, string[] modelPaths, Trip trip)
    {
        foreach (var path in modelPaths)
        {
            var model = ml.Model.Load(path, out _);
            var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
            Console.WriteLine($""{path}: {engine.Predict(trip).Fare}"");
        }
    }
}" + Types);

        [Fact]
        public Task One_engine_per_model_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    IEnumerable<float> Fares(MLContext ml, IEnumerable<ITransformer> models, Trip trip) =>
        models.Select(m => ml.Model.CreatePredictionEngine<Trip, FarePrediction>(m).Predict(trip).Fare);
}" + Types);

        [Fact]
        public Task Model_local_reassigned_in_the_loop_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Score(MLContext ml, string[] modelPaths, Trip trip)
    {
        ITransformer model;
        for (int i = 0; i < modelPaths.Length; i++)
        {
            model = ml.Model.Load(modelPaths[i], out _);
            var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
            Console.WriteLine(engine.Predict(trip).Fare);
        }
    }
}" + Types);

        [Fact]
        public Task Model_computed_by_a_method_call_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    private ITransformer CurrentModel() => throw new NotImplementedException();

    void Score(MLContext ml, IEnumerable<Trip> trips)
    {
        foreach (var trip in trips)
        {
            var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(CurrentModel());
            Console.WriteLine(engine.Predict(trip).Fare);
        }
    }
}" + Types);

        [Fact]
        public Task Model_in_a_settable_property_or_reassigned_field_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class HotSwappingService
{
    private readonly MLContext _ml = new MLContext();
    private ITransformer _model;

    public HotSwappingService(ITransformer model) { _model = model; }

    public ITransformer Model { get; set; }

    public void Reload(string path) => _model = _ml.Model.Load(path, out _);

    public void Score(IEnumerable<Trip> trips)
    {
        foreach (var trip in trips)
        {
            Console.WriteLine(_ml.Model.CreatePredictionEngine<Trip, FarePrediction>(_model).Predict(trip).Fare);
            Console.WriteLine(_ml.Model.CreatePredictionEngine<Trip, FarePrediction>(Model).Predict(trip).Fare);
        }
    }
}" + Types);

        // ---- not flagged: created once, or kept on purpose ----

        [Fact]
        public Task Engine_created_before_the_loop_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Score(MLContext ml, string modelPath, IEnumerable<Trip> trips)
    {
        var model = ml.Model.Load(modelPath, out var schema);
        using var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model, schema);
        foreach (var trip in trips)
        {
            Console.WriteLine(engine.Predict(trip).Fare);
        }
    }
}" + Types);

        [Fact]
        public Task Loop_that_fills_a_pool_of_engines_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    List<PredictionEngine<Trip, FarePrediction>> Pool(MLContext ml, ITransformer model)
    {
        var pool = new List<PredictionEngine<Trip, FarePrediction>>();
        for (int i = 0; i < Environment.ProcessorCount; i++)
        {
            pool.Add(ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model));
        }

        var engines = new PredictionEngine<Trip, FarePrediction>[4];
        for (int i = 0; i < engines.Length; i++)
        {
            var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
            engines[i] = engine;
        }

        return pool.Concat(Enumerable.Range(0, 4).Select(_ => ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model))).ToList();
    }
}" + Types);

        [Fact]
        public Task Lazily_created_engine_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Score(MLContext ml, ITransformer model, IEnumerable<Trip> trips)
    {
        PredictionEngine<Trip, FarePrediction> engine = null;
        PredictionEngine<Trip, FarePrediction> other = null;
        foreach (var trip in trips)
        {
            if (engine is null)
            {
                engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
            }

            other ??= ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
            Console.WriteLine(engine.Predict(trip).Fare + other.Predict(trip).Fare);
        }
    }
}" + Types);

        [Fact]
        public Task Retry_loop_that_leaves_on_success_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    float PredictWithRetry(MLContext ml, ITransformer model, Trip trip)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                using var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
                return engine.Predict(trip).Fare;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }
}" + Types);

        [Fact]
        public Task Loops_that_run_at_most_once_are_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Score(MLContext ml, ITransformer model, Trip trip)
    {
        do
        {
            var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
            Console.WriteLine(engine.Predict(trip).Fare);
        }
        while (false);

        while (true)
        {
            var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
            Console.WriteLine(engine.Predict(trip).Fare);
            break;
        }
    }
}" + Types);

        [Fact]
        public Task Polling_loop_that_reloads_a_changing_file_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    async Task Watch(MLContext ml, string modelPath, Trip probe, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            var model = ml.Model.Load(modelPath, out _);
            var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
            Console.WriteLine(engine.Predict(probe).Fare);
            await Task.Delay(TimeSpan.FromMinutes(5), token);
        }
    }

    void Poll(MLContext ml, string modelPath, IDataView probe)
    {
        for (int i = 0; i < 10; i++)
        {
            Console.WriteLine(ml.Model.Load(modelPath, out _).Transform(probe).Schema.Count);
            Thread.Sleep(60_000);
        }
    }
}" + Types);

        [Fact]
        public Task Loop_that_writes_the_model_file_before_loading_it_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void RoundTrip(MLContext ml, IEstimator<ITransformer>[] pipelines, IDataView train, IDataView test, string modelPath)
    {
        foreach (var pipeline in pipelines)
        {
            ml.Model.Save(pipeline.Fit(train), train.Schema, modelPath);
            var loaded = ml.Model.Load(modelPath, out _);
            Console.WriteLine(ml.Regression.Evaluate(loaded.Transform(test)).RSquared);
        }
    }

    void Versions(MLContext ml, string[] versions, string modelPath, IDataView test)
    {
        foreach (var version in versions)
        {
            Download(version, modelPath);
            Console.WriteLine(ml.Model.Load(modelPath, out _).Transform(test).Schema.Count);
        }

        foreach (var version in versions)
        {
            Promote(version);
            Console.WriteLine(ml.Model.Load(modelPath, out _).Transform(test).Schema.Count);
        }
    }

    static void Download(string version, string path) { }

    static void Promote(string version) => File.Copy(version + "".zip"", ""current.zip"", overwrite: true);
}" + Types);

        [Fact]
        public Task Lambda_of_Task_Run_or_Parallel_ForEach_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    void Score(MLContext ml, ITransformer model, Trip[] trips)
    {
        Parallel.ForEach(trips, trip =>
        {
            var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
            Console.WriteLine(engine.Predict(trip).Fare);
        });

        foreach (var trip in trips)
        {
            Task.Run(() => ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model).Predict(trip));
        }
    }
}" + Types);

        [Fact]
        public Task Method_called_from_a_loop_elsewhere_is_out_of_reach() => Verify.VerifyAsync(Usings + @"
class C
{
    float Predict(MLContext ml, ITransformer model, Trip trip)
    {
        var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
        return engine.Predict(trip).Fare;
    }

    void Score(MLContext ml, ITransformer model, Trip[] trips)
    {
        foreach (var trip in trips)
        {
            Console.WriteLine(Predict(ml, model, trip));
        }
    }
}" + Types);

        [Fact]
        public Task Collection_of_a_foreach_is_evaluated_once() => Verify.VerifyAsync(Usings + @"
class C
{
    void Print(MLContext ml, string modelPath, IDataView data)
    {
        foreach (var column in ml.Model.Load(modelPath, out _).GetOutputSchema(data.Schema))
        {
            Console.WriteLine(column.Name);
        }
    }
}" + Types);

        // ---- one loop, many calls: each call is judged on its own (the loop's facts are built once and shared) ----

        [Fact]
        public Task Of_two_loads_in_one_loop_only_the_one_whose_path_is_copied_over_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    float Score(MLContext ml, string pathA, string pathB, string staging, Trip[] trips)
    {
        float total = 0;
        foreach (var trip in trips)
        {
            var a = ml.Model.Load(pathA, out var schemaA);
            var b = {|MLO4002:ml.Model.Load(pathB, out var schemaB)|};
            total += a.Transform(ml.Data.LoadFromEnumerable(new[] { trip })).Schema.Count;
            total += b.Transform(ml.Data.LoadFromEnumerable(new[] { trip })).Schema.Count;
            File.Copy(staging, pathA, overwrite: true);
        }

        return total;
    }
}" + Types);

        [Fact]
        public Task Of_two_loads_of_literals_only_the_one_whose_file_is_copied_over_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    float Score(MLContext ml, Trip[] trips)
    {
        float total = 0;
        foreach (var trip in trips)
        {
            var a = ml.Model.Load(""a.zip"", out var schemaA);
            var b = {|MLO4002:ml.Model.Load(""b.zip"", out var schemaB)|};
            total += a.Transform(ml.Data.LoadFromEnumerable(new[] { trip })).Schema.Count;
            total += b.Transform(ml.Data.LoadFromEnumerable(new[] { trip })).Schema.Count;
            File.Copy(""staging.zip"", ""a.zip"", overwrite: true);
        }

        return total;
    }
}" + Types);

        [Fact]
        public Task Of_two_engines_in_one_loop_only_the_one_kept_in_a_list_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class C
{
    float Score(MLContext ml, ITransformer model, Trip[] trips, List<PredictionEngine<Trip, FarePrediction>> kept)
    {
        float total = 0;
        foreach (var trip in trips)
        {
            var used = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model)|};
            var stored = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
            kept.Add(stored);
            total += used.Predict(trip).Fare;
        }

        return total;
    }
}" + Types);

        [Fact]
        public Task Every_engine_of_a_long_loop_body_is_flagged_and_one_that_reads_the_row_is_not() => Verify.VerifyAsync(Usings + @"
class C
{
    float Score(MLContext ml, string modelPath, Trip[] trips, ITransformer[] models)
    {
        float total = 0;
        foreach (var trip in trips)
        {
            var model0 = {|MLO4002:ml.Model.Load(modelPath, out var schema0)|};
            var engine0 = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model0, schema0)|};
            total += engine0.Predict(trip).Fare;
            var model1 = {|MLO4002:ml.Model.Load(modelPath, out var schema1)|};
            var engine1 = {|MLO4002:ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model1, schema1)|};
            total += engine1.Predict(trip).Fare;
            var engine2 = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(models[(int)trip.Distance]);
            total += engine2.Predict(trip).Fare;
        }

        return total;
    }
}" + Types);

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
using System.Collections.Generic;
class Model { public object Load(string path) => path; }
class C { void M(Model model, List<string> rows) { foreach (var r in rows) { model.Load(""m.zip""); } } }");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
class C
{
    void M(MLContext ml, ITransformer model, List<Trip> trips)
    {
        foreach (var trip in )
        {
            var engine = ml.Model.CreatePredictionEngine<Trip, FarePrediction>(;
            var loaded = ml.Model.Load(, out );
            engine.
        }
        trips.Select(t => ml.Model.CreatePredictionEngine<Trip,>(model).
        while (
    }
}" + Types);
    }
}
