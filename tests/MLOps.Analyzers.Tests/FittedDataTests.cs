using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;

namespace MLOps.Analyzers.Tests
{
    /// <summary>
    /// The FittedData summary on its own (which trainers a method fits on each data parameter, a type's methods on each data
    /// field), the one write of a field (MethodSummaries.SingleWriteOf) and which calls fit (EstimatorChainAnalysis.TryGetFit).
    /// </summary>
    public class FittedDataTests
    {
        private const string Source = @"
using Microsoft.ML;

class Helpers
{
    private readonly MLContext _ml = new MLContext(seed: 1);
    private IDataView _once;
    private IDataView _twice;
    private readonly IDataView _readonly;
    public IDataView Exposed;

    public Helpers(IDataView data) { _readonly = data; }

    public void Set(IDataView data) { _once = data; _twice = data; Exposed = data; }

    public void Reset() => _twice = null;

    public void Fit()
    {
        Factory(_ml).Fit(_once);
        _ml.Regression.Trainers.Sdca().Fit(_ml.Data.TakeRows(_readonly, 10));
    }

    static ITransformer Both(MLContext ml, IDataView ranked, IDataView regressed, DataOperationsCatalog.TrainTestData split)
    {
        var cached = ml.Data.Cache(ranked);
        Factory(ml).Fit(cached);
        ml.Regression.Trainers.Sdca().Preview(regressed);
        ml.Ranking.CrossValidate(split.TestSet, ml.Ranking.Trainers.LightGbm());
        return ml.Regression.Trainers.FastTree().Fit(split.TrainSet);
    }

    static ITransformer Overwritten(MLContext ml, IDataView data)
    {
        data = ml.Data.TakeRows(data, 10);
        return ml.Ranking.Trainers.FastTree().Fit(data);
    }

    static System.Func<ITransformer> Deferred(MLContext ml, IDataView data) => () => ml.Ranking.Trainers.FastTree().Fit(data);

    public virtual ITransformer Virtual(MLContext ml, IDataView data) => ml.Ranking.Trainers.FastTree().Fit(data);

    static ITransformer Recursive(MLContext ml, IDataView data) => Recursive(ml, data);

    private static IEstimator<ITransformer> Factory(MLContext ml) => ml.Ranking.Trainers.FastTree();
}";

        [Fact]
        public void Trainers_fitted_on_each_parameter()
        {
            var (compilation, fitted) = Compile();
            var helpers = compilation.GetTypeByMetadataName("Helpers")!;
            string[] On(string method, int ordinal) =>
                fitted.TrainersFittedOn(helpers.GetMembers(method).OfType<IMethodSymbol>().Single(), ordinal, CancellationToken.None)
                    .Select(t => t.TargetMethod.Name).OrderBy(n => n).ToArray();

            Assert.Empty(On("Both", 0)); // the MLContext
            Assert.Equal(new[] { "FastTree" }, On("Both", 1)); // through Cache, with the chain of a factory
            Assert.Equal(new[] { "Sdca" }, On("Both", 2)); // Preview fits too
            Assert.Equal(new[] { "FastTree", "LightGbm" }, On("Both", 3)); // the parts of a split: Fit and CrossValidate
            Assert.Empty(On("Overwritten", 1));
            Assert.Empty(On("Deferred", 1));
            Assert.Empty(On("Virtual", 1));
            Assert.Empty(On("Recursive", 1));
            Assert.Empty(On("Both", 9));
        }

        [Fact]
        public void Trainers_fitted_on_each_field_and_the_single_write()
        {
            var (compilation, fitted) = Compile();
            var helpers = compilation.GetTypeByMetadataName("Helpers")!;
            IFieldSymbol Field(string name) => helpers.GetMembers(name).OfType<IFieldSymbol>().Single();
            string[] On(string field) => fitted.TrainersFittedOn(Field(field), CancellationToken.None).Select(t => t.TargetMethod.Name).ToArray();

            Assert.Equal(new[] { "FastTree" }, On("_once"));
            Assert.Equal(new[] { "Sdca" }, On("_readonly")); // a readonly field through a row operation
            Assert.Empty(On("_twice"));

            var summaries = MethodSummaries.Get(compilation);
            Assert.Equal("_once = data", summaries.SingleWriteOf(Field("_once"))?.ToString());
            Assert.Equal("_readonly = data", summaries.SingleWriteOf(Field("_readonly"))?.ToString());
            Assert.Null(summaries.SingleWriteOf(Field("_twice")));
            Assert.Null(summaries.SingleWriteOf(Field("Exposed"))); // public and writable: another assembly may write it
            Assert.Null(summaries.SingleWriteOf(Field("_ml"))); // an initializer
        }

        [Fact]
        public void Calls_that_fit_and_their_data()
        {
            var (compilation, _) = Compile();
            var symbols = EstimatorChainSymbols.Get(MLNetSymbols.TryCreate(compilation)!);
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var fits = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Select(s => model.GetOperation(s) as IInvocationOperation)
                .Where(i => i is not null && EstimatorChainAnalysis.TryGetFit(i, symbols, out _, out _))
                .Select(i =>
                {
                    EstimatorChainAnalysis.TryGetFit(i!, symbols, out var estimator, out var data);
                    return i!.TargetMethod.Name + "(" + data.Syntax + ") on " + estimator.Syntax;
                })
                .ToArray();

            Assert.Contains("Preview(regressed) on ml.Regression.Trainers.Sdca()", fits);
            Assert.Contains("CrossValidate(split.TestSet) on ml.Ranking.Trainers.LightGbm()", fits);
            Assert.Contains("Fit(cached) on Factory(ml)", fits);
            Assert.DoesNotContain(fits, f => f.StartsWith("Factory", System.StringComparison.Ordinal) || f.StartsWith("Cache", System.StringComparison.Ordinal));
        }

        private static (Compilation Compilation, FittedData Fitted) Compile()
        {
            var compilation = CSharpCompilation.Create(
                "FittedData",
                new[] { CSharpSyntaxTree.ParseText(Source) },
                TestReferences.Runtime.AddRange(TestReferences.MLNet),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return (compilation, FittedData.Get(MLNetSymbols.TryCreate(compilation)!));
        }
    }
}
