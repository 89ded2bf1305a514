using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    internal enum EstimatorStepKind
    {
        /// <summary>An estimator made by a catalog method (<c>ml.Transforms.Concatenate</c>, <c>ml.Transforms.NormalizeMinMax</c>, ...).</summary>
        Transform,

        /// <summary>A trainer made by a <c>*.Trainers</c> catalog method.</summary>
        Trainer,

        /// <summary><c>AppendCacheCheckpoint(env)</c>: the data after the steps before it is cached for the steps after it.</summary>
        CacheCheckpoint,
    }

    /// <summary>One step of an estimator chain, as written in source.</summary>
    internal sealed class EstimatorStep
    {
        public EstimatorStep(EstimatorStepKind kind, string catalogPath, IInvocationOperation invocation, ImmutableArray<ColumnMapping> columns)
        {
            Kind = kind;
            CatalogPath = catalogPath;
            Invocation = invocation;
            Columns = columns;
        }

        public EstimatorStepKind Kind { get; }

        /// <summary>The catalog path as written, e.g. <c>Transforms.NormalizeMinMax</c>, <c>Regression.Trainers.Sdca</c>, <c>AppendCacheCheckpoint</c>.</summary>
        public string CatalogPath { get; }

        /// <summary>The call that creates the step.</summary>
        public IInvocationOperation Invocation { get; }

        public IMethodSymbol Method => Invocation.TargetMethod;

        /// <summary>The columns the step writes, with their inputs; default when they cannot be read (see <see cref="EstimatorColumns"/>).</summary>
        public ImmutableArray<ColumnMapping> Columns { get; }
    }

    /// <summary>
    /// One place a trainer ends up: the estimator chain it is part of is fitted there (<c>Fit</c>, <c>CrossValidate</c>,
    /// <c>Preview</c>) or leaves the method (returned, stored, passed on). A trainer put into two chains, or a chain fitted
    /// twice, has several placements.
    /// </summary>
    internal sealed class TrainerPlacement
    {
        public TrainerPlacement(ImmutableArray<EstimatorStep> precedingSteps, bool isFullyKnown, IInvocationOperation? appendedBy, IOperation? fitInput, IOperation? chain = null, IInvocationOperation? fit = null, LoopElement? element = null)
        {
            PrecedingSteps = precedingSteps;
            IsFullyKnown = isFullyKnown;
            AppendedBy = appendedBy;
            FitInput = fitInput;
            Chain = chain;
            Fit = fit;
            Element = element;
        }

        /// <summary>The steps before the trainer in the chain, in order (a nested chain's steps are flattened in place).</summary>
        public ImmutableArray<EstimatorStep> PrecedingSteps { get; }

        /// <summary>
        /// True when every step before the trainer is known and the chain cannot start elsewhere. False when something is
        /// beyond what the model sees: an estimator from a parameter, field or another assembly, a value reassigned in a
        /// loop or a branch, a helper that is virtual or in another file, a trainer that leaves the method on its own.
        /// </summary>
        public bool IsFullyKnown { get; }

        /// <summary>The innermost <c>Append</c> that takes the trainer (or a chain starting with it) as its argument; null when the trainer starts the chain.</summary>
        public IInvocationOperation? AppendedBy { get; }

        /// <summary>The data the chain is fitted on at this placement; null when the chain leaves the method instead.</summary>
        public IOperation? FitInput { get; }

        /// <summary>
        /// The expression that holds the whole chain at this placement (the estimator that is fitted, returned, stored or
        /// passed on): <see cref="EstimatorChainAnalysis.StepsOf"/> of it gives the steps after the trainer too.
        /// </summary>
        public IOperation? Chain { get; }

        /// <summary>The call that fits the chain (<c>Fit</c>, <c>CrossValidate</c>, <c>Preview</c>); null when it leaves the method.</summary>
        public IInvocationOperation? Fit { get; }

        /// <summary>
        /// When the trainer reaches this placement as an element of a collection iterated by <c>foreach</c>: the loop
        /// variable that stands for it. Pass it to <see cref="EstimatorChainAnalysis.StepsOf"/> with <see cref="Chain"/>,
        /// which holds that variable rather than the trainer. Null otherwise.
        /// </summary>
        public LoopElement? Element { get; }
    }

    /// <summary>
    /// A trainer (or chain) written as an element of an array or collection initializer, or as an element of a tuple that
    /// is one (<c>("FastTree", ml.Regression.Trainers.FastTree())</c>), whose collection is iterated by <c>foreach</c>:
    /// in the iteration that takes this element, the loop variable (<see cref="Variable"/>), or its tuple element
    /// <see cref="TupleIndex"/> when the loop does not deconstruct the tuple, is <see cref="Value"/>.
    /// </summary>
    internal sealed class LoopElement
    {
        public LoopElement(ILocalSymbol variable, int? tupleIndex, IOperation value)
        {
            Variable = variable;
            TupleIndex = tupleIndex;
            Value = value;
        }

        /// <summary>The loop variable (or the deconstructed variable) that takes the element.</summary>
        public ILocalSymbol Variable { get; }

        /// <summary>Which element of the tuple <see cref="Variable"/> holds the trainer (read as <c>item.trainer</c>, <c>item.Item2</c>); null when the variable is the trainer.</summary>
        public int? TupleIndex { get; }

        /// <summary>The element as written in the initializer.</summary>
        public IOperation Value { get; }

        /// <summary>Whether <paramref name="operation"/> reads the element: the variable itself, or its tuple field <see cref="TupleIndex"/>.</summary>
        public bool IsReadBy(IOperation operation)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local when TupleIndex is null:
                    return SymbolEqualityComparer.Default.Equals(local.Local, Variable);
                case IFieldReferenceOperation { Instance: ILocalReferenceOperation local } field when TupleIndex is { } index:
                    return SymbolEqualityComparer.Default.Equals(local.Local, Variable) && TupleIndexOf(field.Field) == index;
                default:
                    return false;
            }
        }

        /// <summary><c>Item2</c> and a name given to it (<c>trainer</c>) are element 1; -1 for a field that is not a tuple element.</summary>
        internal static int TupleIndexOf(IFieldSymbol field)
        {
            if (!field.ContainingType.IsTupleType)
            {
                return -1;
            }

            var name = (field.CorrespondingTupleField ?? field).Name;
            return name.StartsWith("Item", System.StringComparison.Ordinal)
                && int.TryParse(name.Substring(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position)
                && position >= 1
                ? position - 1
                : -1;
        }
    }

    /// <summary>What the model sees of the data a chain is fitted on, within the method.</summary>
    internal readonly struct FitInputFacts
    {
        public FitInputFacts(bool isCached, bool isTransformed, bool isLoaded)
        {
            IsCached = isCached;
            IsTransformed = isTransformed;
            IsLoaded = isLoaded;
        }

        /// <summary>The data went through <c>ml.Data.Cache</c> (and no transformer after it).</summary>
        public bool IsCached { get; }

        /// <summary>The data is the output of <c>ITransformer.Transform</c>: something was fitted on it before this chain.</summary>
        public bool IsTransformed { get; }

        /// <summary>
        /// The data comes from an ML.NET loader in the method (<c>LoadFromTextFile</c>, <c>LoadFromEnumerable</c>,
        /// <c>textLoader.Load(path)</c>, ...), through row operations only: its columns are the raw values of the source.
        /// </summary>
        public bool IsLoaded { get; }
    }

    /// <summary>
    /// The estimator-chain model: for a trainer call, the steps that come before it in its chain(s) and where each chain is
    /// fitted. It follows fluent <c>Append</c>/<c>AppendCacheCheckpoint</c> calls, nested chains, estimators held in locals
    /// (with <see cref="LocalDefinitions"/>: straight-line reassignments only) and private or static helper methods of the
    /// same type in the same file that return a chain. Whatever it cannot see makes the placement not fully known.
    /// </summary>
    internal static class EstimatorChainAnalysis
    {
        private const int MaxDepth = 24;

        /// <summary>Every placement of the trainer created by <paramref name="trainer"/> (a call that <c>IsTrainerFactory</c> recognises).</summary>
        public static ImmutableArray<TrainerPlacement> PlacementsOf(IInvocationOperation trainer, EstimatorChainSymbols symbols, CancellationToken cancellationToken)
        {
            var walker = new Walker(symbols, OperationHelpers.OwnerType(trainer), cancellationToken);
            walker.Forward(trainer, Position.Start, 0);
            return walker.Placements.ToImmutable();
        }

        /// <summary>
        /// Where a chain produced by <paramref name="chain"/> (a call of a method that returns one) is fitted or goes;
        /// <see cref="TrainerPlacement.PrecedingSteps"/> are the steps appended before it at that place.
        /// </summary>
        public static ImmutableArray<TrainerPlacement> PlacementsOfChain(IOperation chain, EstimatorChainSymbols symbols, CancellationToken cancellationToken)
        {
            var walker = new Walker(symbols, OperationHelpers.OwnerType(chain), cancellationToken);
            walker.Forward(chain, Position.Start, 0);
            return walker.Placements.ToImmutable();
        }

        /// <summary>
        /// The steps of the chain an expression evaluates to, and whether all of them are known. With
        /// <paramref name="element"/> (a placement's <see cref="TrainerPlacement.Element"/>), a read of its loop variable is
        /// the element it stands for in that iteration.
        /// </summary>
        public static ImmutableArray<EstimatorStep> StepsOf(IOperation estimator, EstimatorChainSymbols symbols, CancellationToken cancellationToken, out bool isFullyKnown, LoopElement? element = null)
        {
            var walker = new Walker(symbols, OperationHelpers.OwnerType(estimator), cancellationToken);
            if (element is not null)
            {
                walker.Elements.Add(element);
            }

            return walker.StepsOf(estimator, 0, out isFullyKnown);
        }

        /// <summary>
        /// Whether <paramref name="call"/> fits an estimator, and on what: <c>estimator.Fit(data)</c>,
        /// <c>estimator.Preview(data)</c> or a task's <c>CrossValidate(data, estimator)</c> (the same calls the placements
        /// of a trainer end at).
        /// </summary>
        public static bool TryGetFit(IInvocationOperation call, EstimatorChainSymbols symbols, out IOperation estimator, out IOperation data)
        {
            estimator = null!;
            data = null!;
            var method = call.TargetMethod;
            IOperation? fitted = null;
            IOperation? input = null;
            if (symbols.MLNet.IsEstimatorFit(method))
            {
                fitted = EstimatorChainSymbols.Receiver(call);
                input = EstimatorChainSymbols.ArgumentFor(call, 0)?.Value;
            }
            else if (symbols.IsEstimatorPreview(method))
            {
                fitted = EstimatorChainSymbols.Receiver(call);
                input = EstimatorChainSymbols.ArgumentFor(call, 1)?.Value;
            }
            else if (symbols.MLNet.IsCrossValidate(method))
            {
                fitted = EstimatorChainSymbols.ArgumentFor(call, "estimator")?.Value;
                input = EstimatorChainSymbols.ArgumentFor(call, "data")?.Value;
            }

            if (fitted is null || input is null)
            {
                return false;
            }

            estimator = fitted;
            data = input;
            return true;
        }

        /// <summary>What the method shows of the data: cached with <c>ml.Data.Cache</c>, produced by a transformer, or loaded from its source.</summary>
        public static FitInputFacts DescribeFitInput(IOperation data, EstimatorChainSymbols symbols, CancellationToken cancellationToken)
        {
            // Walks the DataFlow model back from the fit towards the source; a Cache counts when no transformer runs after it.
            var cached = false;
            DataSource? source = DataFlow.Resolve(data, symbols, cancellationToken);
            for (var depth = 0; depth < MaxDepth && source is not null; depth++)
            {
                switch (source.Kind)
                {
                    case DataSourceKind.Loaded:
                        return new FitInputFacts(cached, isTransformed: false, isLoaded: true);
                    case DataSourceKind.Transformed:
                        return new FitInputFacts(cached, isTransformed: true, isLoaded: false);
                    case DataSourceKind.RowOperation:
                        cached |= source.RowOperationName == "Cache";
                        source = source.Input;
                        continue;
                    case DataSourceKind.SplitPart:
                        source = source.Split?.Input; // split.TrainSet: the data that was split
                        continue;
                    default:
                        return new FitInputFacts(cached, isTransformed: false, isLoaded: false);
                }
            }

            return new FitInputFacts(cached, isTransformed: false, isLoaded: false);
        }

        /// <summary>
        /// The <c>MLContext</c> a catalog call is made on (<c>ml</c> in <c>ml.Clustering.Trainers.KMeans()</c>) when it is a
        /// local, parameter, field or property that can be named again; null otherwise.
        /// </summary>
        public static IOperation? FindContext(IInvocationOperation catalogCall, EstimatorChainSymbols symbols)
        {
            var current = EstimatorChainSymbols.Receiver(catalogCall);
            while (current is not null)
            {
                current = OperationHelpers.SkipConversions(current);
                if (symbols.MLNet.IsMLContext(current.Type))
                {
                    return current switch
                    {
                        ILocalReferenceOperation or IParameterReferenceOperation => current,
                        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } => current,
                        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.Length: 0 } => current,
                        _ => null,
                    };
                }

                current = current is IPropertyReferenceOperation property ? property.Instance : null;
            }

            return null;
        }

        /// <summary><c>ml.Transforms.Text.FeaturizeText</c> -> <c>Transforms.Text.FeaturizeText</c>: the catalog properties as written.</summary>
        public static string CatalogPath(IInvocationOperation invocation)
        {
            var path = invocation.TargetMethod.Name;
            var current = EstimatorChainSymbols.Receiver(invocation);
            while (current is not null && OperationHelpers.SkipConversions(current) is IPropertyReferenceOperation property)
            {
                path = property.Property.Name + "." + path;
                current = property.Instance;
            }

            return path;
        }

        /// <summary>The steps known to precede the trainer so far, on one path of the forward walk.</summary>
        private readonly struct Position
        {
            public static readonly Position Start = new Position(ImmutableArray<EstimatorStep>.Empty, known: true, placed: false, appendedBy: null, element: null);

            private Position(ImmutableArray<EstimatorStep> steps, bool known, bool placed, IInvocationOperation? appendedBy, LoopElement? element)
            {
                Steps = steps;
                Known = known;
                Placed = placed;
                AppendedBy = appendedBy;
                Element = element;
            }

            public ImmutableArray<EstimatorStep> Steps { get; }

            public bool Known { get; }

            /// <summary>
            /// The start of the chain is known: the trainer was appended to something, or the chain holding it is fitted
            /// here. A trainer (or a chain starting with it) that leaves the method may be appended to anything by the caller.
            /// </summary>
            public bool Placed { get; }

            public IInvocationOperation? AppendedBy { get; }

            /// <summary>The loop variable that stands for the trainer from here on (it was an element of an iterated collection).</summary>
            public LoopElement? Element { get; }

            public Position After(ImmutableArray<EstimatorStep> before, bool beforeKnown, IInvocationOperation append) =>
                new Position(before.AddRange(Steps), Known && beforeKnown, placed: true, AppendedBy ?? append, Element);

            public Position Fitted() => new Position(Steps, Known, placed: true, AppendedBy, Element);

            public Position Lost() => new Position(Steps, known: false, Placed, AppendedBy, Element);

            public Position Through(LoopElement element) => new Position(Steps, Known, Placed, AppendedBy, element);
        }

        private sealed class Walker
        {
            private readonly EstimatorChainSymbols _symbols;
            private readonly INamedTypeSymbol? _ownerType;
            private readonly CancellationToken _cancellationToken;
            private int _budget = 512;

            public Walker(EstimatorChainSymbols symbols, INamedTypeSymbol? ownerType, CancellationToken cancellationToken)
            {
                _symbols = symbols;
                _ownerType = ownerType;
                _cancellationToken = cancellationToken;
            }

            public ImmutableArray<TrainerPlacement>.Builder Placements { get; } = ImmutableArray.CreateBuilder<TrainerPlacement>();

            /// <summary>The loop variables known to stand for the value followed (see <see cref="LoopElement"/>); usually none.</summary>
            public List<LoopElement> Elements { get; } = new List<LoopElement>();

            /// <summary>Follows the value of <paramref name="expression"/> (the trainer, then the chains holding it) to where it is fitted or lost.</summary>
            public void Forward(IOperation expression, Position position, int depth)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (depth > MaxDepth || --_budget < 0)
                {
                    Add(position.Lost(), null, expression, null);
                    return;
                }

                switch (OperationHelpers.ParentSkippingConversions(expression))
                {
                    case IArgumentOperation { Parent: IInvocationOperation invocation } argument:
                        ForwardFromArgument(argument, invocation, position, depth);
                        return;

                    // The value is the instance a method is called on.
                    case IInvocationOperation invocation:
                        var method = invocation.TargetMethod;
                        if (_symbols.IsAppend(method) || _symbols.IsAppendCacheCheckpoint(method))
                        {
                            Forward(invocation, position, depth + 1);
                        }
                        else if (_symbols.MLNet.IsEstimatorFit(method))
                        {
                            Add(position.Fitted(), EstimatorChainSymbols.ArgumentFor(invocation, 0)?.Value, expression, invocation);
                        }

                        // Any other member (GetOutputSchema, ToString) does not train.
                        return;

                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        FollowLocal(LocalDefinitions.AsDefinition(declarator), declarator.Symbol, position, depth);
                        return;

                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Target != expression:
                        FollowLocal(LocalDefinitions.AsDefinition(assignment), target.Local, position, depth);
                        return;

                    case IExpressionStatementOperation:
                        return; // built and dropped

                    case IArrayInitializerOperation or ITupleOperation when ForwardFromElement(expression, position, depth):
                        return;

                    default:
                        Add(position, null, expression, null); // returned, stored in a field, passed elsewhere: leaves what the model sees
                        return;
                }
            }

            /// <summary>
            /// The value is an element of an array or collection initializer (or of a tuple that is one) whose collection is
            /// iterated by <c>foreach</c>: follows it from every use of the loop variable that takes it. The collection is a
            /// local of the same function read only by such loops (and <c>Length</c>/<c>Count</c>), never written after its
            /// initializer, or the loop's collection itself. False for anything else, so that the caller keeps its answer.
            /// </summary>
            private bool ForwardFromElement(IOperation expression, Position position, int depth)
            {
                var element = Outermost(expression);
                int? tupleIndex = null;
                if (element.Parent is ITupleOperation tuple)
                {
                    tupleIndex = tuple.Elements.IndexOf(element);
                    element = Outermost(tuple);
                }

                IOperation? collection = element.Parent switch
                {
                    IArrayInitializerOperation { Parent: IArrayCreationOperation { DimensionSizes.Length: 1 } array } => array,
                    IArgumentOperation { Parent: IInvocationOperation { Arguments.Length: 1, TargetMethod.IsExtensionMethod: false, Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }, Parent: IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation created } } } => created,
                    _ => null,
                };
                if (collection is null || IterationsOf(collection) is not { Count: > 0 } loops)
                {
                    return false;
                }

                var elements = new List<(LoopElement Element, IForEachLoopOperation Loop)>(loops.Count);
                foreach (var loop in loops)
                {
                    if (VariableFor(loop, tupleIndex, expression) is not { } bound)
                    {
                        return false;
                    }

                    elements.Add((bound, loop));
                }

                foreach (var (bound, loop) in elements)
                {
                    Elements.Add(bound);
                    var through = position.Through(bound);
                    if (LocalIndex.Of(loop).Facts(bound.Variable) is not { } facts)
                    {
                        continue; // never read: built and dropped
                    }

                    foreach (var read in facts.Reads)
                    {
                        if (bound.TupleIndex is null)
                        {
                            Forward(read, through, depth + 1);
                        }
                        else if (read.Parent is IFieldReferenceOperation field && field.Instance == read)
                        {
                            if (bound.IsReadBy(field))
                            {
                                Forward(field, through, depth + 1);
                            }
                            else if (LoopElement.TupleIndexOf(field.Field) < 0)
                            {
                                Add(through.Lost(), null, read, null);
                            }

                            // Another element of the tuple (the learner's name): not the trainer.
                        }
                        else
                        {
                            Add(through.Lost(), null, read, null); // the whole tuple goes elsewhere
                        }
                    }
                }

                return true;
            }

            /// <summary>The operation with the conversions and parentheses around it.</summary>
            private static IOperation Outermost(IOperation operation)
            {
                while (operation.Parent is IConversionOperation or IParenthesizedOperation)
                {
                    operation = operation.Parent;
                }

                return operation;
            }

            /// <summary>
            /// The <c>foreach</c> loops over a collection that the model can see whole: the loop whose collection it is, or
            /// every loop over the local it initializes when that local is read by nothing else (but <c>Length</c>/
            /// <c>Count</c>), in the same function, and never written again (no <c>Add</c>, no index assignment, no
            /// reassignment, no <c>ref</c>). Null otherwise.
            /// </summary>
            private static List<IForEachLoopOperation>? IterationsOf(IOperation collection)
            {
                var parent = OperationHelpers.ParentSkippingConversions(collection);
                if (parent is IForEachLoopOperation direct && OperationHelpers.SkipConversions(direct.Collection) == collection)
                {
                    return new List<IForEachLoopOperation> { direct };
                }

                if (parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                    || declarator.Symbol.IsRef
                    || LocalIndex.Of(declarator) is not { HasGoTo: false } index
                    || index.Facts(declarator.Symbol) is not { AssignedAfterDeclaration: false, Writes.Count: 1 } facts)
                {
                    return null;
                }

                var function = LocalDefinitions.EnclosingFunction(declarator);
                var loops = new List<IForEachLoopOperation>();
                foreach (var read in facts.Reads)
                {
                    var user = OperationHelpers.ParentSkippingConversions(read);
                    if (user is IForEachLoopOperation loop && OperationHelpers.SkipConversions(loop.Collection) == read
                        && LocalDefinitions.EnclosingFunction(read) == function)
                    {
                        loops.Add(loop);
                    }
                    else if (user is not IPropertyReferenceOperation { Property.Name: "Length" or "Count" })
                    {
                        return null; // written (Add, index assignment), aliased or passed on: the elements are not known
                    }
                }

                return loops;
            }

            /// <summary>The loop variable that takes the element (<paramref name="tupleIndex"/>: of a tuple element), or null when the loop's shape is not followed.</summary>
            private static LoopElement? VariableFor(IForEachLoopOperation loop, int? tupleIndex, IOperation value)
            {
                switch (loop.LoopControlVariable)
                {
                    case IVariableDeclaratorOperation { Symbol: { IsRef: false } variable }:
                        return new LoopElement(variable, tupleIndex, value);
                    case IDeclarationExpressionOperation { Expression: ITupleOperation deconstruction }:
                        return Deconstructed(deconstruction);
                    case ITupleOperation deconstruction:
                        return Deconstructed(deconstruction);
                    default:
                        return null;
                }

                LoopElement? Deconstructed(ITupleOperation deconstruction)
                {
                    if (tupleIndex is not { } i || i >= deconstruction.Elements.Length)
                    {
                        return null;
                    }

                    var part = deconstruction.Elements[i];
                    if (part is IDeclarationExpressionOperation declaration)
                    {
                        part = declaration.Expression;
                    }

                    return part is ILocalReferenceOperation { Local: { IsRef: false } variable } ? new LoopElement(variable, null, value) : null;
                }
            }

            private void ForwardFromArgument(IArgumentOperation argument, IInvocationOperation invocation, Position position, int depth)
            {
                var method = invocation.TargetMethod;
                var isReceiver = EstimatorChainSymbols.IsReceiverArgument(argument, invocation);
                if (_symbols.IsAppend(method))
                {
                    if (isReceiver)
                    {
                        Forward(invocation, position, depth + 1);
                        return;
                    }

                    if (argument.Parameter?.Ordinal == (method.IsExtensionMethod ? 1 : 0))
                    {
                        var receiver = EstimatorChainSymbols.Receiver(invocation);
                        var before = ImmutableArray<EstimatorStep>.Empty;
                        var beforeKnown = false;
                        if (receiver is not null)
                        {
                            before = StepsOf(receiver, depth + 1, out beforeKnown);
                        }

                        Forward(invocation, position.After(before, beforeKnown, invocation), depth + 1);
                        return;
                    }
                }
                else if (isReceiver && (_symbols.IsAppendCacheCheckpoint(method) || _symbols.IsWithOnFitDelegate(method)))
                {
                    Forward(invocation, position, depth + 1);
                    return;
                }
                else if (isReceiver && _symbols.IsEstimatorPreview(method))
                {
                    Add(position.Fitted(), EstimatorChainSymbols.ArgumentFor(invocation, 1)?.Value, argument.Value, invocation);
                    return;
                }
                else if (!isReceiver && _symbols.MLNet.IsTrainerFactory(method))
                {
                    // Wrapped by OneVersusAll or PairwiseCoupling: the wrapped trainer sits where the wrapper sits.
                    Forward(invocation, position, depth + 1);
                    return;
                }
                else if (_symbols.MLNet.IsCrossValidate(method) && argument.Parameter?.Name == "estimator")
                {
                    Add(position.Fitted(), EstimatorChainSymbols.ArgumentFor(invocation, "data")?.Value, argument.Value, invocation);
                    return;
                }

                if (invocation.Parent is IObjectOrCollectionInitializerOperation && ForwardFromElement(argument.Value, position, depth))
                {
                    return;
                }

                Add(position, null, argument.Value, null);
            }

            private void FollowLocal(LocalDefinition? definition, ILocalSymbol local, Position position, int depth)
            {
                if (definition is not { } found)
                {
                    Add(position.Lost(), null, null, null);
                    return;
                }

                var reads = LocalDefinitions.ReadsOf(found, local, out var ambiguous, _cancellationToken);
                if (ambiguous)
                {
                    Add(position.Lost(), null, null, null);
                }

                foreach (var read in reads)
                {
                    Forward(read, position, depth + 1);
                }
            }

            private void Add(Position position, IOperation? fitInput, IOperation? chain, IInvocationOperation? fit) =>
                Placements.Add(new TrainerPlacement(position.Steps, position.Known && position.Placed, position.AppendedBy, fitInput, chain, fit, position.Element));

            /// <summary>The steps of the chain <paramref name="estimator"/> evaluates to.</summary>
            public ImmutableArray<EstimatorStep> StepsOf(IOperation estimator, int depth, out bool known)
            {
                known = false;
                _cancellationToken.ThrowIfCancellationRequested();
                if (depth > MaxDepth || --_budget < 0)
                {
                    return ImmutableArray<EstimatorStep>.Empty;
                }

                switch (OperationHelpers.SkipConversions(estimator))
                {
                    case IInvocationOperation invocation:
                        return StepsOfCall(invocation, depth, out known);
                    case IObjectCreationOperation creation when _symbols.IsEstimatorChain(creation.Type) && creation.Arguments.Length == 0:
                        known = true; // new EstimatorChain<ITransformer>()
                        return ImmutableArray<EstimatorStep>.Empty;
                    case IOperation read when read is ILocalReferenceOperation or IFieldReferenceOperation && BoundElement(read) is { } element:
                        return StepsOf(element, depth + 1, out known); // a loop variable that stands for an element
                    case ILocalReferenceOperation local when LocalDefinitions.Reaching(local, _cancellationToken) is { } definition:
                        return StepsOf(definition.Value, depth + 1, out known);
                    default:
                        return ImmutableArray<EstimatorStep>.Empty; // a parameter, field, property, conditional, ...: unknown
                }
            }

            /// <summary>The element a read of a loop variable stands for (see <see cref="Elements"/>), or null.</summary>
            private IOperation? BoundElement(IOperation read)
            {
                foreach (var element in Elements)
                {
                    if (element.IsReadBy(read))
                    {
                        return element.Value;
                    }
                }

                return null;
            }

            private ImmutableArray<EstimatorStep> StepsOfCall(IInvocationOperation invocation, int depth, out bool known)
            {
                known = false;
                var method = invocation.TargetMethod;
                var receiver = EstimatorChainSymbols.Receiver(invocation);
                if (_symbols.IsAppend(method))
                {
                    var appended = EstimatorChainSymbols.ArgumentFor(invocation, method.IsExtensionMethod ? 1 : 0)?.Value;
                    if (receiver is null || appended is null)
                    {
                        return ImmutableArray<EstimatorStep>.Empty;
                    }

                    var first = StepsOf(receiver, depth + 1, out var firstKnown);
                    var second = StepsOf(appended, depth + 1, out var secondKnown);
                    known = firstKnown && secondKnown;
                    return first.AddRange(second);
                }

                if (_symbols.IsAppendCacheCheckpoint(method))
                {
                    if (receiver is null)
                    {
                        return ImmutableArray<EstimatorStep>.Empty;
                    }

                    var steps = StepsOf(receiver, depth + 1, out known);
                    return steps.Add(new EstimatorStep(EstimatorStepKind.CacheCheckpoint, method.Name, invocation, ImmutableArray<ColumnMapping>.Empty));
                }

                if (_symbols.IsWithOnFitDelegate(method))
                {
                    return receiver is null ? ImmutableArray<EstimatorStep>.Empty : StepsOf(receiver, depth + 1, out known);
                }

                if (_symbols.IsCatalogFactory(invocation))
                {
                    known = true;
                    var kind = _symbols.MLNet.IsTrainerFactory(method) ? EstimatorStepKind.Trainer : EstimatorStepKind.Transform;
                    return ImmutableArray.Create(new EstimatorStep(kind, CatalogPath(invocation), invocation, EstimatorColumns.Of(invocation, _symbols)));
                }

                if (ReturnedByHelper(invocation) is { } returned)
                {
                    return StepsOf(returned, depth + 1, out known);
                }

                return ImmutableArray<EstimatorStep>.Empty;
            }

            /// <summary>
            /// The value returned by a helper of the same type (private, static or a local function; not virtual) declared in
            /// the same file, when its body has exactly one return statement. Model Builder's <c>BuildPipeline(MLContext)</c>.
            /// </summary>
            private IOperation? ReturnedByHelper(IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod.OriginalDefinition;
                var semanticModel = invocation.SemanticModel;
                if (_ownerType is null || semanticModel is null
                    || !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _ownerType.OriginalDefinition)
                    || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
                    || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern
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

                var body = semanticModel.GetOperation(reference.GetSyntax(_cancellationToken), _cancellationToken);
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
                        return null; // several returns: the chain depends on the path
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
}
