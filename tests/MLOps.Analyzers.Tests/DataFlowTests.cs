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
    /// <summary>The IDataView data-flow model on its own: where the data given to <c>Use(...)</c> comes from.</summary>
    public class DataFlowTests
    {
        private const string Usings = @"
using Microsoft.ML;
using Microsoft.ML.Data;
";

        private const string Types = @"
public class Trip { [LoadColumn(0)] public float Distance { get; set; } [LoadColumn(1)] public float Fare { get; set; } }";

        [Fact]
        public void Loader_and_its_path_through_a_local()
        {
            var source = Resolve(@"
    void M(MLContext ml)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(""taxi.csv"", separatorChar: ',');
        Use(data);
    }");

            Assert.Equal(DataSourceKind.Loaded, source.Kind);
            Assert.Equal("\"taxi.csv\"", source.Path?.Syntax.ToString());
        }

        [Fact]
        public void Text_loader_created_then_loaded()
        {
            var source = Resolve(@"
    void M(MLContext ml, string path)
    {
        var loader = ml.Data.CreateTextLoader<Trip>(separatorChar: ',', hasHeader: true);
        Use(loader.Load(path));
    }");

            Assert.Equal(DataSourceKind.Loaded, source.Kind);
            Assert.Equal("path", source.Path?.Syntax.ToString());
        }

        [Fact]
        public void Enumerable_has_no_path()
        {
            var source = Resolve(@"
    void M(MLContext ml)
    {
        Use(ml.Data.LoadFromEnumerable(new[] { new Trip() }));
    }");

            Assert.Equal(DataSourceKind.Loaded, source.Kind);
            Assert.Null(source.Path);
        }

        [Fact]
        public void Helper_path_is_the_argument_of_the_call()
        {
            var source = Resolve(@"
    void M(MLContext ml)
    {
        IDataView trainingDataView = LoadIDataViewFromFile(ml, ""data/taxi.csv"", ',', true);
        Use(trainingDataView);
    }

    public static IDataView LoadIDataViewFromFile(MLContext mlContext, string inputDataFilePath, char separatorChar, bool hasHeader)
    {
        return mlContext.Data.LoadFromTextFile<Trip>(inputDataFilePath, separatorChar, hasHeader);
    }");

            Assert.Equal(DataSourceKind.Loaded, source.Kind);
            Assert.Equal("\"data/taxi.csv\"", source.Path?.Syntax.ToString());
            Assert.NotNull(source.HelperCall);
        }

        [Fact]
        public void Split_part_of_a_shuffled_loaded_file()
        {
            var source = Resolve(@"
    void M(MLContext ml)
    {
        var data = ml.Data.ShuffleRows(ml.Data.LoadFromTextFile<Trip>(""taxi.csv""), seed: 1);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2);
        Use(split.TestSet);
    }");

            Assert.Equal(DataSourceKind.SplitPart, source.Kind);
            Assert.Equal("TestSet", source.SplitPart);
            Assert.Equal(DataSourceKind.RowOperation, source.Split?.Input.Kind);
            Assert.Equal("ShuffleRows", source.Split?.Input.RowOperationName);
            Assert.Equal(DataSourceKind.Loaded, source.Split?.Input.Input?.Kind);
        }

        [Fact]
        public void Transformer_output_and_the_fit_that_made_the_transformer()
        {
            var (source, symbols) = ResolveWithSymbols(@"
    void M(MLContext ml, IDataView data)
    {
        var estimator = ml.Transforms.NormalizeMinMax(""Distance"");
        ITransformer model = estimator.Fit(data);
        var normalized = model.Transform(data);
        Use(normalized);
    }");

            Assert.Equal(DataSourceKind.Transformed, source.Kind);
            Assert.Equal(DataSourceKind.Symbol, source.Input?.Kind);
            var fit = DataFlow.FitOf(source.Transformer!, symbols, CancellationToken.None);
            Assert.NotNull(fit);
            Assert.Equal("estimator", fit!.Estimator.Syntax.ToString());
            Assert.True(DataFlow.IsSame(fit.Data, source.Input!));
        }

        [Fact]
        public void Value_set_in_a_branch_is_unknown()
        {
            var source = Resolve(@"
    void M(MLContext ml, bool test)
    {
        var data = ml.Data.LoadFromTextFile<Trip>(""train.csv"");
        if (test)
        {
            data = ml.Data.LoadFromTextFile<Trip>(""test.csv"");
        }

        Use(data);
    }");

            Assert.Equal(DataSourceKind.Unknown, source.Kind);
            Assert.False(DataFlow.IsSame(source, source));
        }

        private static DataSource Resolve(string members) => ResolveWithSymbols(members).Source;

        private static (DataSource Source, EstimatorChainSymbols Symbols) ResolveWithSymbols(string members)
        {
            var source = Usings + "class C\n{\n" + members + "\n    static void Use(IDataView data) { }\n}" + Types;
            var compilation = CSharpCompilation.Create(
                "DataFlowModel",
                new[] { CSharpSyntaxTree.ParseText(source) },
                TestReferences.Runtime.AddRange(TestReferences.MLNet),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var symbols = EstimatorChainSymbols.Get(MLNetSymbols.TryCreate(compilation)!);
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var use = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Select(syntax => model.GetOperation(syntax))
                .OfType<IInvocationOperation>()
                .Single(invocation => invocation.TargetMethod.Name == "Use");
            return (DataFlow.Resolve(use.Arguments[0].Value, symbols, CancellationToken.None), symbols);
        }
    }
}
