using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Evaluation;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Generators
{
    internal static partial class PipelineExtractor
    {
        /// <summary>
        /// What the callers of a method that returns a tuple literal do with its elements: each evaluation whose scored
        /// data a <c>Transform</c> of an element produced, and each save or ONNX export of an element, by element index.
        /// Computed once per method for every pipeline of the member (<see cref="MemberFacts.TupleReturnOf"/>).
        /// </summary>
        private sealed class TupleReturn
        {
            public TupleReturn(SyntaxNode?[] elementFits)
            {
                ElementFits = elementFits;
            }

            /// <summary>For each element of the returned tuple, the syntax of the <c>Fit</c> whose model it is (null: not a fitted model).</summary>
            public SyntaxNode?[] ElementFits { get; }

            /// <summary>The uses found in the callers, with the index of the element they use.</summary>
            public List<(int Element, FitUse Use)> Uses { get; } = new List<(int, FitUse)>();
        }

        /// <summary>How one call site's result is held: the locals a deconstruction gives each element, or one local holding the whole tuple.</summary>
        private sealed class TupleBinding
        {
            public TupleBinding(IInvocationOperation call)
            {
                Call = call;
            }

            public IInvocationOperation Call { get; }

            public Dictionary<ILocalSymbol, int> ElementLocals { get; } = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);

            public ILocalSymbol? ResultLocal { get; set; }

            /// <summary>The element an expression of the caller reads: a deconstructed local, <c>result.name</c>, <c>result.ItemN</c>, <c>Call(...).name</c>.</summary>
            public int? ElementOf(IOperation expression)
            {
                switch (OperationHelpers.SkipConversions(expression))
                {
                    case ILocalReferenceOperation local when ElementLocals.TryGetValue(local.Local, out var index):
                        return index;
                    case IFieldReferenceOperation { Instance: { } instance } field
                        when field.Field.ContainingType is { IsTupleType: true }
                        && (OperationHelpers.SkipConversions(instance) is ILocalReferenceOperation holder && ResultLocal is not null && SymbolEqualityComparer.Default.Equals(holder.Local, ResultLocal)
                            || OperationHelpers.SkipConversions(instance).Syntax == Call.Syntax):
                        return TupleElementIndex(field.Field);
                    case IPropertyReferenceOperation { Instance: { } instance } property
                        when OperationHelpers.SkipConversions(instance) is ILocalReferenceOperation holder && ResultLocal is not null && SymbolEqualityComparer.Default.Equals(holder.Local, ResultLocal)
                            || OperationHelpers.SkipConversions(instance).Syntax == Call.Syntax:
                        return PositionalIndex(property.Property);
                    default:
                        return null;
                }
            }
        }

        /// <summary>
        /// The calls of a caller's body that may use a model it received: evaluations, saves and ONNX exports, and calls of
        /// source methods with arguments (helpers it may pass the model to), with the data each evaluation scores resolved
        /// once. Kept per operation tree for every member and method that asks (the callers are bound once per tree,
        /// <see cref="MethodSummaries.CallSitesOf"/>): K methods called from one caller walk it once, not K times.
        /// </summary>
        private sealed class CallerCalls
        {
            private static readonly ConditionalWeakTable<IOperation, CallerCalls> Cache = new ConditionalWeakTable<IOperation, CallerCalls>();

            private readonly ConcurrentDictionary<IInvocationOperation, DataSource> _scored = new ConcurrentDictionary<IInvocationOperation, DataSource>();

            private CallerCalls(List<IInvocationOperation> calls)
            {
                Calls = calls;
            }

            public List<IInvocationOperation> Calls { get; }

            public static CallerCalls Of(IOperation root, MLNetSymbols symbols, CancellationToken cancellationToken)
            {
                if (Cache.TryGetValue(root, out var known))
                {
                    return known;
                }

                var calls = new List<IInvocationOperation>();
                var evaluationCalls = EvaluationCalls.Create(symbols);
                foreach (var operation in root.Descendants())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (operation is IInvocationOperation call
                        && (call.TargetMethod.Name is "Evaluate" or "EvaluateNonCalibrated" && evaluationCalls.IsEvaluation(call.TargetMethod)
                            || Extraction.SavedModel(call) is not null
                            || call.Arguments.Length > 0 && call.TargetMethod.DeclaringSyntaxReferences.Length == 1 && !MLNetSymbols.IsInMLNetNamespace(call.TargetMethod.ContainingType)))
                    {
                        calls.Add(call);
                    }
                }

                return Cache.GetValue(root, _ => new CallerCalls(calls));
            }

            /// <summary>Where the data an evaluation scores comes from (<see cref="DataFlow.Resolve(IOperation, EstimatorChainSymbols, CancellationToken)"/>), once per evaluation.</summary>
            public DataSource Scored(IInvocationOperation evaluation, IOperation scored, EstimatorChainSymbols chain, CancellationToken cancellationToken) =>
                _scored.TryGetValue(evaluation, out var known) ? known : _scored.GetOrAdd(evaluation, DataFlow.Resolve(scored, chain, cancellationToken));
        }

        /// <summary><c>Item3</c> (or the element named in its place) is 2; null for anything else.</summary>
        private static int? TupleElementIndex(IFieldSymbol field)
        {
            var name = (field.CorrespondingTupleField ?? field).Name;
            return name.StartsWith("Item", System.StringComparison.Ordinal)
                && int.TryParse(name.Substring(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position)
                && position >= 1
                    ? position - 1
                    : null;
        }

        /// <summary>
        /// The position of a positional record's property (<c>record R(ITransformer Model, IDataView Test)</c>: <c>Model</c> is 0),
        /// the parameter of its primary constructor it is made from; null for any other property (a property declared in
        /// the body may be computed or set elsewhere).
        /// </summary>
        private static int? PositionalIndex(IPropertySymbol property) =>
            property is { IsStatic: false, ContainingType.IsRecord: true, DeclaringSyntaxReferences.Length: 1 }
            && property.DeclaringSyntaxReferences[0].GetSyntax() is ParameterSyntax { Parent: ParameterListSyntax { Parent: RecordDeclarationSyntax } list } parameter
                ? list.Parameters.IndexOf(parameter)
                : null;

        /// <summary>
        /// The values a method returns by position: the elements of a tuple literal, or the arguments of a positional
        /// record's primary constructor (<c>new R(model, split.TestSet)</c>, no initializer, every argument written).
        /// </summary>
        private static IOperation[]? ReturnedPositions(IOperation returned)
        {
            switch (OperationHelpers.SkipConversions(returned))
            {
                case ITupleOperation literal:
                    return literal.Elements.ToArray();
                case IObjectCreationOperation { Initializer: null, Constructor: { } constructor } creation
                    when constructor.ContainingType is { IsRecord: true }
                    && constructor.DeclaringSyntaxReferences.Length == 1
                    && constructor.DeclaringSyntaxReferences[0].GetSyntax() is RecordDeclarationSyntax { ParameterList: { } parameters }
                    && parameters.Parameters.Count == constructor.Parameters.Length:
                    var values = new IOperation[constructor.Parameters.Length];
                    foreach (var argument in creation.Arguments)
                    {
                        if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { } parameter)
                        {
                            return null;
                        }

                        values[parameter.Ordinal] = argument.Value;
                    }

                    return values.Any(v => v is null) ? null : values;
                default:
                    return null;
            }
        }

        private sealed partial class Extraction
        {
            /// <summary>
            /// The evaluations and saves of this fit's model made by the callers of its method, when the method returns the
            /// model inside a tuple literal (<c>return (model, split.TestSet);</c>) and the callers take it apart
            /// (<see cref="MemberFacts.TupleReturnOf"/>, once per method). A fit whose method returns neither a tuple nor a
            /// record costs one symbol lookup (the method enclosing the fit) and nothing more.
            /// </summary>
            private void AddTupleCallerUses(IInvocationOperation fit, DataSource? trainSource, List<DataModel> data, List<EvaluationModel> evaluations, List<SaveModel> saves)
            {
                if (_semanticModel.GetEnclosingSymbol(fit.Syntax.SpanStart, _cancellationToken) is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
                    || !(method.ReturnType.IsTupleType || method.ReturnType.IsRecord))
                {
                    return;
                }

                TupleReturn? tuple;
                try
                {
                    tuple = _facts.TupleReturnOf(method.OriginalDefinition, this);
                }
                catch (System.Exception e) when (e is not System.OperationCanceledException)
                {
                    return; // code the model cannot read: the pipeline keeps what its own method shows
                }

                if (tuple is null)
                {
                    return;
                }

                foreach (var (element, use) in tuple.Uses)
                {
                    if (tuple.ElementFits[element] != fit.Syntax)
                    {
                        continue;
                    }

                    if (use.Save is { } save)
                    {
                        saves.Add(save);
                    }
                    else if (use.Evaluation is { } evaluation)
                    {
                        AddEvaluation(evaluation, trainSource, data, evaluations);
                    }
                }
            }

            /// <summary>
            /// What the callers of <paramref name="method"/> do with the tuple it returns, or null when the model cannot say:
            /// the method can be replaced at run time or has no single <c>return</c> of a tuple literal
            /// (<see cref="MethodSummaries.BodyOf"/>), no element is a fitted model, or it calls itself. One level of callers,
            /// anywhere in the compilation (a caller in another file only when the method's declared return type names a
            /// transformer: <see cref="CompilationKey.ReturnsModelTuple"/> puts such callers' files in the key).
            /// </summary>
            internal TupleReturn? ComputeTupleReturn(IMethodSymbol method)
            {
                var summaries = MethodSummaries.Get(_semanticModel.Compilation);
                if (summaries.BodyOf(method) is not { ReturnedValue: { } returned }
                    || ReturnedPositions(returned) is not { } elements
                    || method.DeclaringSyntaxReferences.Length != 1)
                {
                    return null;
                }

                var elementFits = new SyntaxNode?[elements.Length];
                var any = false;
                for (var i = 0; i < elementFits.Length; i++)
                {
                    elementFits[i] = FitOfElement(elements[i]);
                    any |= elementFits[i] is not null;
                }

                if (!any)
                {
                    return null;
                }

                var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken);
                var otherFiles = declaration is MethodDeclarationSyntax typed && CompilationKey.ReturnsModelTuple(typed);
                var calls = summaries.CallSitesOf(method, _cancellationToken);
                foreach (var call in calls)
                {
                    if (declaration.Span.Contains(call.Syntax.Span) && call.Syntax.SyntaxTree == declaration.SyntaxTree)
                    {
                        return null; // recursive: which run's model a use sees is not known
                    }
                }

                var tuple = new TupleReturn(elementFits);
                DataSource?[]? elementData = null;
                foreach (var call in calls)
                {
                    if (call.Syntax.SyntaxTree != declaration.SyntaxTree && !otherFiles)
                    {
                        continue;
                    }

                    if (BindingOf(call) is not { } binding
                        || call.SemanticModel?.GetEnclosingSymbol(call.Syntax.SpanStart, _cancellationToken) is not { } enclosing
                        || ContainingMember(enclosing) is not IMethodSymbol caller)
                    {
                        continue;
                    }

                    var root = OperationHelpers.GetRoot(call);
                    var callerCalls = CallerCalls.Of(root, _symbols, _cancellationToken);
                    foreach (var use in callerCalls.Calls)
                    {
                        if (!MLNetSymbols.IsInMLNetNamespace(use.TargetMethod.ContainingType))
                        {
                            AddHelperUses(tuple, binding, use, root, elements, ref elementData);
                            continue;
                        }

                        if (SavedModel(use) is { } saved)
                        {
                            if (binding.ElementOf(saved) is { } savedElement && savedElement < elementFits.Length)
                            {
                                tuple.Uses.Add((savedElement, new FitUse(null, DescribeSave(use, null, caller))));
                            }

                            continue;
                        }

                        if (EstimatorChainSymbols.ArgumentFor(use, "data")?.Value is not { } scored
                            || callerCalls.Scored(use, scored, _chain, _cancellationToken) is not { Kind: DataSourceKind.Transformed, Transformer: { } transformer, Operation: IInvocationOperation transform } transformed
                            || transformed.HelperCall is not null
                            || binding.ElementOf(transformer) is not { } element
                            || element >= elementFits.Length)
                        {
                            continue;
                        }

                        // The data a model of the tuple scores: another element of the same tuple is what the method returned there.
                        var evaluated = transformed.Input;
                        if (EstimatorChainSymbols.ArgumentFor(transform, 0)?.Value is { } input && binding.ElementOf(input) is { } dataElement && dataElement < elementFits.Length)
                        {
                            elementData ??= new DataSource?[elementFits.Length];
                            evaluated = elementData[dataElement] ??= DataFlow.Resolve(elements[dataElement], _chain, _cancellationToken);
                        }

                        tuple.Uses.Add((element, new FitUse(
                            new ResolvedEvaluation(
                                call.Syntax,
                                evaluated,
                                EstimatorChainAnalysis.CatalogPath(use),
                                use.TargetMethod.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                                LabelArgument(use),
                                _facts.MetricsRead(use, root),
                                SourceOf(use.Syntax, caller)),
                            null)));
                    }
                }

                return tuple;
            }

            /// <summary>
            /// The fit whose model a returned element is: the fit itself (through locals), or that model with a transformer
            /// appended, <c>model.Append(transformer)</c> (a <c>TransformerChain</c> whose first part is the fitted model:
            /// the CreditCardFraudDetection sample appends a feature-contribution calculator before returning it).
            /// </summary>
            private SyntaxNode? FitOfElement(IOperation element)
            {
                if (DataFlow.FitOf(element, _chain, _cancellationToken) is { } direct)
                {
                    return direct.Fit.Syntax;
                }

                var value = OperationHelpers.SkipConversions(element);
                if (value is ILocalReferenceOperation local && OperationHelpers.FindSingleInitializer(local) is { } initializer)
                {
                    value = OperationHelpers.SkipConversions(initializer);
                }

                return value is IInvocationOperation { TargetMethod.Name: "Append" } append
                    && MLNetSymbols.IsInMLNetNamespace(append.TargetMethod.ContainingType)
                    && OperationHelpers.IsOrImplements(append.Type, _symbols.ITransformer)
                    && EstimatorChainSymbols.Receiver(append) is { } receiver
                    && DataFlow.FitOf(receiver, _chain, _cancellationToken) is { } appended
                        ? appended.Fit.Syntax
                        : null;
            }

            /// <summary>
            /// A helper of the compilation the caller passes elements of the result to (<c>EvaluateModel(ml, model, test)</c>,
            /// <c>SaveModel(ml, model, path)</c>): its evaluations and saves of a parameter given a fitted element, one level
            /// deep, as for a helper the fitting method calls itself (<see cref="HelperBody"/>; <see cref="ModelUses"/> says
            /// first whether it evaluates or saves such a parameter at all).
            /// </summary>
            private void AddHelperUses(TupleReturn tuple, TupleBinding binding, IInvocationOperation helperCall, IOperation root, IOperation[] elements, ref DataSource?[]? elementData)
            {
                Dictionary<int, int>? passed = null;
                ModelUses? modelUses = null;
                var reached = false;
                foreach (var argument in helperCall.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.Explicit
                        && argument.Parameter is { RefKind: RefKind.None } parameter
                        && binding.ElementOf(argument.Value) is { } element
                        && element < elements.Length)
                    {
                        (passed ??= new Dictionary<int, int>())[parameter.Ordinal] = element;
                        if (tuple.ElementFits[element] is not null)
                        {
                            modelUses ??= ModelUses.Get(_symbols);
                            reached |= (modelUses.UseOfParameter(helperCall.TargetMethod, parameter.Ordinal) & (ModelUse.Evaluated | ModelUse.Saved)) != 0;
                        }
                    }
                }

                if (!reached || passed is null || HelperBody(helperCall) is not { } helperBody)
                {
                    return;
                }

                var helper = helperCall.TargetMethod.OriginalDefinition;
                var evaluationCalls = EvaluationCalls.Create(_symbols);
                foreach (var operation in helperBody.Descendants())
                {
                    if (operation is not IInvocationOperation inner)
                    {
                        continue;
                    }

                    if (SavedModel(inner) is { } saved)
                    {
                        if (PassedElement(saved, helper, passed) is { } savedElement)
                        {
                            tuple.Uses.Add((savedElement, new FitUse(null, DescribeSave(inner, helperCall, helper))));
                        }

                        continue;
                    }

                    if (inner.TargetMethod.Name is not ("Evaluate" or "EvaluateNonCalibrated")
                        || !evaluationCalls.IsEvaluation(inner.TargetMethod)
                        || EstimatorChainSymbols.ArgumentFor(inner, "data")?.Value is not { } scored
                        || DataFlow.Resolve(scored, _chain, _cancellationToken) is not { Kind: DataSourceKind.Transformed, Transformer: { } transformer, HelperCall: null } transformed
                        || PassedElement(transformer, helper, passed) is not { } element)
                    {
                        continue;
                    }

                    // The data the helper scores: a parameter stands for the caller's argument (another element, or data the caller resolves).
                    var evaluated = transformed.Input;
                    if (evaluated is { Kind: DataSourceKind.Symbol, Symbol: IParameterSymbol parameter }
                        && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol?.OriginalDefinition, helper)
                        && EstimatorChainSymbols.ArgumentFor(helperCall, parameter.Ordinal) is { ArgumentKind: ArgumentKind.Explicit } argument)
                    {
                        if (passed.TryGetValue(parameter.Ordinal, out var dataElement))
                        {
                            elementData ??= new DataSource?[elements.Length];
                            evaluated = elementData[dataElement] ??= DataFlow.Resolve(elements[dataElement], _chain, _cancellationToken);
                        }
                        else
                        {
                            evaluated = DataFlow.Resolve(argument.Value, _chain, _cancellationToken);
                        }
                    }

                    tuple.Uses.Add((element, new FitUse(
                        new ResolvedEvaluation(
                            helperCall.Syntax,
                            evaluated,
                            EstimatorChainAnalysis.CatalogPath(inner),
                            inner.TargetMethod.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                            LabelArgument(inner),
                            _facts.MetricsRead(helperCall, root),
                            SourceOf(inner.Syntax, ContainingMember(helper))),
                        null)));
                }
            }

            /// <summary>The element a helper's parameter received, when <paramref name="value"/> reads that parameter (never written in the helper).</summary>
            private static int? PassedElement(IOperation value, IMethodSymbol helper, Dictionary<int, int> passed) =>
                OperationHelpers.SkipConversions(value) is IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter } reference
                && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol?.OriginalDefinition, helper)
                && passed.TryGetValue(parameter.Ordinal, out var element)
                && !IsParameterWritten(reference)
                    ? element
                    : null;

            /// <summary>True when the helper assigns the parameter or passes it by reference somewhere (one look per parameter read).</summary>
            private static bool IsParameterWritten(IParameterReferenceOperation parameter)
            {
                foreach (var operation in OperationHelpers.GetRoot(parameter).Descendants())
                {
                    if (operation is IParameterReferenceOperation reference
                        && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter.Parameter)
                        && reference.Parent switch
                        {
                            IAssignmentOperation assignment => assignment.Target == reference,
                            IIncrementOrDecrementOperation => true,
                            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
                            ITupleOperation or IDeclarationExpressionOperation => true,
                            _ => false,
                        })
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// How the caller holds the result of <paramref name="call"/>: <c>var (m, t) = call;</c>, <c>(m, t) = call;</c>
            /// (each local written only there, read after it in the same block and not in a lambda), or <c>var r = call;</c>
            /// (<c>r</c> and its elements never written again). Null for anything else (discarded, passed on, returned).
            /// </summary>
            private static TupleBinding? BindingOf(IInvocationOperation call)
            {
                var binding = new TupleBinding(call);
                switch (OperationHelpers.ParentSkippingConversions(call))
                {
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        var local = declarator.Symbol;
                        if (local.IsRef || LocalIndex.Of(call).Facts(local) is not { Writes.Count: 1, AssignedAfterDeclaration: false } facts)
                        {
                            return null;
                        }

                        var function = LocalDefinitions.EnclosingFunction(declarator);
                        foreach (var reference in facts.References)
                        {
                            if (LocalDefinitions.EnclosingFunction(reference) != function
                                || LocalIndex.IsWriteTarget(reference)
                                || reference.Parent is IFieldReferenceOperation element && element.Instance == reference && IsWritten(element))
                            {
                                return null;
                            }
                        }

                        binding.ResultLocal = local;
                        return binding;
                    case IDeconstructionAssignmentOperation deconstruction
                        when OperationHelpers.SkipConversions(deconstruction.Value) == call
                        && call.Type is { IsTupleType: true } // a record's Deconstruct may be the user's own
                        && deconstruction.Parent is IExpressionStatementOperation { Parent: IBlockOperation block }:
                        var target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
                        if (target is not ITupleOperation targets)
                        {
                            return null;
                        }

                        var where = LocalDefinitions.EnclosingFunction(deconstruction);
                        for (var i = 0; i < targets.Elements.Length; i++)
                        {
                            var element = targets.Elements[i] is IDeclarationExpressionOperation declared ? declared.Expression : targets.Elements[i];
                            if (element is ILocalReferenceOperation reference && IsWrittenOnlyBy(reference, deconstruction, block, where))
                            {
                                binding.ElementLocals[reference.Local] = i;
                            }
                        }

                        return binding.ElementLocals.Count > 0 ? binding : null;
                    default:
                        return null;
                }
            }

            /// <summary>The local has no initializer and no write but this deconstruction, and every read follows it in its block, outside lambdas.</summary>
            private static bool IsWrittenOnlyBy(ILocalReferenceOperation target, IDeconstructionAssignmentOperation deconstruction, IBlockOperation block, IOperation? function)
            {
                if (target.Local.IsRef || LocalIndex.Of(target).Facts(target.Local) is not { Initializer: null, AssignedAfterDeclaration: false } facts)
                {
                    return false;
                }

                foreach (var reference in facts.References)
                {
                    if (reference == target)
                    {
                        continue;
                    }

                    if (LocalIndex.IsWriteTarget(reference)
                        || reference.Syntax.SpanStart < deconstruction.Syntax.Span.End
                        || !block.Syntax.Span.Contains(reference.Syntax.Span)
                        || LocalDefinitions.EnclosingFunction(reference) != function)
                    {
                        return false;
                    }
                }

                return true;
            }

            /// <summary>A tuple element written: assigned, incremented, passed by reference, or the target of a deconstruction.</summary>
            private static bool IsWritten(IFieldReferenceOperation element) => element.Parent switch
            {
                IAssignmentOperation assignment => assignment.Target == element,
                IIncrementOrDecrementOperation => true,
                IArgumentOperation argument => argument.Parameter?.RefKind is not (null or RefKind.None or RefKind.In),
                ITupleOperation or IDeclarationExpressionOperation => true,
                IAddressOfOperation => true,
                _ => false,
            };
        }
    }
}
