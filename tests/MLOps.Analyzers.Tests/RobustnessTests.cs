using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;

namespace MLOps.Analyzers.Tests
{
    /// <summary>
    /// Every analyzer over every prefix of realistic ML.NET programs (half-typed code at each point of typing it), and
    /// over the same programs with single tokens deleted: no analyzer may throw (AD0001). The training program exercises
    /// the reproducibility model; the serving program the loops, lambdas and local writes the serving rules walk.
    /// </summary>
    public class RobustnessTests
    {
        private const string TrainingProgram = @"
using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Fare { get; set; } }

public static class Training
{
    private static readonly int RunSeed = Environment.TickCount;
    private static readonly MLContext Shared = new MLContext();

    public static ITransformer Train(string path, int? seed)
    {
        var ml = new MLContext(seed: seed ?? 1);
        var random = new Random();
        var data = ml.Data.LoadFromTextFile<Trip>(path, hasHeader: true, separatorChar: ',');
        var shuffled = ml.Data.ShuffleRows(data);
        var split = ml.Data.TrainTestSplit(shuffled, testFraction: 0.2, seed: Guid.NewGuid().GetHashCode());
        var options = new SdcaRegressionTrainer.Options { LabelColumnName = ""Fare"", NumberOfThreads = 2 };
        options.Seed = RunSeed;
        var pipeline = ml.Transforms.Concatenate(""Features"", nameof(Trip.Distance))
            .Append(ml.Regression.Trainers.Sdca(options))
            .Append(ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options { Deterministic = random.Next() > 0 }));
        var model = pipeline.Fit(split.TrainSet);
        var unseeded = new MLContext();
        Helper(unseeded, data);
        return model;
    }

    private static void Helper(MLContext ml, IDataView data) => ml.Data.BootstrapSample(data).Preview();
}";

        private const string ServingProgram = @"
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Fare { get; set; } }
public class FarePrediction { [ColumnName(""Score"")] public float Fare { get; set; } }

public class Serving
{
    private readonly MLContext _ml = new MLContext(seed: 1);
    private ITransformer _model;

    public void Train(IEstimator<ITransformer> pipeline, IDataView data, string path)
    {
        var split = _ml.Data.TrainTestSplit(data);
        var model = pipeline.Fit(split.TrainSet);
        DataViewSchema schema = null;
        _ml.Model.Save(model, schema, path);
        _ml.Model.Save(model, null, File.Create(path + "".bak""));
    }

    public IEnumerable<float> Score(string path, List<Trip> trips)
    {
        var model = _ml.Model.Load(path, out _);
        foreach (var trip in trips)
        {
            var engine = _ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model);
            yield return engine.Predict(trip).Fare;
        }

        for (int i = 0; i < trips.Count; i++)
        {
            try { using var e = _ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model); e.Predict(trips[i]); break; }
            catch (IOException) { _model ??= _ml.Model.Load(path, out var s); }
        }

        trips.ForEach(t => Console.WriteLine(_ml.Model.Load(path, out _).Transform(_ml.Data.LoadFromEnumerable(new[] { t })).Schema.Count));
        var pool = Enumerable.Range(0, 4).Select(_ => _ml.Model.CreatePredictionEngine<Trip, FarePrediction>(model)).ToArray();
    }
}";

        public static readonly TheoryData<string> ProgramNames = new TheoryData<string> { nameof(TrainingProgram), nameof(ServingProgram) };

        /// <summary>Every analyzer the package ships, found by reflection so a new rule is covered without editing this list.</summary>
        private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(MLOps.Analyzers.Infrastructure.MLNetAnalyzer).Assembly
            .GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                && type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();

        [Fact]
        public void Every_rule_of_the_package_is_covered()
        {
            var ids = Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Count();
            Assert.True(Analyzers.Length >= 25, $"{Analyzers.Length} analyzers found");
            Assert.True(ids >= 27, $"{ids} rule IDs found");
        }

        [Theory]
        [MemberData(nameof(ProgramNames))]
        public async Task No_analyzer_throws_on_any_prefix_of_the_program(string programName)
        {
            var program = GetProgram(programName);
            var exceptions = new ConcurrentBag<string>();
            var cuts = Enumerable.Range(1, program.Length / 7).Select(i => i * 7).Append(program.Length);
            foreach (var cut in cuts)
            {
                await RunAsync(program.Substring(0, cut), exceptions);
            }

            Assert.Empty(exceptions);
        }

        [Theory]
        [MemberData(nameof(ProgramNames))]
        public async Task No_analyzer_throws_when_a_token_is_missing(string programName)
        {
            var program = GetProgram(programName);
            var exceptions = new ConcurrentBag<string>();
            var tokens = CSharpSyntaxTree.ParseText(program).GetRoot().DescendantTokens().ToList();
            for (var i = 0; i < tokens.Count; i += 3)
            {
                var span = tokens[i].Span;
                await RunAsync(program.Remove(span.Start, span.Length), exceptions);
            }

            Assert.Empty(exceptions);
        }

        [Fact]
        public async Task The_complete_program_reports_each_reproducibility_rule()
        {
            var diagnostics = await RunAsync(TrainingProgram, new ConcurrentBag<string>());
            var ids = diagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var id in new[] { "MLO1001", "MLO1002", "MLO1003", "MLO1004", "MLO1005" })
            {
                Assert.Contains(id, ids);
            }
        }

        private static string GetProgram(string name) => name == nameof(ServingProgram) ? ServingProgram : TrainingProgram;

        private static async Task<ImmutableArray<Diagnostic>> RunAsync(string source, ConcurrentBag<string> exceptions)
        {
            var compilation = CSharpCompilation.Create(
                "Robustness",
                new[] { CSharpSyntaxTree.ParseText(source, path: "Program.cs") },
                TestReferences.Runtime.Concat(TestReferences.MLNet),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, _) => exceptions.Add($"{analyzer.GetType().Name} on:\n{source}\n{exception}"),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync();
            foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
            {
                exceptions.Add(diagnostic.ToString());
            }

            return diagnostics;
        }
    }
}
