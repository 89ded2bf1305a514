using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Serving;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;

namespace MLOps.Analyzers.Tests.Serving
{
    /// <summary>
    /// MLO4002, MLO4003 and MLO4004 over every prefix of a serving program (half-typed code) and over the same program
    /// with single tokens deleted: none may throw (AD0001). Their analyses walk loops, lambdas and local writes, where
    /// broken code leaves holes.
    /// </summary>
    public class MLO4002To4004RobustnessTests
    {
        private const string Program = @"
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

        private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new CreatedPerItemAnalyzer(),
            new ModelSavedWithoutSchemaAnalyzer(),
            new LoadedSchemaDiscardedAnalyzer());

        [Fact]
        public async Task No_analyzer_throws_on_any_prefix_of_the_program()
        {
            var exceptions = new ConcurrentBag<string>();
            var cuts = Enumerable.Range(1, Program.Length / 7).Select(i => i * 7).Append(Program.Length);
            foreach (var cut in cuts)
            {
                await RunAsync(Program.Substring(0, cut), exceptions);
            }

            Assert.Empty(exceptions);
        }

        [Fact]
        public async Task No_analyzer_throws_when_a_token_is_missing()
        {
            var exceptions = new ConcurrentBag<string>();
            var tokens = CSharpSyntaxTree.ParseText(Program).GetRoot().DescendantTokens().ToList();
            for (var i = 0; i < tokens.Count; i += 2)
            {
                var span = tokens[i].Span;
                await RunAsync(Program.Remove(span.Start, span.Length), exceptions);
            }

            Assert.Empty(exceptions);
        }

        [Fact]
        public async Task The_complete_program_reports_each_rule()
        {
            var diagnostics = await RunAsync(Program, new ConcurrentBag<string>());
            var ids = diagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "MLO4002", "MLO4003", "MLO4004" }, ids);
        }

        private static async Task<ImmutableArray<Diagnostic>> RunAsync(string source, ConcurrentBag<string> exceptions)
        {
            var compilation = CSharpCompilation.Create(
                "ServingRobustness",
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
