using System.Threading.Tasks;
using Xunit;
using Verify = MLOps.Analyzers.Tests.Verifiers.AnalyzerVerifier<MLOps.Analyzers.Serving.PredictionEngineSharedAcrossThreadsAnalyzer>;

namespace MLOps.Analyzers.Tests.Serving
{
    public class MLO4001PredictionEngineSharedAcrossThreadsTests
    {
        private const string Usings = @"
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML;
";

        private const string AspNetUsings = Usings + @"
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
";

        private const string DataTypes = @"
public class ModelInput { public string Text { get; set; } = """"; }
public class ModelOutput { public float Score { get; set; } }";

        // Microsoft.Extensions.ML is not served here: a minimal stand-in with the real namespace and type names.
        private const string PredictionEnginePoolStandIn = @"
namespace Microsoft.Extensions.ML
{
    public class PredictionEnginePool<TData, TPrediction> where TData : class where TPrediction : class, new()
    {
        public Microsoft.ML.PredictionEngine<TData, TPrediction> GetPredictionEngine() => throw new System.NotImplementedException();
        public void ReturnPredictionEngine(Microsoft.ML.PredictionEngine<TData, TPrediction> engine) { }
    }

    public static class PredictionEnginePoolExtensions
    {
        public static TPrediction Predict<TData, TPrediction>(this PredictionEnginePool<TData, TPrediction> pool, TData example)
            where TData : class where TPrediction : class, new()
        {
            var engine = pool.GetPredictionEngine();
            try { return engine.Predict(example); } finally { pool.ReturnPredictionEngine(engine); }
        }
    }
}";

        // ---- flagged: static members ----

        [Fact]
        public Task Static_readonly_field_used_by_a_public_method() => Verify.VerifyAsync(Usings + @"
public class SentimentScorer
{
    private static readonly PredictionEngine<ModelInput, ModelOutput> {|#0:Engine|} = Create();

    public static ModelOutput Predict(ModelInput input) => Engine.Predict(input);

    private static PredictionEngine<ModelInput, ModelOutput> Create()
    {
        var ml = new MLContext();
        var model = ml.Model.Load(""model.zip"", out _);
        return ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
    }
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is held in the static field 'Engine'"));

        // The .consumption.cs file Model Builder generates.
        [Fact]
        public Task Model_Builder_consumption_template_public_static_Lazy() => Verify.VerifyAsync(Usings + @"
public partial class MLModel
{
    private static string MLNetModelPath = System.IO.Path.GetFullPath(""MLModel.zip"");

    public static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> {|#0:PredictEngine|} = new Lazy<PredictionEngine<ModelInput, ModelOutput>>(() => CreatePredictEngine(), true);

    public static ModelOutput Predict(ModelInput input)
    {
        var predEngine = PredictEngine.Value;
        return predEngine.Predict(input);
    }

    private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
    {
        var mlContext = new MLContext();
        ITransformer mlModel = mlContext.Model.Load(MLNetModelPath, out var _);
        return mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(mlModel);
    }
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is held in the static Lazy<> 'PredictEngine'"));

        // The ConsumeModel.cs that ML.NET's code generator (CLI, older Model Builder) writes: a private Lazy used by a public method.
        [Fact]
        public Task Code_generator_ConsumeModel_private_static_Lazy() => Verify.VerifyAsync(Usings + @"
public class ConsumeModel
{
    private static Lazy<PredictionEngine<ModelInput, ModelOutput>> {|MLO4001:PredictionEngine|} = new Lazy<PredictionEngine<ModelInput, ModelOutput>>(CreatePredictionEngine);

    public static string MLNetModelPath = ""MLModel.zip"";

    public static ModelOutput Predict(ModelInput input)
    {
        ModelOutput result = PredictionEngine.Value.Predict(input);
        return result;
    }

    public static PredictionEngine<ModelInput, ModelOutput> CreatePredictionEngine()
    {
        MLContext mlContext = new MLContext();
        ITransformer mlModel = mlContext.Model.Load(MLNetModelPath, out var modelInputSchema);
        return mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(mlModel);
    }
}" + DataTypes);

        [Fact]
        public Task Public_static_auto_property() => Verify.VerifyAsync(Usings + @"
public static class Engines
{
    public static PredictionEngine<ModelInput, ModelOutput> {|#0:Sentiment|} { get; set; }
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is held in the static property 'Sentiment'"));

        [Fact]
        public Task Static_field_of_the_base_type_PredictionEngineBase() => Verify.VerifyAsync(Usings + @"
public class Scorer
{
    internal static PredictionEngineBase<ModelInput, ModelOutput> {|MLO4001:Engine|};
}" + DataTypes);

        [Fact]
        public Task Private_static_field_reached_through_a_private_helper_from_a_public_method() => Verify.VerifyAsync(Usings + @"
public class Scorer
{
    private static PredictionEngine<ModelInput, ModelOutput> {|MLO4001:_engine|};

    public static void Load(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);

    public float Score(string text) => Run(new ModelInput { Text = text }).Score;

    private static ModelOutput Run(ModelInput input) => _engine.Predict(input);
}" + DataTypes);

        [Fact]
        public Task Static_field_in_a_controller() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
[ApiController]
[Route(""predict"")]
public class PredictController : ControllerBase
{
    private static readonly PredictionEngine<ModelInput, ModelOutput> {|MLO4001:Engine|} =
        new MLContext().Model.CreatePredictionEngine<ModelInput, ModelOutput>(new MLContext().Model.Load(""model.zip"", out _));

    [HttpPost]
    public ActionResult<float> Post(ModelInput input) => Engine.Predict(input).Score;
}" + DataTypes);

        [Fact]
        public Task Private_static_auto_property_used_by_a_public_method() => Verify.VerifyAsync(Usings + @"
public class Scorer
{
    private static PredictionEngine<ModelInput, ModelOutput> {|MLO4001:Engine|} { get; set; }

    public Scorer(PredictionEngine<ModelInput, ModelOutput> engine) => Engine ??= engine;

    public float Score(ModelInput input) => Engine.Predict(input).Score;
}" + DataTypes);

        [Fact]
        public Task Nested_type_is_reported_once() => Verify.VerifyAsync(Usings + @"
public class Outer
{
    public class Inner
    {
        public static PredictionEngine<ModelInput, ModelOutput> {|MLO4001:Engine|};

        public void ScoreAll(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput[] inputs) =>
            Parallel.ForEach(inputs, input => {|MLO4001:engine|}.Predict(input));
    }

    public void ScoreAll(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput[] inputs) =>
        Parallel.ForEach(inputs, input => {|MLO4001:engine|}.Predict(input));
}" + DataTypes);

        // ---- flagged: singletons ----

        [Fact]
        public Task Engine_instance_registered_as_a_singleton() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
public static class Startup
{
    public static void ConfigureServices(IServiceCollection services, MLContext ml, ITransformer model)
    {
        var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
        {|#0:services.AddSingleton(engine)|};
    }
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is registered as a singleton"));

        [Fact]
        public Task Engine_type_registered_as_a_singleton_with_a_factory() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
public static class Startup
{
    public static void ConfigureServices(IServiceCollection services, MLContext ml, ITransformer model)
    {
        {|MLO4001:services.AddSingleton<PredictionEngine<ModelInput, ModelOutput>>(_ => ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model))|};
        {|MLO4001:services.TryAddSingleton(ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model))|};
        {|MLO4001:services.AddSingleton(typeof(PredictionEngine<,>))|};
    }
}" + DataTypes);

        [Fact]
        public Task Class_holding_an_engine_registered_as_a_singleton() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
public interface IScorer { float Score(string text); }

public class Scorer : IScorer
{
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;

    public Scorer(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);

    public float Score(string text) => _engine.Predict(new ModelInput { Text = text }).Score;
}

public static class Startup
{
    public static void ConfigureServices(IServiceCollection services)
    {
        {|#0:services.AddSingleton<IScorer, Scorer>()|};
    }
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is held in the field '_engine' of 'Scorer', which is registered as a singleton"));

        [Fact]
        public Task Controller_registered_as_a_singleton() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
[ApiController]
[Route(""predict"")]
public class PredictController : ControllerBase
{
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;

    public PredictController(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);

    [HttpPost]
    public ActionResult<float> Post(ModelInput input) => _engine.Predict(input).Score;
}

public static class Startup
{
    public static void ConfigureServices(IServiceCollection services)
    {
        services.AddControllers().AddControllersAsServices();
        {|MLO4001:services.AddSingleton<PredictController>()|};
    }
}" + DataTypes);

        // ---- flagged: middleware ----

        [Fact]
        public Task Engine_field_of_conventional_middleware() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
public class ScoringMiddleware
{
    private readonly RequestDelegate _next;
    private readonly PredictionEngine<ModelInput, ModelOutput> {|#0:_engine|};

    public ScoringMiddleware(RequestDelegate next, MLContext ml, ITransformer model)
    {
        _next = next;
        _engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var score = _engine.Predict(new ModelInput { Text = context.Request.Path }).Score;
        context.Items[""score""] = score;
        await _next(context);
    }
}

public static class Pipeline
{
    public static void Configure(IApplicationBuilder app) => app.UseMiddleware<ScoringMiddleware>();
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is a field of the middleware 'ScoringMiddleware'"));

        // ---- flagged: captured by concurrent code ----

        [Fact]
        public Task Local_engine_captured_by_Parallel_ForEach() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    float[] Score(MLContext ml, ITransformer model, ModelInput[] inputs)
    {
        var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
        var scores = new float[inputs.Length];
        Parallel.ForEach(Enumerable.Range(0, inputs.Length), i => scores[i] = {|#0:engine|}.Predict(inputs[i]).Score);
        return scores;
    }
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is captured by Parallel.ForEach"));

        [Fact]
        public Task Field_captured_by_Parallel_For() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;

    public BatchScorer(PredictionEngine<ModelInput, ModelOutput> engine) => _engine = engine;

    public float[] Score(ModelInput[] inputs)
    {
        var scores = new float[inputs.Length];
        Parallel.For(0, inputs.Length, i => scores[i] = {|MLO4001:_engine|}.Predict(inputs[i]).Score);
        return scores;
    }
}" + DataTypes);

        [Fact]
        public Task Parameter_captured_by_Parallel_ForEachAsync_with_ProcessorCount_threads() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    async Task Score(PredictionEngine<ModelInput, ModelOutput> engine, IEnumerable<ModelInput> inputs)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        await Parallel.ForEachAsync(inputs, options, async (input, token) =>
        {
            await Task.Yield();
            Console.WriteLine({|MLO4001:engine|}.Predict(input).Score);
        });
    }
}" + DataTypes);

        [Fact]
        public Task Private_static_field_captured_by_Parallel_ForEach_in_Main() => Verify.VerifyAsync(Usings + @"
class Program
{
    private static PredictionEngine<ModelInput, ModelOutput> _engine;

    static void Main()
    {
        var ml = new MLContext();
        _engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(ml.Model.Load(""model.zip"", out _));
        Parallel.ForEach(new[] { ""a"", ""b"" }, text => Console.WriteLine({|MLO4001:_engine|}.Predict(new ModelInput { Text = text }).Score));
    }
}" + DataTypes);

        [Fact]
        public Task Engine_used_in_a_PLINQ_query() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    List<float> Score(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput[] inputs) =>
        inputs.AsParallel().Select(input => {|#0:engine|}.Predict(input).Score).ToList();

    List<ModelOutput> ScoreWithMethodGroup(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput[] inputs) =>
        inputs.AsParallel().AsOrdered().Select({|#1:engine|}.Predict).ToList();
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is used in a PLINQ query"),
            Verify.Diagnostic("MLO4001").WithLocation(1).WithArguments("is used in a PLINQ query"));

        // dotnet/machinelearning#5582: predictions started with Task.Run in a loop, then awaited together.
        [Fact]
        public Task Task_Run_in_a_loop_without_waiting() => Verify.VerifyAsync(Usings + @"
class Program
{
    static async Task<string[]> PredictAll(PredictionEngine<ModelInput, ModelOutput> engine, string[] toPredict)
    {
        var resultTasks = new Task<string>[toPredict.Length];
        for (int i = 0; i < toPredict.Length; i++)
        {
            string review = toPredict[i];
            resultTasks[i] = Task.Run(() => {|#0:engine|}.Predict(new ModelInput { Text = review }).Score.ToString());
        }

        return await Task.WhenAll(resultTasks);
    }
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is captured by Task.Run inside a loop"));

        [Fact]
        public Task Task_Run_per_item_of_a_Select() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    Task<float[]> Score(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput[] inputs) =>
        Task.WhenAll(inputs.Select(input => Task.Run(() => {|#0:engine|}.Predict(input).Score)));
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is captured by Task.Run inside Select"));

        [Fact]
        public Task StartNew_threads_and_thread_pool_items_in_loops() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    void Score(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput[] inputs)
    {
        var tasks = new List<Task>();
        foreach (var input in inputs)
        {
            tasks.Add(Task.Factory.StartNew(() => {|#0:engine|}.Predict(input)));
        }

        Task.WaitAll(tasks.ToArray());

        var threads = new List<Thread>();
        foreach (var input in inputs)
        {
            var thread = new Thread(() => {|#1:engine|}.Predict(input));
            thread.Start();
            threads.Add(thread);
        }

        threads.ForEach(t => t.Join());

        foreach (var input in inputs)
        {
            ThreadPool.QueueUserWorkItem(_ => {|#2:engine|}.Predict(input));
        }
    }
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is captured by Task.Factory.StartNew inside a loop"),
            Verify.Diagnostic("MLO4001").WithLocation(1).WithArguments("is captured by a new Thread inside a loop"),
            Verify.Diagnostic("MLO4001").WithLocation(2).WithArguments("is captured by ThreadPool.QueueUserWorkItem inside a loop"));

        [Fact]
        public Task Lazy_engine_captured_by_Parallel_ForEach() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    void Score(Lazy<PredictionEngine<ModelInput, ModelOutput>> engine, ModelInput[] inputs) =>
        Parallel.ForEach(inputs, input => {|MLO4001:engine|}.Value.Predict(input));
}" + DataTypes);

        // The minimal-API Program.cs of a web app: every request runs the handler, on its own thread.
        [Fact]
        public Task Top_level_minimal_API_program()
        {
            var test = Verify.CreateTest(AspNetUsings + @"
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var ml = new MLContext();
var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(ml.Model.Load(""model.zip"", out _));
app.MapPost(""/predict"", (ModelInput input) => {|MLO4001:engine|}.Predict(input));
app.Run();
" + DataTypes);
            test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            test.TestState.AdditionalReferences.AddRange(Verifiers.TestReferences.AspNetCore);
            return test.RunAsync();
        }

        [Fact]
        public Task Parallel_Invoke_with_two_actions_on_the_same_engine() => Verify.VerifyAsync(Usings + @"
class Pair
{
    void Score(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput a, ModelInput b) =>
        Parallel.Invoke(() => {|MLO4001:engine|}.Predict(a), () => engine.Predict(b));
}" + DataTypes);

        [Fact]
        public Task Method_group_passed_to_Parallel_ForEach_uses_an_engine_field() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;

    public BatchScorer(PredictionEngine<ModelInput, ModelOutput> engine) => _engine = engine;

    public void ScoreAll(IEnumerable<ModelInput> inputs) => Parallel.ForEach(inputs, {|#0:Score|});

    private void Score(ModelInput input) => Console.WriteLine(_engine.Predict(input).Score);
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is used by 'Score', which is passed to Parallel.ForEach"));

        // The timed background task of the ASP.NET Core docs: System.Threading.Timer callbacks can overlap.
        [Fact]
        public Task Hosted_service_timer_callback_uses_an_engine_field() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
public class TimedScoring : IHostedService, IDisposable
{
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;
    private Timer _timer;

    public TimedScoring(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);

    public Task StartAsync(CancellationToken stoppingToken)
    {
        _timer = new Timer({|#0:DoWork|}, null, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    private void DoWork(object state) => Console.WriteLine(_engine.Predict(new ModelInput()).Score);

    public Task StopAsync(CancellationToken stoppingToken)
    {
        _timer?.Change(Timeout.Infinite, 0);
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is used by 'DoWork', which is passed to a periodic Timer"));

        [Fact]
        public Task Periodic_timer_lambda_captures_an_engine() => Verify.VerifyAsync(Usings + @"
class Poller
{
    Timer Start(PredictionEngine<ModelInput, ModelOutput> engine) =>
        new Timer(_ => Console.WriteLine({|#0:engine|}.Predict(new ModelInput()).Score), null, 0, 1000);
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is captured by a periodic Timer callback"));

        [Fact]
        public Task Minimal_API_handlers_capture_an_engine() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
public static class Endpoints
{
    public static void Map(WebApplication app, MLContext ml, ITransformer model)
    {
        var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
        app.MapPost(""/predict"", (ModelInput input) => {|#0:engine|}.Predict(input).Score);
        app.Run(async context => await context.Response.WriteAsync({|#1:engine|}.Predict(new ModelInput()).Score.ToString()));
    }
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithLocation(0).WithArguments("is captured by the request handler passed to MapPost"),
            Verify.Diagnostic("MLO4001").WithLocation(1).WithArguments("is captured by the request handler passed to Run"));

        // ---- not flagged ----

        [Fact]
        public Task ThreadStatic_field_is_not_flagged() => Verify.VerifyAsync(Usings + @"
public class Scorer
{
    [ThreadStatic]
    private static PredictionEngine<ModelInput, ModelOutput> _engine;

    public static ModelOutput Predict(MLContext ml, ITransformer model, ModelInput input)
    {
        _engine ??= ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
        return _engine.Predict(input);
    }
}" + DataTypes);

        [Fact]
        public Task ThreadLocal_holder_is_not_flagged() => Verify.VerifyAsync(Usings + @"
public class Scorer
{
    private static readonly MLContext Ml = new MLContext();
    private static readonly ITransformer Model = Ml.Model.Load(""model.zip"", out _);
    private static readonly ThreadLocal<PredictionEngine<ModelInput, ModelOutput>> Engine =
        new ThreadLocal<PredictionEngine<ModelInput, ModelOutput>>(() => Ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(Model));

    public static ModelOutput Predict(ModelInput input) => Engine.Value.Predict(input);

    public static void ScoreAll(ModelInput[] inputs) => Parallel.ForEach(inputs, input => Engine.Value.Predict(input));
}" + DataTypes);

        // The shape of ML.NET's console tutorials: a private static engine used by private methods of a console program.
        [Fact]
        public Task Private_static_field_used_only_by_a_console_programs_private_methods_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Program
{
    private static PredictionEngine<ModelInput, ModelOutput> _predEngine;

    static void Main(string[] args)
    {
        var ml = new MLContext(seed: 0);
        _predEngine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(ml.Model.Load(""model.zip"", out _));
        PredictIssue();
    }

    private static void PredictIssue() => Console.WriteLine(_predEngine.Predict(new ModelInput { Text = ""crash on start"" }).Score);
}" + DataTypes);

        [Fact]
        public Task Static_engine_used_only_under_a_lock_is_not_flagged() => Verify.VerifyAsync(Usings + @"
public class Scorer
{
    private static readonly object Gate = new object();
    private static PredictionEngine<ModelInput, ModelOutput> _engine;
    private static readonly SemaphoreSlim Semaphore = new SemaphoreSlim(1);
    private static PredictionEngine<ModelInput, ModelOutput> _other;

    public static void Load(PredictionEngine<ModelInput, ModelOutput> engine, PredictionEngine<ModelInput, ModelOutput> other)
    {
        _engine = engine;
        _other = other;
    }

    public static ModelOutput Predict(ModelInput input)
    {
        lock (Gate)
        {
            return _engine.Predict(input);
        }
    }

    public static async Task<ModelOutput> PredictOtherAsync(ModelInput input)
    {
        await Semaphore.WaitAsync();
        try { return _other.Predict(input); }
        finally { Semaphore.Release(); }
    }
}" + DataTypes);

        // MVC creates a controller for every request (DefaultControllerActivator), so its instance fields are per request.
        [Fact]
        public Task Controller_instance_field_is_not_flagged() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
[ApiController]
[Route(""predict"")]
public class PredictController : ControllerBase
{
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;

    public PredictController(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);

    [HttpPost]
    public ActionResult<float> Post(ModelInput input) => _engine.Predict(input).Score;
}

public static class Startup
{
    public static void ConfigureServices(IServiceCollection services) => services.AddControllers();
}" + DataTypes);

        [Fact]
        public Task Instance_field_of_an_ordinary_class_is_not_flagged() => Verify.VerifyAsync(Usings + @"
public class Scorer
{
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;

    public Scorer(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);

    public PredictionEngine<ModelInput, ModelOutput> Engine { get; set; }

    public float Score(string text) => _engine.Predict(new ModelInput { Text = text }).Score;
}" + DataTypes);

        [Fact]
        public Task PredictionEnginePool_is_not_flagged() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
using Microsoft.Extensions.ML;

[ApiController]
[Route(""predict"")]
public class PredictController : ControllerBase
{
    private static PredictionEnginePool<ModelInput, ModelOutput> SharedPool;
    private readonly PredictionEnginePool<ModelInput, ModelOutput> _pool;

    public PredictController(PredictionEnginePool<ModelInput, ModelOutput> pool) => _pool = pool;

    [HttpPost]
    public ActionResult<float> Post(ModelInput input) => _pool.Predict(input).Score;

    public void ScoreAll(ModelInput[] inputs) => Parallel.ForEach(inputs, input => _pool.Predict(input));

    public static void ConfigureServices(IServiceCollection services) => services.AddSingleton<PredictionEnginePool<ModelInput, ModelOutput>>();
}" + DataTypes + PredictionEnginePoolStandIn);

        // ITransformer.Transform is thread-safe: a static model is the recommended way to share it.
        [Fact]
        public Task Static_ITransformer_is_not_flagged() => Verify.VerifyAsync(Usings + @"
public static class Model
{
    public static readonly MLContext Ml = new MLContext();
    public static readonly ITransformer Transformer = Ml.Model.Load(""model.zip"", out _);

    public static IDataView Score(IDataView data) => Transformer.Transform(data);
}" + DataTypes);

        [Fact]
        public Task Engine_in_a_plain_loop_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    float Sum(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput[] inputs)
    {
        var sum = 0f;
        foreach (var input in inputs) sum += engine.Predict(input).Score;
        for (var i = 0; i < inputs.Length; i++) sum += engine.Predict(inputs[i]).Score;
        return sum + inputs.Select(input => engine.Predict(input).Score).Sum();
    }
}" + DataTypes);

        [Fact]
        public Task Engine_created_inside_the_parallel_body_or_per_thread_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    void Score(MLContext ml, ITransformer model, ModelInput[] inputs)
    {
        Parallel.ForEach(inputs, input =>
        {
            var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
            engine.Predict(input);
        });

        Parallel.ForEach(
            inputs,
            () => ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model),
            (input, state, engine) => { engine.Predict(input); return engine; },
            engine => engine.Dispose());

        foreach (var input in inputs)
        {
            var own = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
            Task.Run(() => own.Predict(input));
        }
    }
}" + DataTypes);

        [Fact]
        public Task Parallel_body_under_a_lock_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    private readonly object _gate = new object();

    void Score(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput[] inputs) =>
        Parallel.ForEach(inputs, input =>
        {
            lock (_gate)
            {
                engine.Predict(input);
            }
        });
}" + DataTypes);

        [Fact]
        public Task One_degree_of_parallelism_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    void Score(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput[] inputs)
    {
        Parallel.ForEach(inputs, new ParallelOptions { MaxDegreeOfParallelism = 1 }, input => engine.Predict(input));

        var options = new ParallelOptions();
        options.MaxDegreeOfParallelism = 1;
        Parallel.For(0, inputs.Length, options, i => engine.Predict(inputs[i]));

        inputs.AsParallel().WithDegreeOfParallelism(1).Select(input => engine.Predict(input)).ToList();
    }

    // Options the rule cannot read: it stays silent.
    void ScoreWith(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput[] inputs, ParallelOptions options) =>
        Parallel.ForEach(inputs, options, input => engine.Predict(input));
}" + DataTypes);

        [Fact]
        public Task Work_awaited_in_each_iteration_or_started_once_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class BatchScorer
{
    async Task Score(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput[] inputs)
    {
        foreach (var input in inputs)
        {
            var output = await Task.Run(() => engine.Predict(input));
            Task.Run(() => engine.Predict(input)).Wait();
            var pending = Task.Run(() => engine.Predict(input));
            Console.WriteLine(pending.Result.Score);
            var thread = new Thread(() => engine.Predict(input));
            thread.Start();
            thread.Join();
        }

        // One background task that owns the engine.
        await Task.Run(() => { foreach (var input in inputs) engine.Predict(input); });
        new Thread(() => engine.Predict(inputs[0])).Start();
    }
}" + DataTypes);

        [Fact]
        public Task Parallel_Invoke_with_one_action_on_the_engine_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Pair
{
    void Score(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput a) =>
        Parallel.Invoke(() => engine.Predict(a), () => Console.WriteLine(""logging""));
}" + DataTypes);

        [Fact]
        public Task One_shot_timer_is_not_flagged() => Verify.VerifyAsync(Usings + @"
class Poller
{
    Timer Start(PredictionEngine<ModelInput, ModelOutput> engine) =>
        new Timer(_ => engine.Predict(new ModelInput()), null, 1000, Timeout.Infinite);
}" + DataTypes);

        // ExecuteAsync runs once; its loop awaits, so the engine is used by one thread at a time. A hosted service is
        // registered as IHostedService only, so nothing else can call into it.
        [Fact]
        public Task Background_service_with_a_sequential_loop_is_not_flagged() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
public class ScoringWorker : BackgroundService
{
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;

    public ScoringWorker(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Console.WriteLine(_engine.Predict(new ModelInput()).Score);
            await Task.Delay(1000, stoppingToken);
        }
    }
}

public static class Startup
{
    public static void ConfigureServices(IServiceCollection services) => services.AddHostedService<ScoringWorker>();
}" + DataTypes);

        // Factory-based middleware is resolved per request with its registered lifetime.
        [Fact]
        public Task IMiddleware_registered_as_transient_is_not_flagged() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
public class ScoringMiddleware : IMiddleware
{
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;

    public ScoringMiddleware(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        context.Items[""score""] = _engine.Predict(new ModelInput()).Score;
        await next(context);
    }
}

public static class Startup
{
    public static void ConfigureServices(IServiceCollection services)
    {
        services.AddTransient<ScoringMiddleware>();
        services.AddScoped<PredictionEngine<ModelInput, ModelOutput>>(_ => null);
    }
}" + DataTypes);

        [Fact]
        public Task Singleton_class_that_locks_around_its_engine_is_not_flagged() => Verify.VerifyWithAspNetCoreAsync(AspNetUsings + @"
public class Scorer
{
    private readonly object _gate = new object();
    private readonly PredictionEngine<ModelInput, ModelOutput> _engine;

    public Scorer(MLContext ml, ITransformer model) => _engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);

    public float Score(string text)
    {
        lock (_gate)
        {
            return _engine.Predict(new ModelInput { Text = text }).Score;
        }
    }
}

public static class Startup
{
    public static void ConfigureServices(IServiceCollection services) => services.AddSingleton<Scorer>();
}" + DataTypes);

        [Fact]
        public Task Static_property_that_creates_an_engine_per_call_is_not_flagged() => Verify.VerifyAsync(Usings + @"
public static class Engines
{
    private static readonly MLContext Ml = new MLContext();
    private static readonly ITransformer Model = Ml.Model.Load(""model.zip"", out _);

    public static PredictionEngine<ModelInput, ModelOutput> Create => Ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(Model);
}" + DataTypes);

        // ---- robustness ----

        [Fact]
        public Task No_diagnostic_without_MLNet() => Verify.VerifyWithoutMLNetAsync(@"
using System.Threading.Tasks;
public class PredictionEngine { public int Predict(int x) => x; }
public static class Scorer
{
    private static readonly PredictionEngine Engine = new PredictionEngine();
    public static int Predict(int x) => Engine.Predict(x);
    public static void All(int[] xs) => Parallel.ForEach(xs, x => Engine.Predict(x));
}");

        [Fact]
        public Task Incomplete_code_does_not_throw() => Verify.VerifyIncompleteAsync(Usings + @"
public class Scorer
{
    private static readonly PredictionEngine<ModelInput, ModelOutput> Engine = ;
    private static Lazy<PredictionEngine<ModelInput, > Broken;
    public static ModelOutput Predict(ModelInput input) => Engine.Predict(;
    void M(PredictionEngine<ModelInput, ModelOutput> engine, ModelInput[] inputs)
    {
        Parallel.ForEach(inputs, input => engine.);
        Parallel.For(0, , i => );
        foreach (var x in inputs) Task.Run(() => engine
        new Timer(_ => engine.Predict(x), null, 0, );
        inputs.AsParallel().Select(engine.).ToList(
    }
}" + DataTypes,
            Verify.Diagnostic("MLO4001").WithSpan(11, 71, 11, 77).WithArguments("is held in the static field 'Engine'"));
    }
}
