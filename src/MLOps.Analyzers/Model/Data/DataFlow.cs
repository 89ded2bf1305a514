using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Model
{
    internal enum DataSourceKind
    {
        /// <summary>Beyond what the model sees (a branch, a loop, a mutable field, another assembly, ...): rules stay silent.</summary>
        Unknown,

        /// <summary>An ML.NET loader call: <c>LoadFromTextFile</c>, <c>LoadFromEnumerable</c>, <c>LoadFromBinary</c>, <c>loader.Load(path)</c>, ...</summary>
        Loaded,

        /// <summary><c>split.TrainSet</c> or <c>split.TestSet</c> of a <c>TrainTestSplit</c> (or of a <c>CrossValidationSplit</c> fold).</summary>
        SplitPart,

        /// <summary>The output of <c>transformer.Transform(input)</c>.</summary>
        Transformed,

        /// <summary>A row operation of <c>ml.Data</c> on an input: <c>Cache</c>, <c>ShuffleRows</c>, <c>TakeRows</c>, <c>SkipRows</c>, <c>FilterRows*</c>.</summary>
        RowOperation,

        /// <summary>A parameter the method never writes, or a readonly field: the same value wherever it is read in the method.</summary>
        Symbol,
    }

    /// <summary>Where an <c>IDataView</c> comes from, as far as the method (and same-file helpers it calls) shows.</summary>
    internal sealed class DataSource
    {
        public static readonly DataSource Unknown = new DataSource(DataSourceKind.Unknown, null, null, null, null, null, null, null);

        private DataSource(
            DataSourceKind kind,
            IOperation? operation,
            IInvocationOperation? helperCall,
            ISymbol? symbol,
            DataSource? input,
            IOperation? path,
            IOperation? transformer,
            SplitSource? split)
        {
            Kind = kind;
            Operation = operation;
            HelperCall = helperCall;
            Symbol = symbol;
            Input = input;
            Path = path;
            Transformer = transformer;
            Split = split;
        }

        public DataSourceKind Kind { get; }

        /// <summary>The operation that produces the data: the loader, row-operation or <c>Transform</c> call, the <c>TrainSet</c>/<c>TestSet</c> reference.</summary>
        public IOperation? Operation { get; }

        /// <summary>The call of a same-file helper method through which <see cref="Operation"/> was reached (it is in the helper's body); null when in the method itself.</summary>
        public IInvocationOperation? HelperCall { get; }

        /// <summary>For <see cref="DataSourceKind.Symbol"/>: the parameter or field.</summary>
        public ISymbol? Symbol { get; }

        /// <summary>The data a row operation or a transformer works on.</summary>
        public DataSource? Input { get; }

        /// <summary>For a loader: the path argument, when there is one (<c>LoadFromEnumerable</c> has none).</summary>
        public IOperation? Path { get; }

        /// <summary>For <see cref="DataSourceKind.Transformed"/>: the transformer expression.</summary>
        public IOperation? Transformer { get; }

        /// <summary>For <see cref="DataSourceKind.SplitPart"/>: the split the part belongs to.</summary>
        public SplitSource? Split { get; }

        /// <summary><c>TrainSet</c> or <c>TestSet</c> for a split part.</summary>
        public string? SplitPart => Kind == DataSourceKind.SplitPart ? (Operation as IMemberReferenceOperation)?.Member.Name : null;

        /// <summary>The row operation's method name (<c>Cache</c>, <c>TakeRows</c>, ...).</summary>
        public string? RowOperationName => Kind == DataSourceKind.RowOperation ? (Operation as IInvocationOperation)?.TargetMethod.Name : null;

        internal static DataSource Loaded(IInvocationOperation loader, IInvocationOperation? helperCall, IOperation? path) =>
            new DataSource(DataSourceKind.Loaded, loader, helperCall, null, null, path, null, null);

        internal static DataSource Part(IMemberReferenceOperation part, IInvocationOperation? helperCall, SplitSource split) =>
            new DataSource(DataSourceKind.SplitPart, part, helperCall, null, null, null, null, split);

        internal static DataSource Transformed(IInvocationOperation transform, IInvocationOperation? helperCall, IOperation transformer, DataSource input) =>
            new DataSource(DataSourceKind.Transformed, transform, helperCall, null, input, null, transformer, null);

        internal static DataSource Row(IInvocationOperation operation, IInvocationOperation? helperCall, DataSource input) =>
            new DataSource(DataSourceKind.RowOperation, operation, helperCall, null, input, null, null, null);

        internal static DataSource FromSymbol(IOperation reference, ISymbol symbol) =>
            new DataSource(DataSourceKind.Symbol, reference, null, symbol, null, null, null, null);
    }

    /// <summary>The <c>TrainTestData</c> a split part is read from.</summary>
    internal sealed class SplitSource
    {
        public SplitSource(IOperation? identity, IInvocationOperation? helperCall, ISymbol? symbol, DataSource input, bool isCrossValidationFold)
        {
            Identity = identity;
            HelperCall = helperCall;
            Symbol = symbol;
            Input = input;
            IsCrossValidationFold = isCrossValidationFold;
        }

        /// <summary>The <c>TrainTestSplit</c> call; null when the split is a <see cref="Symbol"/> or a fold whose identity is unknown.</summary>
        public IOperation? Identity { get; }

        public IInvocationOperation? HelperCall { get; }

        /// <summary>A parameter never written or a readonly field holding the split.</summary>
        public ISymbol? Symbol { get; }

        /// <summary>The data that was split (unknown for a split held in a symbol).</summary>
        public DataSource Input { get; }

        /// <summary>A fold of <c>CrossValidationSplit</c>: its identity is never known, but its input is.</summary>
        public bool IsCrossValidationFold { get; }
    }

    /// <summary>The <c>Fit</c> call that produced a transformer.</summary>
    internal sealed class FitSource
    {
        public FitSource(IInvocationOperation fit, IOperation estimator, DataSource data)
        {
            Fit = fit;
            Estimator = estimator;
            Data = data;
        }

        public IInvocationOperation Fit { get; }

        /// <summary>The estimator (chain) the <c>Fit</c> is called on.</summary>
        public IOperation Estimator { get; }

        /// <summary>Where the data it was fitted on comes from.</summary>
        public DataSource Data { get; }
    }

    /// <summary>
    /// The IDataView data-flow model: where the data an expression evaluates to comes from (a loader and its path, a split
    /// part, a transformer's output, a row operation of another source), and which <c>Fit</c> produced a transformer. It
    /// follows locals with <see cref="LocalDefinitions"/> (straight-line definitions only) and one level of private or static
    /// helper methods of the same type in the same file with a single return (Model Builder's
    /// <c>LoadIDataViewFromFile(mlContext, path, ...)</c>), mapping the helper's parameters to the call's arguments.
    /// Anything else is <see cref="DataSourceKind.Unknown"/>, and unknown is never the same as anything.
    /// </summary>
    internal static class DataFlow
    {
        private const int MaxDepth = 24;

        /// <summary>Where the data <paramref name="data"/> evaluates to comes from.</summary>
        public static DataSource Resolve(IOperation data, EstimatorChainSymbols symbols, CancellationToken cancellationToken) =>
            Resolve(data, null, symbols, OperationHelpers.OwnerType(data), 0, cancellationToken);

        /// <summary>The <c>Fit</c> that produced the transformer <paramref name="transformer"/> evaluates to, or null.</summary>
        public static FitSource? FitOf(IOperation transformer, EstimatorChainSymbols symbols, CancellationToken cancellationToken) =>
            FitOf(transformer, null, symbols, cancellationToken);

        /// <summary>
        /// The <c>Fit</c> that produced a transformer read in the body of a helper: <paramref name="helperCall"/> is the call
        /// the expression was reached through (<see cref="DataSource.HelperCall"/> of a <c>Transform</c> output), so the
        /// helper's parameters map to its arguments.
        /// </summary>
        public static FitSource? FitOf(IOperation transformer, IInvocationOperation? helperCall, EstimatorChainSymbols symbols, CancellationToken cancellationToken)
        {
            var owner = helperCall is null ? OperationHelpers.OwnerType(transformer) : OperationHelpers.OwnerType(helperCall);
            if (Follow(transformer, helperCall, owner, cancellationToken) is not { } traced
                || traced.Operation is not IInvocationOperation fit
                || !symbols.MLNet.IsEstimatorFit(fit.TargetMethod)
                || EstimatorChainSymbols.Receiver(fit) is not { } estimator
                || EstimatorChainSymbols.ArgumentFor(fit, 0)?.Value is not { } data)
            {
                return null;
            }

            return new FitSource(fit, estimator, Resolve(data, traced.HelperCall, symbols, owner, 1, cancellationToken));
        }

        /// <summary>
        /// True when both are known and denote the same rows: the same parameter or readonly field, the same loader,
        /// row-operation or <c>Transform</c> call (reached through the same helper call), or the same part of the same split.
        /// <c>Cache</c> and <c>ShuffleRows</c> keep the rows, so they are looked through.
        /// </summary>
        public static bool IsSame(DataSource a, DataSource b)
        {
            a = SkipRowPreserving(a);
            b = SkipRowPreserving(b);
            if (a.Kind == DataSourceKind.Unknown || a.Kind != b.Kind)
            {
                return false;
            }

            switch (a.Kind)
            {
                case DataSourceKind.Symbol:
                    return SymbolEqualityComparer.Default.Equals(a.Symbol, b.Symbol);
                case DataSourceKind.SplitPart:
                    return a.SplitPart == b.SplitPart && a.Split is { } splitA && b.Split is { } splitB && IsSameSplit(splitA, splitB);
                default:
                    return a.Operation is not null && b.Operation is not null && a.Operation.Syntax == b.Operation.Syntax && SameCall(a.HelperCall, b.HelperCall);
            }
        }

        /// <summary>
        /// True when <paramref name="part"/> is <paramref name="whole"/> or rows taken from it: a split part, or row
        /// operations (<c>TakeRows</c>, <c>FilterRows*</c>, ...) applied to it.
        /// </summary>
        public static bool IsSameOrPartOf(DataSource part, DataSource whole)
        {
            var current = part;
            for (var depth = 0; current is not null && depth < MaxDepth; depth++)
            {
                if (IsSame(current, whole))
                {
                    return true;
                }

                current = current.Kind switch
                {
                    DataSourceKind.RowOperation => current.Input,
                    DataSourceKind.SplitPart => current.Split?.Input,
                    _ => null,
                };
            }

            return false;
        }

        private static DataSource SkipRowPreserving(DataSource source)
        {
            var current = source;
            for (var depth = 0; depth < MaxDepth; depth++)
            {
                if (current.Kind != DataSourceKind.RowOperation
                    || current.RowOperationName is not ("Cache" or "ShuffleRows")
                    || current.Input is not { } input)
                {
                    return current;
                }

                current = input;
            }

            return current;
        }

        private static bool IsSameSplit(SplitSource a, SplitSource b)
        {
            if (a.IsCrossValidationFold || b.IsCrossValidationFold)
            {
                return false;
            }

            if (a.Symbol is not null || b.Symbol is not null)
            {
                return SymbolEqualityComparer.Default.Equals(a.Symbol, b.Symbol);
            }

            return a.Identity is not null && b.Identity is not null && a.Identity.Syntax == b.Identity.Syntax && SameCall(a.HelperCall, b.HelperCall);
        }

        /// <summary>Operations are compared by syntax: a helper's body may be bound more than once.</summary>
        private static bool SameCall(IInvocationOperation? a, IInvocationOperation? b) =>
            a is null ? b is null : b is not null && a.Syntax == b.Syntax;

        private static DataSource Resolve(IOperation data, IInvocationOperation? helperCall, EstimatorChainSymbols symbols, INamedTypeSymbol? owner, int depth, CancellationToken cancellationToken)
        {
            if (depth > MaxDepth || Follow(data, helperCall, owner, cancellationToken) is not { } traced)
            {
                return DataSource.Unknown;
            }

            var call = traced.HelperCall;
            switch (traced.Operation)
            {
                case IParameterReferenceOperation parameter when call is null && !IsWritten(parameter):
                    return DataSource.FromSymbol(parameter, parameter.Parameter);
                case IMemberReferenceOperation { Member.Name: "TrainSet" or "TestSet", Instance: { } instance } part
                    when SymbolEqualityComparer.Default.Equals(part.Member.ContainingType, symbols.TrainTestData):
                    // TrainTestData.TrainSet/TestSet are readonly fields in ML.NET 5.
                    return ResolveSplit(instance, call, symbols, owner, depth + 1, cancellationToken) is { } split
                        ? DataSource.Part(part, call, split)
                        : DataSource.Unknown;
                case IFieldReferenceOperation { Field.IsReadOnly: true, Instance: null or IInstanceReferenceOperation } field:
                    return DataSource.FromSymbol(field, field.Field);
                case IInvocationOperation invocation when symbols.IsLoader(invocation.TargetMethod):
                    return DataSource.Loaded(invocation, call, CallSiteValue(PathOf(invocation), call));
                case IInvocationOperation invocation when symbols.MLNet.IsDataOperation(invocation.TargetMethod) && IsRowOperation(invocation.TargetMethod.Name):
                    return FirstDataViewArgument(invocation, symbols) is { } input
                        ? DataSource.Row(invocation, call, Resolve(input, call, symbols, owner, depth + 1, cancellationToken))
                        : DataSource.Unknown;
                case IInvocationOperation invocation when symbols.IsTransform(invocation.TargetMethod):
                    return EstimatorChainSymbols.Receiver(invocation) is { } transformer && EstimatorChainSymbols.ArgumentFor(invocation, 0)?.Value is { } transformed
                        ? DataSource.Transformed(invocation, call, transformer, Resolve(transformed, call, symbols, owner, depth + 1, cancellationToken))
                        : DataSource.Unknown;
                default:
                    return DataSource.Unknown;
            }
        }

        private static SplitSource? ResolveSplit(IOperation split, IInvocationOperation? helperCall, EstimatorChainSymbols symbols, INamedTypeSymbol? owner, int depth, CancellationToken cancellationToken)
        {
            if (Follow(split, helperCall, owner, cancellationToken) is not { } traced)
            {
                return null;
            }

            switch (traced.Operation)
            {
                case IInvocationOperation { TargetMethod.Name: "TrainTestSplit" } invocation when symbols.MLNet.IsDataOperation(invocation.TargetMethod):
                    var input = EstimatorChainSymbols.ArgumentFor(invocation, "data")?.Value is { } data
                        ? Resolve(data, traced.HelperCall, symbols, owner, depth + 1, cancellationToken)
                        : DataSource.Unknown;
                    return new SplitSource(invocation, traced.HelperCall, null, input, isCrossValidationFold: false);
                case IParameterReferenceOperation parameter when traced.HelperCall is null && !IsWritten(parameter):
                    return new SplitSource(null, null, parameter.Parameter, DataSource.Unknown, isCrossValidationFold: false);
                case IFieldReferenceOperation { Field.IsReadOnly: true, Instance: null or IInstanceReferenceOperation } field:
                    return new SplitSource(null, null, field.Field, DataSource.Unknown, isCrossValidationFold: false);
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } folds }:
                    // folds[i] of ml.Data.CrossValidationSplit(data, ...): which fold is unknown, the data it comes from is not.
                    if (Follow(folds, traced.HelperCall, owner, cancellationToken) is { Operation: IInvocationOperation { TargetMethod.Name: "CrossValidationSplit" } cv } cvTraced
                        && symbols.MLNet.IsDataOperation(cv.TargetMethod)
                        && EstimatorChainSymbols.ArgumentFor(cv, "data")?.Value is { } cvData)
                    {
                        return new SplitSource(null, null, null, Resolve(cvData, cvTraced.HelperCall, symbols, owner, depth + 1, cancellationToken), isCrossValidationFold: true);
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>A helper's parameter read in its body stands for the argument of the call; anything else is kept as it is.</summary>
        private static IOperation? CallSiteValue(IOperation? value, IInvocationOperation? helperCall)
        {
            if (value is null || helperCall is null
                || OperationHelpers.SkipConversions(value) is not IParameterReferenceOperation parameter
                || !SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol?.OriginalDefinition, helperCall.TargetMethod.OriginalDefinition))
            {
                return value;
            }

            return !IsWritten(parameter) && EstimatorChainSymbols.ArgumentFor(helperCall, parameter.Parameter.Ordinal) is { ArgumentKind: ArgumentKind.Explicit } argument
                ? argument.Value
                : null;
        }

        private static IOperation? FirstDataViewArgument(IInvocationOperation invocation, EstimatorChainSymbols symbols)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, symbols.MLNet.IDataView))
                {
                    return argument.Value;
                }
            }

            return null;
        }

        private static bool IsRowOperation(string name) =>
            name is "Cache" or "ShuffleRows" or "TakeRows" or "SkipRows" or "FilterRowsByColumn" or "FilterRowsByKeyColumnFraction" or "FilterRowsByMissingValues";

        /// <summary>The path argument of a loader: the <c>path</c> parameter, or the single path given to <c>loader.Load(path)</c>.</summary>
        private static IOperation? PathOf(IInvocationOperation loader)
        {
            foreach (var argument in loader.Arguments)
            {
                if (argument.Parameter is not { } parameter)
                {
                    continue;
                }

                if (parameter.Type.SpecialType == SpecialType.System_String && (parameter.Name == "path" || parameter.Name == "filePath"))
                {
                    return argument.Value;
                }

                if (parameter.IsParams && argument.Value is IArrayCreationOperation { Initializer.ElementValues: { Length: 1 } elements }
                    && elements[0].Type?.SpecialType == SpecialType.System_String)
                {
                    return elements[0];
                }
            }

            return null;
        }

        private readonly struct Traced
        {
            public Traced(IOperation operation, IInvocationOperation? helperCall)
            {
                Operation = operation;
                HelperCall = helperCall;
            }

            public IOperation Operation { get; }

            public IInvocationOperation? HelperCall { get; }
        }

        /// <summary>
        /// Follows an expression through locals (one reaching definition), into one same-file helper (its single return)
        /// and from the helper's parameters back to the call's arguments. Null when a step is ambiguous.
        /// </summary>
        private static Traced? Follow(IOperation operation, IInvocationOperation? helperCall, INamedTypeSymbol? owner, CancellationToken cancellationToken)
        {
            var current = operation;
            for (var depth = 0; depth < MaxDepth; depth++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                current = OperationHelpers.SkipConversions(current);
                switch (current)
                {
                    case ILocalReferenceOperation local:
                        if (LocalDefinitions.Reaching(local, cancellationToken) is not { } definition)
                        {
                            return null;
                        }

                        current = definition.Value;
                        continue;
                    case IParameterReferenceOperation parameter when helperCall is not null
                        && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol?.OriginalDefinition, helperCall.TargetMethod.OriginalDefinition):
                        if (IsWritten(parameter)
                            || EstimatorChainSymbols.ArgumentFor(helperCall, parameter.Parameter.Ordinal) is not { ArgumentKind: ArgumentKind.Explicit } argument)
                        {
                            return null;
                        }

                        current = argument.Value;
                        helperCall = null;
                        continue;
                    case IInvocationOperation invocation when helperCall is null && ReturnedByHelper(invocation, owner, cancellationToken) is { } returned:
                        current = returned;
                        helperCall = invocation;
                        continue;
                    default:
                        return new Traced(current, helperCall);
                }
            }

            return null;
        }

        /// <summary>
        /// True when the body (or a lambda or local function in it) assigns the parameter or passes it by reference, or the
        /// parameter is itself by reference: its value may change between reads. Shared with <see cref="PathParameters"/>.
        /// </summary>
        internal static bool IsWritten(IParameterReferenceOperation parameter)
        {
            if (parameter.Parameter.RefKind != RefKind.None)
            {
                return true;
            }

            foreach (var operation in OperationHelpers.GetRoot(parameter).Descendants())
            {
                if (operation is not IParameterReferenceOperation reference
                    || !SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter.Parameter))
                {
                    continue;
                }

                switch (reference.Parent)
                {
                    case IAssignmentOperation assignment when assignment.Target == reference:
                    case ICoalesceAssignmentOperation coalesce when coalesce.Target == reference:
                    case IIncrementOrDecrementOperation:
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }:
                    case ITupleOperation:
                        return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The value a helper of the same type (private, static or a local function; not virtual) declared in the same file
        /// returns, when its body has exactly one return statement.
        /// </summary>
        private static IOperation? ReturnedByHelper(IInvocationOperation invocation, INamedTypeSymbol? owner, CancellationToken cancellationToken)
        {
            var method = invocation.TargetMethod.OriginalDefinition;
            var semanticModel = invocation.SemanticModel;
            if (owner is null || semanticModel is null
                || !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, owner.OriginalDefinition)
                || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
                || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern || method.IsPartialDefinition
                || !(method.IsStatic || method.DeclaredAccessibility == Accessibility.Private || method.MethodKind == MethodKind.LocalFunction)
                || method.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var reference = method.DeclaringSyntaxReferences[0];
            if (reference.SyntaxTree != semanticModel.SyntaxTree)
            {
                return null;
            }

            var body = semanticModel.GetOperation(reference.GetSyntax(cancellationToken), cancellationToken);
            if (body is null)
            {
                return null;
            }

            IOperation? returned = null;
            foreach (var operation in body.Descendants())
            {
                if (operation is not IReturnOperation { Kind: OperationKind.Return } @return || !IsDirectlyIn(@return, body))
                {
                    continue;
                }

                if (returned is not null || @return.ReturnedValue is null)
                {
                    return null;
                }

                returned = @return.ReturnedValue;
            }

            return returned;
        }

        private static bool IsDirectlyIn(IOperation operation, IOperation body)
        {
            for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
