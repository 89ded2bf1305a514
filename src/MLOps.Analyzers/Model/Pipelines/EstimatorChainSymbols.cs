using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// The ML.NET types the estimator-chain model needs beyond <see cref="MLNetSymbols"/>, resolved once per compilation
    /// (cached with the compilation's <see cref="MLNetSymbols"/>), and the questions the model asks about methods.
    /// </summary>
    internal sealed class EstimatorChainSymbols
    {
        internal EstimatorChainSymbols(MLNetSymbols symbols)
        {
            MLNet = symbols;
            var compilation = symbols.Compilation;
            EstimatorChain = compilation.GetTypeByMetadataName("Microsoft.ML.Data.EstimatorChain`1");
            LearningPipelineExtensions = compilation.GetTypeByMetadataName("Microsoft.ML.LearningPipelineExtensions");
            DebuggerExtensions = compilation.GetTypeByMetadataName("Microsoft.ML.DebuggerExtensions");
            Transformer = compilation.GetTypeByMetadataName("Microsoft.ML.ITransformer");
            TrainTestData = compilation.GetTypeByMetadataName("Microsoft.ML.DataOperationsCatalog+TrainTestData");
            InputOutputColumnPair = compilation.GetTypeByMetadataName("Microsoft.ML.InputOutputColumnPair");
            DataLoader = compilation.GetTypeByMetadataName("Microsoft.ML.IDataLoader`1");
        }

        public MLNetSymbols MLNet { get; }

        /// <summary><c>Microsoft.ML.Data.EstimatorChain&lt;T&gt;</c>: its <c>Append</c> and <c>AppendCacheCheckpoint</c>, and <c>new EstimatorChain&lt;T&gt;()</c>.</summary>
        public INamedTypeSymbol? EstimatorChain { get; }

        /// <summary>The extension <c>Append</c>, <c>AppendCacheCheckpoint</c> and <c>WithOnFitDelegate</c> on any estimator.</summary>
        public INamedTypeSymbol? LearningPipelineExtensions { get; }

        /// <summary><c>Preview(this IEstimator&lt;ITransformer&gt;, IDataView, ...)</c> fits the estimator it is called on.</summary>
        public INamedTypeSymbol? DebuggerExtensions { get; }

        public INamedTypeSymbol? Transformer { get; }

        public INamedTypeSymbol? TrainTestData { get; }

        public INamedTypeSymbol? InputOutputColumnPair { get; }

        /// <summary><c>IDataLoader&lt;TSource&gt;</c>: <c>TextLoader</c>, <c>DatabaseLoader</c>, ...</summary>
        public INamedTypeSymbol? DataLoader { get; }

        /// <summary>The compilation's set, held by its <see cref="MLNetSymbols"/> (created on first use).</summary>
        public static EstimatorChainSymbols Get(MLNetSymbols symbols) => symbols.Chain;

        /// <summary><c>chain.Append(estimator)</c> or the extension <c>estimator.Append(estimator)</c> (not the loader or transformer overloads).</summary>
        public bool IsAppend(IMethodSymbol method)
        {
            if (method.Name != "Append")
            {
                return false;
            }

            if (IsEstimatorChain(method.ContainingType))
            {
                return true;
            }

            var definition = method.ReducedFrom ?? method;
            return SymbolEqualityComparer.Default.Equals(method.ContainingType, LearningPipelineExtensions)
                && definition.Parameters.Length == 3
                && IsEstimatorType(definition.Parameters[0].Type)
                && IsEstimatorType(definition.Parameters[1].Type);
        }

        /// <summary><c>AppendCacheCheckpoint(env)</c> on a chain or on any estimator.</summary>
        public bool IsAppendCacheCheckpoint(IMethodSymbol method) =>
            method.Name == "AppendCacheCheckpoint"
            && (IsEstimatorChain(method.ContainingType) || SymbolEqualityComparer.Default.Equals(method.ContainingType, LearningPipelineExtensions));

        /// <summary><c>estimator.WithOnFitDelegate(onFit)</c>: the same estimator, with a callback.</summary>
        public bool IsWithOnFitDelegate(IMethodSymbol method) =>
            method.Name == "WithOnFitDelegate" && SymbolEqualityComparer.Default.Equals(method.ContainingType, LearningPipelineExtensions);

        /// <summary><c>estimator.Preview(data)</c>: fits the estimator on (a sample of) the data.</summary>
        public bool IsEstimatorPreview(IMethodSymbol method) =>
            method.Name == "Preview"
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, DebuggerExtensions)
            && (method.ReducedFrom ?? method).Parameters is { Length: > 0 } parameters
            && IsEstimatorType(parameters[0].Type);

        public bool IsEstimatorChain(ITypeSymbol? type) =>
            EstimatorChain is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, EstimatorChain);

        /// <summary>The type is <c>IEstimator&lt;T&gt;</c> or implements it.</summary>
        public bool IsEstimatorType(ITypeSymbol? type) => OperationHelpers.IsOrImplements(type, MLNet.Estimator);

        /// <summary><c>ITransformer.Transform(data)</c>, on the interface or on any transformer class.</summary>
        public bool IsTransform(IMethodSymbol method)
        {
            if (method.Name != "Transform" || method.Parameters.Length != 1 || Transformer is null
                || !SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, MLNet.IDataView))
            {
                return false;
            }

            var containing = method.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(containing, Transformer))
            {
                return true;
            }

            foreach (var implemented in containing.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, Transformer))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A call that loads data from its source: an ML.NET <c>LoadFrom*</c> method returning an <c>IDataView</c>
        /// (<c>ml.Data.LoadFromTextFile</c>, <c>LoadFromEnumerable</c>, <c>LoadFromBinary</c>, ...), or <c>Load</c> on an
        /// ML.NET data loader (<c>textLoader.Load(path)</c>, <c>databaseLoader.Load(source)</c>).
        /// </summary>
        public bool IsLoader(IMethodSymbol method)
        {
            if (!MLNetSymbols.IsInMLNetNamespace(method.ContainingType)
                || !SymbolEqualityComparer.Default.Equals(method.ReturnType, MLNet.IDataView))
            {
                return false;
            }

            if (method.Name.StartsWith("LoadFrom", System.StringComparison.Ordinal))
            {
                return true;
            }

            if (method.Name != "Load" || DataLoader is null)
            {
                return false;
            }

            // loader.Load(source) on the loader, or the DataLoaderExtensions.Load(loader, paths) extension.
            var loaderType = method.IsExtensionMethod
                ? (method.ReducedFrom ?? method).Parameters is { Length: > 0 } parameters ? parameters[0].Type : null
                : method.ContainingType;
            if (loaderType is null)
            {
                return false;
            }

            return OperationHelpers.IsOrImplements(loaderType, DataLoader);
        }

        /// <summary>
        /// A method of an ML.NET catalog that creates one estimator: defined in an ML.NET namespace, returns an estimator,
        /// and is called on a catalog (<c>ml.Transforms</c>, <c>ml.Regression.Trainers</c>, ...), not on another estimator.
        /// </summary>
        public bool IsCatalogFactory(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (!MLNetSymbols.IsInMLNetNamespace(method.ContainingType) || !IsEstimatorType(method.ReturnType))
            {
                return false;
            }

            var receiverType = method.IsExtensionMethod
                ? (method.ReducedFrom ?? method).Parameters is { Length: > 0 } parameters ? parameters[0].Type : null
                : method.IsStatic ? null : method.ContainingType;
            return receiverType is not null && receiverType.TypeKind == TypeKind.Class && !IsEstimatorType(receiverType);
        }

        /// <summary>The object a method is called on: the instance, or the first argument of an extension method.</summary>
        public static IOperation? Receiver(IInvocationOperation invocation)
        {
            if (invocation.Instance is not null)
            {
                return invocation.Instance;
            }

            return invocation.TargetMethod.IsExtensionMethod ? ArgumentFor(invocation, 0)?.Value : null;
        }

        /// <summary>The argument bound to the parameter at this ordinal (arguments are in evaluation order, not parameter order).</summary>
        public static IArgumentOperation? ArgumentFor(IInvocationOperation invocation, int ordinal)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == ordinal)
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>The argument bound to the parameter with this name.</summary>
        public static IArgumentOperation? ArgumentFor(IInvocationOperation invocation, string parameterName)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == parameterName)
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>True when the argument is the object an extension method is called on.</summary>
        public static bool IsReceiverArgument(IArgumentOperation argument, IInvocationOperation invocation) =>
            invocation.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0;
    }
}
