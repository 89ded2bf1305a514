using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// The start of the ML.NET semantic model: for one named type, which <c>MLContext</c> objects are created,
    /// where they flow (locals, fields, properties, parameters of the type's own methods), which of them are used
    /// for training (a trainer, a randomized transform, a split, a shuffle, cross-validation, AutoML), and whether the context
    /// reaching a given call is provably seeded. A local is followed one assignment at a time: training is traced back to
    /// the assignments that reach it over the control-flow graph (<see cref="ReachingDefinitions"/>). Shuffles,
    /// bootstraps, splits and cross-validation given a seed of their own do not count: in ML.NET 5.0.1 that seed
    /// replaces the context's random stream for the operation.
    /// Built once per type and compilation at the first symbol end that asks, from the operation blocks of the type's
    /// members, and shared by every rule that asks (MLO1001, MLO1002, MLO1003): see <see cref="MLNetSymbols.FlowOf"/>. Types
    /// whose syntax names neither <c>MLContext</c> (or an alias of it) nor <c>ShuffleRows</c>/<c>BootstrapSample</c> and has
    /// no target-typed <c>new(...)</c> get no model and cost one scan of their tokens.
    /// Works in the IDE on one type at a time.
    /// </summary>
    internal sealed class MLContextFlowAnalysis
    {
        private static readonly string[] TrainingMemberNames =
        {
            "Trainers", "TrainTestSplit", "CrossValidationSplit", "CrossValidate", "ShuffleRows", "BootstrapSample", "Auto",
            "ApproximatedKernelMap", "ProjectToPrincipalComponents",
        };

        /// <summary>
        /// Transforms whose fitting draws from the context's random stream when they get no seed of their own (random
        /// Fourier features, randomized PCA). The other transforms are deterministic: fitting them needs no seed.
        /// </summary>
        private static readonly string[] RandomTransformNames =
        {
            "ApproximatedKernelMap", "ProjectToPrincipalComponents",
        };

        private readonly object _gate = new object();
        private readonly MLNetSymbols _symbols;
        private readonly INamedTypeSymbol _type;
        private readonly List<ContextCreation> _creations = new List<ContextCreation>();
        private readonly Dictionary<ISymbol, List<ValueSource>> _sources = new Dictionary<ISymbol, List<ValueSource>>(SymbolEqualityComparer.Default);
        // Keys of the training closure: a symbol (field, property, parameter, or a local the flow model cannot follow) or a
        // LocalDefinitionKey (one assignment of a local, followed over the control-flow graph).
        private readonly HashSet<object> _trainingSymbols = new HashSet<object>();
        private readonly List<KeyValuePair<object, object>> _flows = new List<KeyValuePair<object, object>>();
        private readonly ReachingDefinitions _reachingDefinitions = new ReachingDefinitions();
        // The value each followed definition of a local gives it (flow-sensitive "is it seeded?").
        private readonly Dictionary<LocalDefinitionKey, ValueSource> _definitionSources = new Dictionary<LocalDefinitionKey, ValueSource>();
        private readonly List<ContextCall> _trainerCalls = new List<ContextCall>();
        private readonly List<ContextCall> _samplingCalls = new List<ContextCall>();
        private HashSet<object>? _trainingClosure;

        internal MLContextFlowAnalysis(MLNetSymbols symbols, INamedTypeSymbol type)
        {
            _symbols = symbols;
            _type = type;
        }

        /// <summary>Collects the model of the type being started and hands it to <paramref name="onEnd"/> at symbol end.</summary>
        public static void Register(SymbolStartAnalysisContext context, MLNetSymbols symbols, Action<MLContextFlowAnalysis, SymbolAnalysisContext> onEnd)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            // The cheap gate: without an MLContext creation, a ShuffleRows or a BootstrapSample in the type's syntax, no rule
            // of the model has anything to report (MLO1001 reports creations, MLO1002 needs a seeded creation, MLO1003 a
            // sampling call).
            if (!symbols.MayNeedContextFlow(type, context.CancellationToken))
            {
                return;
            }

            // The blocks of the type's members are only gathered here; the model is built from them once, by the first rule
            // that reaches the type's end, and shared with the others.
            var blocks = new List<IOperation>();
            context.RegisterOperationBlockAction(blockContext =>
            {
                lock (blocks)
                {
                    blocks.AddRange(blockContext.OperationBlocks);
                }
            });
            context.RegisterSymbolEndAction(endContext =>
            {
                IOperation[] collected;
                lock (blocks)
                {
                    collected = blocks.ToArray();
                }

                onEnd(symbols.FlowOf(type, collected, endContext.CancellationToken), endContext);
            });
        }

        /// <summary>Builds the model from every operation block of the type's members (called once, by <see cref="MLNetSymbols.FlowOf"/>).</summary>
        internal void Build(IReadOnlyList<IOperation> blocks, CancellationToken cancellationToken)
        {
            foreach (var block in blocks)
            {
                foreach (var operation in block.DescendantsAndSelf())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    switch (operation.Kind)
                    {
                        case OperationKind.SimpleAssignment:
                        case OperationKind.VariableDeclarator:
                        case OperationKind.FieldInitializer:
                        case OperationKind.PropertyInitializer:
                            OnAssignment(operation, cancellationToken);
                            break;
                        case OperationKind.ObjectCreation:
                            OnCreation(operation, cancellationToken);
                            break;
                        case OperationKind.LocalReference:
                        case OperationKind.ParameterReference:
                        case OperationKind.FieldReference:
                        case OperationKind.PropertyReference:
                            OnReference(operation, cancellationToken);
                            break;
                    }
                }
            }

            _trainingClosure = ComputeTrainingClosure();
        }

        /// <summary>Every <c>new MLContext(...)</c> of the type.</summary>
        public IReadOnlyList<ContextCreation> Creations => _creations;

        /// <summary>Calls that create a trainer, with the context that reaches them.</summary>
        public IReadOnlyList<ContextCall> TrainerCalls => _trainerCalls;

        /// <summary><c>ShuffleRows</c> and <c>BootstrapSample</c> calls, with the context that reaches them.</summary>
        public IReadOnlyList<ContextCall> SamplingCalls => _samplingCalls;

        /// <summary>True when the creation's context is used for training somewhere the model can see.</summary>
        public bool IsUsedForTraining(ContextCreation creation)
        {
            if (creation.UsedDirectlyForTraining)
            {
                return true;
            }

            var key = creation.Definition ?? (object?)creation.Target;
            return key is not null && GetTrainingClosure().Contains(key);
        }

        /// <summary>
        /// True when every value the context can hold at the call was created with a seed. A local is judged by the
        /// definitions that reach the call over the control-flow graph (a seeded reassignment before use counts, an
        /// unseeded context in a branch that never reaches the call does not); other symbols by every value they are given.
        /// </summary>
        public bool IsProvablySeeded(ContextRoot root)
        {
            if (root.Creation is not null)
            {
                return root.Creation.Seed.IsSeeded;
            }

            var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            if (root.Definitions is { Count: > 0 } definitions)
            {
                var seen = new HashSet<LocalDefinitionKey>();
                foreach (var definition in definitions)
                {
                    if (!IsSeeded(definition, seen, visited))
                    {
                        return false;
                    }
                }

                return true;
            }

            return root.Symbol is not null && IsProvablySeeded(root.Symbol, visited);
        }

        private bool IsSeeded(LocalDefinitionKey definition, HashSet<LocalDefinitionKey> seen, HashSet<ISymbol> visited)
        {
            if (!seen.Add(definition) || !_definitionSources.TryGetValue(definition, out var source))
            {
                return false;
            }

            if (source.Creation is not null)
            {
                return source.Creation.Seed.IsSeeded;
            }

            if (source.Definitions is { Count: > 0 } copied)
            {
                foreach (var from in copied)
                {
                    if (!IsSeeded(from, seen, visited))
                    {
                        return false;
                    }
                }

                return true;
            }

            return source.Symbol is not null && IsProvablySeeded(source.Symbol, visited);
        }

        private bool IsProvablySeeded(ISymbol symbol, HashSet<ISymbol> visited)
        {
            if (!visited.Add(symbol))
            {
                return false;
            }

            if (symbol is IParameterSymbol parameter && !IsPrivateToType(parameter))
            {
                return false;
            }

            if (!_sources.TryGetValue(symbol, out var sources) || sources.Count == 0)
            {
                return false;
            }

            foreach (var source in sources)
            {
                var seeded = source.Creation is not null
                    ? source.Creation.Seed.IsSeeded
                    : source.Symbol is not null && IsProvablySeeded(source.Symbol, visited);
                if (!seeded)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsPrivateToType(IParameterSymbol parameter) =>
            parameter.ContainingSymbol is IMethodSymbol method
            && (method.MethodKind == MethodKind.LocalFunction || method.DeclaredAccessibility == Accessibility.Private);

        private HashSet<object> GetTrainingClosure() => _trainingClosure ?? ComputeTrainingClosure();

        /// <summary>
        /// The training symbols and every key whose value flows into one of them (a value assigned or passed to a training
        /// symbol trains too): one breadth-first walk against the flows, linear in their number.
        /// </summary>
        private HashSet<object> ComputeTrainingClosure()
        {
            var into = new Dictionary<object, List<object>>();
            foreach (var flow in _flows)
            {
                if (!into.TryGetValue(flow.Value, out var sources))
                {
                    into[flow.Value] = sources = new List<object>();
                }

                sources.Add(flow.Key);
            }

            var closure = new HashSet<object>(_trainingSymbols);
            var pending = new Queue<object>(_trainingSymbols);
            while (pending.Count > 0)
            {
                if (into.TryGetValue(pending.Dequeue(), out var sources))
                {
                    foreach (var source in sources)
                    {
                        if (closure.Add(source))
                        {
                            pending.Enqueue(source);
                        }
                    }
                }
            }

            return closure;
        }

        private void OnAssignment(IOperation operation, CancellationToken cancellationToken)
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment when _symbols.IsMLContext(assignment.Target.Type):
                    if (OperationHelpers.GetReferencedSymbol(assignment.Target) is { } target)
                    {
                        RecordAssignment(target, assignment.Value, cancellationToken);
                    }

                    break;
                case IVariableDeclaratorOperation declarator when declarator.Initializer is { } initializer && _symbols.IsMLContext(declarator.Symbol.Type):
                    RecordAssignment(declarator.Symbol, initializer.Value, cancellationToken);
                    break;
                case IFieldInitializerOperation fieldInitializer:
                    foreach (var field in fieldInitializer.InitializedFields)
                    {
                        if (_symbols.IsMLContext(field.Type))
                        {
                            RecordAssignment(field, fieldInitializer.Value, cancellationToken);
                        }
                    }

                    break;
                case IPropertyInitializerOperation propertyInitializer:
                    foreach (var property in propertyInitializer.InitializedProperties)
                    {
                        if (_symbols.IsMLContext(property.Type))
                        {
                            RecordAssignment(property, propertyInitializer.Value, cancellationToken);
                        }
                    }

                    break;
            }
        }

        private void RecordAssignment(ISymbol target, IOperation value, CancellationToken cancellationToken)
        {
            var unwrapped = OperationHelpers.SkipConversions(value);

            // An assignment of a local is a definition of its own: training is traced back to the definitions that
            // reach it, and a definition flows into the local itself for the reads the model cannot follow.
            LocalDefinitionKey? definition = null;
            if (target is ILocalSymbol { IsRef: false } local && value.Syntax is not null)
            {
                definition = new LocalDefinitionKey(local, value.Syntax);
                lock (_gate)
                {
                    _flows.Add(new KeyValuePair<object, object>(definition, local));
                }
            }

            var targetKey = definition ?? (object)target;
            ValueSource source;
            if (unwrapped is IObjectCreationOperation creation && _symbols.IsMLContext(creation.Type))
            {
                var record = new ContextCreation(creation, SeedInfo.FromArgument(SeedInfo.FindSeedArgument(creation.Arguments)), target)
                {
                    Definition = definition,
                };
                source = new ValueSource(record, null);
                lock (_gate)
                {
                    _creations.Add(record);
                }
            }
            else if (OperationHelpers.GetReferencedSymbol(unwrapped) is { } from && _symbols.IsMLContext(unwrapped.Type))
            {
                source = new ValueSource(null, from, unwrapped is ILocalReferenceOperation read ? _reachingDefinitions.ReachingExactly(read, cancellationToken) : null);
                var keys = KeysOf(unwrapped, from, cancellationToken);
                lock (_gate)
                {
                    foreach (var key in keys)
                    {
                        _flows.Add(new KeyValuePair<object, object>(key, targetKey));
                    }
                }
            }
            else
            {
                source = default;
            }

            lock (_gate)
            {
                if (!_sources.TryGetValue(target, out var list))
                {
                    _sources[target] = list = new List<ValueSource>();
                }

                list.Add(source);
                if (definition is not null)
                {
                    _definitionSources[definition] = source;
                }
            }
        }

        private void OnCreation(IOperation operation, CancellationToken cancellationToken)
        {
            var creation = (IObjectCreationOperation)operation;
            if (!_symbols.IsMLContext(creation.Type))
            {
                return;
            }

            var parent = OperationHelpers.ParentSkippingConversions(creation);
            if (IsRecordedByAssignment(creation, parent))
            {
                return; // recorded with its target by OnAssignment
            }

            var record = new ContextCreation(creation, SeedInfo.FromArgument(SeedInfo.FindSeedArgument(creation.Arguments)), null);
            lock (_gate)
            {
                _creations.Add(record);
            }

            var root = new ContextRoot(null, record);
            if (parent is IArgumentOperation argument)
            {
                var training = HandleArgument(argument, root, null, out var parameter, cancellationToken);
                lock (_gate)
                {
                    record.Target = parameter;
                    record.UsedDirectlyForTraining |= training;
                }
            }
            else if (ClassifyCatalogChain(creation, root))
            {
                lock (_gate)
                {
                    record.UsedDirectlyForTraining = true;
                }
            }
        }

        private bool IsRecordedByAssignment(IOperation creation, IOperation? parent) => parent switch
        {
            ISimpleAssignmentOperation assignment =>
                OperationHelpers.SkipConversions(assignment.Value) == creation && _symbols.IsMLContext(assignment.Target.Type),
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => _symbols.IsMLContext(declarator.Symbol.Type),
            IFieldInitializerOperation or IPropertyInitializerOperation => true,
            _ => false,
        };

        private void OnReference(IOperation reference, CancellationToken cancellationToken)
        {
            if (!_symbols.IsMLContext(reference.Type) || OperationHelpers.GetReferencedSymbol(reference) is not { } symbol)
            {
                return;
            }

            var root = new ContextRoot(symbol, null, reference is ILocalReferenceOperation local ? _reachingDefinitions.ReachingExactly(local, cancellationToken) : null);
            var parent = OperationHelpers.ParentSkippingConversions(reference);
            if (reference.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } || reference.Parent is ITupleOperation or IDeclarationExpressionOperation)
            {
                // Written with a value the model does not see (a callee's out/ref, a deconstruction): not provably seeded.
                lock (_gate)
                {
                    if (!_sources.TryGetValue(symbol, out var list))
                    {
                        _sources[symbol] = list = new List<ValueSource>();
                    }

                    list.Add(default);
                }
            }

            if (parent is IArgumentOperation argument)
            {
                if (HandleArgument(argument, root, reference, out _, cancellationToken))
                {
                    MarkTraining(KeysOf(reference, symbol, cancellationToken));
                }
            }
            else if (ClassifyCatalogChain(reference, root))
            {
                MarkTraining(KeysOf(reference, symbol, cancellationToken));
            }
        }

        private void MarkTraining(IEnumerable<object> keys)
        {
            lock (_gate)
            {
                foreach (var key in keys)
                {
                    _trainingSymbols.Add(key);
                }
            }
        }

        /// <summary>
        /// What a read of a context stands for in the training closure: for a local, the definitions that reach the
        /// read over the control-flow graph; otherwise (or when the graph cannot tell) the symbol itself.
        /// </summary>
        private IEnumerable<object> KeysOf(IOperation reference, ISymbol symbol, CancellationToken cancellationToken)
        {
            if (reference is ILocalReferenceOperation local && _reachingDefinitions.Reaching(local, cancellationToken) is { } definitions)
            {
                return definitions;
            }

            return new object[] { symbol };
        }

        /// <summary>
        /// A context passed as an argument. Returns true when the callee is known to train with it; records the flow
        /// into a parameter of the type's own methods so training found there propagates back.
        /// </summary>
        private bool HandleArgument(IArgumentOperation argument, ContextRoot root, IOperation? reference, out IParameterSymbol? flowTarget, CancellationToken cancellationToken)
        {
            flowTarget = null;
            var parameter = argument.Parameter;
            if (parameter is null || argument.Parent is not IOperation call)
            {
                return false;
            }

            var method = parameter.ContainingSymbol as IMethodSymbol;
            if (method is null)
            {
                return false;
            }

            if (method.IsExtensionMethod && parameter.Ordinal == 0 && call is IInvocationOperation extensionCall)
            {
                // ml.Auto() and any other extension on MLContext itself.
                return _symbols.AutoCatalog is not null && SymbolEqualityComparer.Default.Equals(extensionCall.TargetMethod.ReturnType, _symbols.AutoCatalog);
            }

            if (!OperationHelpers.IsInSource(method))
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _type) || IsNestedIn(method.ContainingType, _type))
            {
                flowTarget = parameter;
                var keys = root.Symbol is not null && reference is not null ? KeysOf(reference, root.Symbol, cancellationToken) : null;
                lock (_gate)
                {
                    if (!_sources.TryGetValue(parameter, out var list))
                    {
                        _sources[parameter] = list = new List<ValueSource>();
                    }

                    list.Add(root.Creation is not null ? new ValueSource(root.Creation, null) : new ValueSource(null, root.Symbol));
                    if (keys is not null)
                    {
                        foreach (var key in keys)
                        {
                            _flows.Add(new KeyValuePair<object, object>(key, parameter));
                        }
                    }
                }

                return false;
            }

            // A method of another type of the project: its operations belong to another symbol's analysis, so look at its
            // syntax for the members that only training code uses.
            return MentionsTrainingMembers(method);
        }

        private static bool IsNestedIn(INamedTypeSymbol? type, INamedTypeSymbol container)
        {
            for (var current = type?.ContainingType; current is not null; current = current.ContainingType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, container))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool MentionsTrainingMembers(IMethodSymbol method)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is SimpleNameSyntax name && Array.IndexOf(TrainingMemberNames, name.Identifier.ValueText) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Follows <c>ml.Catalog.Trainers</c> property accesses from a context up to the method called on them and records
        /// what it is. Returns true for calls that only training code makes.
        /// </summary>
        private bool ClassifyCatalogChain(IOperation contextOperation, ContextRoot root)
        {
            IOperation current = contextOperation;
            while (true)
            {
                var parent = OperationHelpers.ParentSkippingConversions(current);
                switch (parent)
                {
                    case IPropertyReferenceOperation property when property.Instance is not null && OperationHelpers.SkipConversions(property.Instance) == current:
                        current = property;
                        continue;
                    case IInvocationOperation invocation when invocation.Instance is not null && OperationHelpers.SkipConversions(invocation.Instance) == current:
                        return Classify(invocation, root);
                    case IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation extension } when extension.TargetMethod.IsExtensionMethod && current != contextOperation:
                        return Classify(extension, root);
                    default:
                        return false;
                }
            }
        }

        private bool Classify(IInvocationOperation invocation, ContextRoot root)
        {
            var method = invocation.TargetMethod;
            if (_symbols.IsTrainerFactory(method))
            {
                lock (_gate)
                {
                    _trainerCalls.Add(new ContextCall(invocation, root));
                }

                return true;
            }

            if (_symbols.IsDataOperation(method))
            {
                switch (method.Name)
                {
                    case "ShuffleRows":
                    case "BootstrapSample":
                        lock (_gate)
                        {
                            _samplingCalls.Add(new ContextCall(invocation, root));
                        }

                        return !HasOwnSeed(invocation);
                    case "TrainTestSplit":
                    case "CrossValidationSplit":
                        return !HasOwnSeed(invocation);
                }

                return false;
            }

            if (Array.IndexOf(RandomTransformNames, method.Name) >= 0 && MLNetSymbols.IsInMLNetNamespace(method.ContainingType)
                && SeedInfo.FindSeedArgument(invocation.Arguments) is { } seedArgument)
            {
                // The overload with a seed parameter; one given here makes the transform independent of the context.
                return SeedInfo.FromArgument(seedArgument).Kind == SeedKind.None;
            }

            return _symbols.IsCrossValidate(method) && !HasOwnSeed(invocation);
        }

        /// <summary>
        /// The call passes a seed that is never null. In ML.NET 5.0.1 such a call's randomness comes from that seed
        /// alone: <c>ShuffleRows</c> (RowShufflingTransformer: <c>ForceShuffleSeed ?? Host.Rand.NextSigned()</c>),
        /// <c>BootstrapSample</c> (BootstrapSamplingTransformer: <c>Seed ?? Host.Rand.Next()</c>), the splits and
        /// <c>CrossValidate</c> (DataOperationsCatalog.CreateSplitColumn: the seed, else the context's seed).
        /// </summary>
        private static bool HasOwnSeed(IInvocationOperation invocation) =>
            SeedInfo.FromArgument(SeedInfo.FindSeedArgument(invocation.Arguments)).IsSeeded;

        private readonly struct ValueSource
        {
            public ValueSource(ContextCreation? creation, ISymbol? symbol, IReadOnlyCollection<LocalDefinitionKey>? definitions = null)
            {
                Creation = creation;
                Symbol = symbol;
                Definitions = definitions;
            }

            /// <summary>When the value is a read of a local: the definitions that reach it, if the model follows them all.</summary>
            public IReadOnlyCollection<LocalDefinitionKey>? Definitions { get; }

            public ContextCreation? Creation { get; }

            public ISymbol? Symbol { get; }
        }
    }

    /// <summary>One <c>new MLContext(...)</c>.</summary>
    internal sealed class ContextCreation
    {
        public ContextCreation(IObjectCreationOperation operation, SeedInfo seed, ISymbol? target)
        {
            Operation = operation;
            Seed = seed;
            Target = target;
        }

        public IObjectCreationOperation Operation { get; }

        public SeedInfo Seed { get; }

        /// <summary>The local, field, property or parameter the context is stored in or passed to, if any.</summary>
        public ISymbol? Target { get; set; }

        /// <summary>When the target is a local: this definition of it, which training is traced back to.</summary>
        public LocalDefinitionKey? Definition { get; set; }

        /// <summary>Used for training without being stored first (<c>new MLContext().Regression.Trainers...</c>).</summary>
        public bool UsedDirectlyForTraining { get; set; }
    }

    /// <summary>The context that reaches a call: a symbol (local, field, property, parameter) or a creation.</summary>
    internal readonly struct ContextRoot
    {
        public ContextRoot(ISymbol? symbol, ContextCreation? creation, IReadOnlyCollection<LocalDefinitionKey>? definitions = null)
        {
            Symbol = symbol;
            Creation = creation;
            Definitions = definitions;
        }

        /// <summary>When the context is a local: the definitions of it that reach the call, if the model follows them all.</summary>
        public IReadOnlyCollection<LocalDefinitionKey>? Definitions { get; }

        public ISymbol? Symbol { get; }

        public ContextCreation? Creation { get; }
    }

    /// <summary>A call made through a context's catalogs, and the context that reaches it.</summary>
    internal sealed class ContextCall
    {
        public ContextCall(IInvocationOperation invocation, ContextRoot root)
        {
            Invocation = invocation;
            Root = root;
        }

        public IInvocationOperation Invocation { get; }

        public ContextRoot Root { get; }
    }
}
