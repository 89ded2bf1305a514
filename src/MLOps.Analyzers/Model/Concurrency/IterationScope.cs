using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Serving;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// What one loop or per-row lambda (<see cref="PerItemCode.FindIterationScope"/>) repeats: which variables change
    /// between iterations, which values a call reads are the same on every iteration, whether the iteration waits,
    /// saves or may rewrite a file, and whether a value made in it is dropped within it. Built once per scope and
    /// cached (every <c>ml.Model</c> call of a loop asks the same scope), with the facts each question needs indexed
    /// when it is built: a call then costs what it reads, not the size of the loop.
    /// </summary>
    internal sealed class IterationScope
    {
        private const int MaxDepth = 32;

        private static readonly ConditionalWeakTable<IOperation, IterationScope> Cache = new ConditionalWeakTable<IOperation, IterationScope>();

        private readonly object _gate = new object();
        private readonly IOperation _scope;
        private readonly ILoopOperation? _loop;
        private readonly ConcurrencySymbols _s;
        private readonly Dictionary<ISymbol, List<VariableWrite>> _writes;
        private readonly HashSet<ISymbol> _iterationVariables = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _visiting = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly bool _waitsOrSaves;
        private readonly bool _writesArrayElements;
        private readonly bool _bodyHasExit;

        /// <summary>Every local, parameter, field and property reference in the scope, by symbol, in operation order.</summary>
        private readonly Dictionary<ISymbol, List<IOperation>> _references = new Dictionary<ISymbol, List<IOperation>>(SymbolEqualityComparer.Default);

        /// <summary>Calls in the scope that are not <c>Load</c> and may write files (by the method they call).</summary>
        private readonly List<IOperation> _fileWritingCalls = new List<IOperation>();

        /// <summary>The other calls in the scope that are not <c>Load</c>, by the symbols and string constants their arguments read.</summary>
        private readonly Dictionary<ISymbol, List<CallArgument>> _callsBySymbol = new Dictionary<ISymbol, List<CallArgument>>(SymbolEqualityComparer.Default);
        private readonly Dictionary<string, List<CallArgument>> _callsByConstant = new Dictionary<string, List<CallArgument>>(StringComparer.Ordinal);

        private readonly Dictionary<ISymbol, bool> _writtenDuringLoop = new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        private readonly Dictionary<ISymbol, bool> _memberInvariant = new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

        private IterationScope(IOperation scope, ConcurrencySymbols symbols)
        {
            _scope = scope;
            _s = symbols;
            _loop = scope as ILoopOperation;
            Root = OperationHelpers.GetRoot(scope);
            _writes = ModelCatalogCalls.GetWrites(Root);

            if (_loop is not null)
            {
                foreach (var local in _loop.Locals)
                {
                    _iterationVariables.Add(local);
                }
            }
            else if (scope is IAnonymousFunctionOperation lambda)
            {
                foreach (var parameter in lambda.Symbol.Parameters)
                {
                    _iterationVariables.Add(parameter);
                }
            }

            var mayWriteFiles = new Dictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            foreach (var operation in scope.Descendants())
            {
                if (OperationHelpers.GetReferencedSymbol(operation) is { } referenced)
                {
                    Add(_references, referenced, operation);
                }

                switch (operation)
                {
                    case IAwaitOperation:
                        _waitsOrSaves = true;
                        break;
                    case IInvocationOperation invocation:
                        var method = invocation.TargetMethod;
                        if (IsWait(method) || (IsCatalog(method) && method.Name.StartsWith(ModelCatalogCalls.Save, StringComparison.Ordinal)))
                        {
                            _waitsOrSaves = true;
                        }

                        IndexCall(invocation, method, invocation.Arguments, mayWriteFiles);
                        break;
                    case IObjectCreationOperation creation:
                        IndexCall(creation, creation.Constructor, creation.Arguments, mayWriteFiles);
                        break;
                    case IArrayElementReferenceOperation element when ModelCatalogCalls.GetWriteKind(element, out _) is not null:
                        _writesArrayElements = true;
                        break;
                }
            }

            if (_loop?.Body is IBlockOperation body)
            {
                foreach (var statement in body.Operations)
                {
                    if (IsExit(statement))
                    {
                        _bodyHasExit = true;
                        break;
                    }
                }
            }
        }

        private IOperation Root { get; }

        /// <summary>The scope's facts, built on first use and shared by every call in it.</summary>
        public static IterationScope Get(IOperation scope, ConcurrencySymbols symbols) =>
            Cache.GetValue(scope, s => new IterationScope(s, symbols));

        /// <summary><c>ml.Model.CreatePredictionEngine</c> or <c>ml.Model.Load</c>: the calls that make an engine or a model.</summary>
        public static bool IsModelCreation(IMethodSymbol method, ConcurrencySymbols symbols) =>
            (method.Name == ModelCatalogCalls.CreatePredictionEngine || method.Name == ModelCatalogCalls.Load)
            && symbols.ModelCatalog is { } catalog
            && ModelCatalogCalls.IsCatalogMethod(method, catalog);

        /// <summary>A call other than <c>Load</c> that could change a file: indexed for <see cref="FileMayChange"/>.</summary>
        private void IndexCall(IOperation call, IMethodSymbol? method, ImmutableArray<IArgumentOperation> arguments, Dictionary<IMethodSymbol, bool> mayWriteFiles)
        {
            if (method is null || IsLoad(method) || CannotWriteFiles(method))
            {
                return;
            }

            if (!mayWriteFiles.TryGetValue(method, out var writes))
            {
                writes = MayWriteFiles(method);
                mayWriteFiles[method] = writes;
            }

            if (writes)
            {
                _fileWritingCalls.Add(call);
            }

            foreach (var argument in arguments)
            {
                var entry = new CallArgument(call, argument);
                foreach (var node in Descend(argument.Value))
                {
                    if (node.ConstantValue is { HasValue: true, Value: string text })
                    {
                        Add(_callsByConstant, text, entry);
                    }

                    if (OperationHelpers.GetReferencedSymbol(node) is { } symbol)
                    {
                        Add(_callsBySymbol, symbol, entry);
                    }
                }
            }
        }

        private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> index, TKey key, TValue value)
        {
            if (!index.TryGetValue(key, out var list))
            {
                list = new List<TValue>();
                index.Add(key, list);
            }

            if (list.Count == 0 || !EqualityComparer<TValue>.Default.Equals(list[list.Count - 1], value))
            {
                list.Add(value);
            }
        }

        private readonly struct CallArgument : IEquatable<CallArgument>
        {
            public CallArgument(IOperation call, IArgumentOperation argument)
            {
                Call = call;
                Argument = argument;
            }

            public IOperation Call { get; }

            public IArgumentOperation Argument { get; }

            public bool Equals(CallArgument other) => ReferenceEquals(Call, other.Call) && ReferenceEquals(Argument, other.Argument);

            public override bool Equals(object? obj) => obj is CallArgument other && Equals(other);

            public override int GetHashCode() => Argument.GetHashCode();
        }

        // ---- the framework calls the questions below know ----

        private bool IsLoad(IMethodSymbol method) => _s.ModelCatalog is { } catalog && ModelCatalogCalls.IsCatalogMethod(method, catalog, ModelCatalogCalls.Load);

        private bool IsCatalog(IMethodSymbol method) => _s.ModelCatalog is { } catalog && ModelCatalogCalls.IsCatalogMethod(method, catalog);

        private bool IsModelCreation(IMethodSymbol method) => IsModelCreation(method, _s);

        /// <summary>Framework calls whose result depends only on their arguments (path and string helpers, opening a file to read).</summary>
        private bool IsPureHelper(IMethodSymbol method)
        {
            var containing = method.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(containing, _s.String) || SymbolEqualityComparer.Default.Equals(containing, _s.Path))
            {
                return true;
            }

            return SymbolEqualityComparer.Default.Equals(containing, _s.File)
                && (method.Name == "OpenRead" || method.Name == "ReadAllBytes");
        }

        /// <summary>Framework properties that do not change while a program runs.</summary>
        private bool IsStableFrameworkProperty(IPropertySymbol property)
        {
            var containing = property.ContainingType;
            return (SymbolEqualityComparer.Default.Equals(containing, _s.AppContext) && property.Name == "BaseDirectory")
                || (SymbolEqualityComparer.Default.Equals(containing, _s.AppDomain) && (property.Name == "CurrentDomain" || property.Name == "BaseDirectory"))
                || SymbolEqualityComparer.Default.Equals(containing, _s.String);
        }

        /// <summary>Calls that cannot write a file: logging to the console or a trace, path and string helpers.</summary>
        private bool CannotWriteFiles(IMethodSymbol method)
        {
            var containing = method.ContainingType;
            return SymbolEqualityComparer.Default.Equals(containing, _s.Console)
                || SymbolEqualityComparer.Default.Equals(containing, _s.Debug)
                || SymbolEqualityComparer.Default.Equals(containing, _s.Trace)
                || SymbolEqualityComparer.Default.Equals(containing, _s.String)
                || SymbolEqualityComparer.Default.Equals(containing, _s.Path);
        }

        /// <summary>
        /// A call that waits (sleep, delay, wait handles, console input): a loop that waits between loads is
        /// polling a model file for a new version, not loading the same model per item.
        /// </summary>
        private bool IsWait(IMethodSymbol method)
        {
            var name = method.Name;
            if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _s.Console))
            {
                return name.StartsWith("Read", StringComparison.Ordinal);
            }

            var ns = method.ContainingType?.ContainingNamespace;
            var inThreading = ns is { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                || ns is { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } };
            return inThreading
                && (name == "Sleep" || name == "Delay" || name == "Join" || name.StartsWith("Wait", StringComparison.Ordinal));
        }

        // ---- questions ----

        /// <summary>
        /// The loop cannot repeat the call: a constant-false loop condition, an unconditional exit among the body's
        /// statements, a call in a try block that leaves the loop on success (a retry loop) or in a catch block (a
        /// fallback).
        /// </summary>
        public bool RunsAtMostOnce(IOperation call)
        {
            if (_loop is IWhileLoopOperation { Condition.ConstantValue: { HasValue: true, Value: false } })
            {
                return true;
            }

            if (_bodyHasExit)
            {
                return true;
            }

            var child = call;
            for (var parent = call.Parent; parent is not null && child != _scope; child = parent, parent = parent.Parent)
            {
                if (parent is ICatchClauseOperation)
                {
                    return true;
                }

                if (_loop is not null && parent is ITryOperation tryOperation && tryOperation.Body == child && LeavesLoop(tryOperation.Body))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Every value the call reads (receiver chain and arguments other than <c>out</c>) is the same on every iteration.</summary>
        public bool IsCallInvariant(IInvocationOperation invocation)
        {
            lock (_gate)
            {
                _visiting.Clear();
                return IsCallInvariant(invocation, 0);
            }
        }

        /// <summary>
        /// The engine or model is used and dropped within the iteration: called on, passed to another <c>ml.Model</c>
        /// method, or held in a local of the iteration that is only used that way. Stored, returned, added to a
        /// collection or captured, it may be a deliberate pool or cache, and the rule stays silent.
        /// </summary>
        public bool ResultLivesOneIteration(IInvocationOperation invocation)
        {
            var parent = OperationHelpers.ParentSkippingConversions(invocation);
            switch (parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return IsDeclaredInScope(declarator.Symbol) && IsUsedWithinIteration(declarator.Symbol);
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Parent: IExpressionStatementOperation }:
                    return IsDeclaredInScope(target.Local) && IsUsedWithinIteration(target.Local);
                default:
                    return parent is not null && IsConsumedInPlace(parent, invocation);
            }
        }

        private bool IsCallInvariant(IInvocationOperation invocation, int depth)
        {
            var method = invocation.TargetMethod;
            var isModelCall = IsModelCreation(method);
            if (!isModelCall && !IsPureHelper(method))
            {
                return false;
            }

            if (invocation.Instance is not null && !IsInvariant(invocation.Instance, depth + 1))
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                var refKind = argument.Parameter?.RefKind ?? RefKind.None;
                if (refKind == RefKind.Out)
                {
                    continue; // an output, not an input
                }

                if (refKind == RefKind.Ref || !IsInvariant(argument.Value, depth + 1))
                {
                    return false;
                }
            }

            // The same path can hold a different model on the next iteration when the loop writes it or waits.
            return !IsLoad(method) || !FileMayChange(invocation);
        }

        private bool IsInvariant(IOperation? operation, int depth)
        {
            if (operation is null || depth > MaxDepth)
            {
                return false;
            }

            if (operation.ConstantValue.HasValue)
            {
                return true;
            }

            switch (operation)
            {
                case IConversionOperation conversion:
                    return IsInvariant(conversion.Operand, depth + 1);
                case IParenthesizedOperation parenthesized:
                    return IsInvariant(parenthesized.Operand, depth + 1);
                case ILiteralOperation or IDefaultValueOperation or ITypeOfOperation or INameOfOperation or ISizeOfOperation or IInstanceReferenceOperation:
                    return true;
                case ILocalReferenceOperation local:
                    return IsLocalInvariant(local.Local, depth) && !IsMutatedInScope(local.Local, local.Local.Type);
                case IParameterReferenceOperation parameter:
                    return !_iterationVariables.Contains(parameter.Parameter)
                        && !IsWrittenDuringLoop(parameter.Parameter)
                        && !IsMutatedInScope(parameter.Parameter, parameter.Parameter.Type);
                case IFieldReferenceOperation field:
                    return (field.Instance is null || IsInvariant(field.Instance, depth + 1))
                        && IsMemberInvariant(field.Field)
                        && !IsMutatedInScope(field.Field, field.Field.Type);
                case IPropertyReferenceOperation property:
                    return property.Arguments.IsEmpty
                        && (property.Instance is null || IsInvariant(property.Instance, depth + 1))
                        && IsMemberInvariant(property.Property);
                case IArrayElementReferenceOperation element:
                    return !_writesArrayElements && IsInvariant(element.ArrayReference, depth + 1) && AllInvariant(element.Indices, depth);
                case IInvocationOperation invocation:
                    return IsCallInvariant(invocation, depth + 1);
                case IObjectCreationOperation creation:
                    return AllArgumentsInvariant(creation.Arguments, depth)
                        && (creation.Initializer is null || AllInitializersInvariant(creation.Initializer, depth));
                case IBinaryOperation binary:
                    return IsInvariant(binary.LeftOperand, depth + 1) && IsInvariant(binary.RightOperand, depth + 1);
                case IUnaryOperation unary:
                    return IsInvariant(unary.Operand, depth + 1);
                case IConditionalOperation conditional:
                    return IsInvariant(conditional.Condition, depth + 1)
                        && IsInvariant(conditional.WhenTrue, depth + 1)
                        && IsInvariant(conditional.WhenFalse, depth + 1);
                case ICoalesceOperation coalesce:
                    return IsInvariant(coalesce.Value, depth + 1) && IsInvariant(coalesce.WhenNull, depth + 1);
                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolationOperation interpolation
                            && (!IsInvariant(interpolation.Expression, depth + 1)
                                || (interpolation.Alignment is not null && !IsInvariant(interpolation.Alignment, depth + 1))
                                || (interpolation.FormatString is not null && !IsInvariant(interpolation.FormatString, depth + 1))))
                        {
                            return false;
                        }
                    }

                    return true;
                case IArrayCreationOperation array:
                    return AllInvariant(array.DimensionSizes, depth)
                        && (array.Initializer is null || AllInvariant(array.Initializer.ElementValues, depth));
                default:
                    return false;
            }
        }

        private bool AllInvariant(ImmutableArray<IOperation> operations, int depth)
        {
            foreach (var operation in operations)
            {
                if (!IsInvariant(operation, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        private bool AllArgumentsInvariant(ImmutableArray<IArgumentOperation> arguments, int depth)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref || !IsInvariant(argument.Value, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        private bool AllInitializersInvariant(IObjectOrCollectionInitializerOperation initializer, int depth)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is not ISimpleAssignmentOperation assignment || !IsInvariant(assignment.Value, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// A local declared outside the scope is invariant when the scope never writes it; one declared inside,
        /// when every write to it in the scope stores an invariant value (so each iteration recomputes the same
        /// thing). Iteration variables (foreach, for, lambda parameters) never are.
        /// </summary>
        private bool IsLocalInvariant(ILocalSymbol local, int depth)
        {
            if (_iterationVariables.Contains(local) || !_visiting.Add(local))
            {
                return false;
            }

            try
            {
                if (!IsDeclaredInScope(local))
                {
                    return !IsWrittenDuringLoop(local);
                }

                if (!HasPlainDeclaration(local) || !_writes.TryGetValue(local, out var writes))
                {
                    return false;
                }

                foreach (var write in writes)
                {
                    switch (write.Kind)
                    {
                        case WriteKind.Initializer or WriteKind.Assignment when IsInvariant(write.Value, depth + 1):
                            continue;
                        case WriteKind.OutArgument when write.Value is IInvocationOperation call
                                                       && IsModelCreation(call.TargetMethod)
                                                       && IsCallInvariant(call, depth + 1):
                            continue;
                        default:
                            return false;
                    }
                }

                return true;
            }
            finally
            {
                _visiting.Remove(local);
            }
        }

        /// <summary>
        /// An object whose state can change (an options object, a schema definition, a stream) that the scope may
        /// change: a member of it is assigned, or it is handed to or called on by code other than ML.NET. The same
        /// variable then holds a different configuration on each iteration.
        /// </summary>
        private bool IsMutatedInScope(ISymbol variable, ITypeSymbol type)
        {
            if (!IsMutableType(type))
            {
                return false;
            }

            if (!_references.TryGetValue(variable, out var references))
            {
                return false;
            }

            foreach (var operation in references)
            {
                if (ModelCatalogCalls.GetWriteKind(operation, out _) is not null)
                {
                    continue;
                }

                // Walk up a member chain: options.Column.Name = ... changes options.
                var current = operation;
                var parent = OperationHelpers.ParentSkippingConversions(current);
                while (parent is IMemberReferenceOperation member && member.Instance is not null && OperationHelpers.SkipConversions(member.Instance) == current)
                {
                    if (member is IEventReferenceOperation || ModelCatalogCalls.GetWriteKind(member, out _) is not null)
                    {
                        return true;
                    }

                    current = member;
                    parent = OperationHelpers.ParentSkippingConversions(current);
                }

                switch (parent)
                {
                    case IInvocationOperation call when call.Instance is not null && OperationHelpers.SkipConversions(call.Instance) == current:
                        if (!MayNotMutate(call.TargetMethod))
                        {
                            return true;
                        }

                        break;
                    case IArgumentOperation { Parent: IInvocationOperation call }:
                        if (!MayNotMutate(call.TargetMethod))
                        {
                            return true;
                        }

                        break;
                    case IArgumentOperation { Parent: IObjectCreationOperation creation }:
                        if (creation.Constructor is null || !MayNotMutate(creation.Constructor))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary>ML.NET, string, path and object members do not change the objects they are given.</summary>
        private bool MayNotMutate(IMethodSymbol method) =>
            MLNetSymbols.IsInMLNetNamespace(method.ContainingType)
            || IsPureHelper(method)
            || method.ContainingType?.SpecialType == SpecialType.System_Object;

        /// <summary>
        /// Arrays, and classes or structs with a public settable property or writable field (other than
        /// <c>MLContext</c>, whose settings do not change a model or an engine). Strings, primitives, enums and
        /// interfaces without setters such as <c>ITransformer</c> cannot be changed in place.
        /// </summary>
        private static bool IsMutableType(ITypeSymbol type)
        {
            if (type.SpecialType != SpecialType.None || type.TypeKind is TypeKind.Enum or TypeKind.Delegate or TypeKind.Error)
            {
                return false;
            }

            if (type is IArrayTypeSymbol)
            {
                return true;
            }

            if (type.Name == "MLContext" && MLNetSymbols.IsInMLNetNamespace(type))
            {
                return false;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public)
                    {
                        continue;
                    }

                    if (member is IPropertySymbol { SetMethod: { DeclaredAccessibility: Accessibility.Public, IsInitOnly: false } }
                        || member is IFieldSymbol { IsReadOnly: false, IsConst: false })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Written inside the scope, or inside any lambda or local function of the method (which may run during the loop).</summary>
        private bool IsWrittenDuringLoop(ISymbol variable)
        {
            if (!_writtenDuringLoop.TryGetValue(variable, out var written))
            {
                written = ComputeWrittenDuringLoop(variable);
                _writtenDuringLoop[variable] = written;
            }

            return written;
        }

        private bool ComputeWrittenDuringLoop(ISymbol variable)
        {
            if (!_writes.TryGetValue(variable, out var writes))
            {
                return false;
            }

            foreach (var write in writes)
            {
                if (IsInScope(write.Site) || IsInFunctionAroundNeitherScope(write.Site))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>In a lambda or local function that does not itself contain the scope: it may run at any time, also during the loop.</summary>
        private bool IsInFunctionAroundNeitherScope(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return !(current.Syntax.SyntaxTree == _scope.Syntax.SyntaxTree && current.Syntax.Span.Contains(_scope.Syntax.Span));
                }
            }

            return false;
        }

        /// <summary>Whether a field or property holds the same value on every iteration (by symbol, asked once per scope).</summary>
        private bool IsMemberInvariant(ISymbol member)
        {
            if (!_memberInvariant.TryGetValue(member, out var invariant))
            {
                invariant = member is IFieldSymbol field ? IsFieldInvariant(field) : IsPropertyInvariant((IPropertySymbol)member);
                _memberInvariant[member] = invariant;
            }

            return invariant;
        }

        private bool IsFieldInvariant(IFieldSymbol field)
        {
            if (field.IsConst)
            {
                return true;
            }

            if (IsWrittenDuringLoop(field) || field.IsVolatile)
            {
                return false;
            }

            if (field.IsReadOnly)
            {
                return true;
            }

            // A private field written only by constructors is as good as readonly; any other may be reassigned
            // (for example by a model reload) while the loop runs.
            return field.DeclaredAccessibility == Accessibility.Private
                && OperationHelpers.IsInSource(field)
                && !IsWrittenOutsideConstructors(field.ContainingType, field.Name);
        }

        private bool IsPropertyInvariant(IPropertySymbol property)
        {
            if (MLNetSymbols.IsInMLNetNamespace(property) || IsStableFrameworkProperty(property))
            {
                return true;
            }

            if (IsWrittenDuringLoop(property) || !OperationHelpers.IsInSource(property) || !IsAutoProperty(property))
            {
                return false;
            }

            var setter = property.SetMethod;
            if (setter is null || setter.IsInitOnly)
            {
                return true;
            }

            return setter.DeclaredAccessibility == Accessibility.Private
                && !IsWrittenOutsideConstructors(property.ContainingType, property.Name);
        }

        private static bool IsAutoProperty(IPropertySymbol property)
        {
            if (property.GetMethod is not { } getter || getter.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            foreach (var reference in getter.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not AccessorDeclarationSyntax { Body: null, ExpressionBody: null })
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Syntax-only, by name, so it over-approximates: any assignment, increment or ref/out passing of something
        /// named <paramref name="name"/> in the type, other than directly in a constructor body.
        /// </summary>
        private static bool IsWrittenOutsideConstructors(INamedTypeSymbol? type, string name)
        {
            if (type is null)
            {
                return true;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    var target = node switch
                    {
                        AssignmentExpressionSyntax assignment => assignment.Left,
                        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                        PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                        ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => argument.Expression,
                        _ => null,
                    };

                    if (target is not null && MentionsName(target, name) && !IsDirectlyInConstructor(node))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool MentionsName(SyntaxNode node, string name)
        {
            foreach (var token in node.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsDirectlyInConstructor(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ConstructorDeclarationSyntax:
                        return true;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        /// <summary><c>var x = ...;</c>, <c>using var x = ...;</c>, <c>using (var x = ...)</c> or <c>out var x</c>: forms whose writes are all visible.</summary>
        private static bool HasPlainDeclaration(ILocalSymbol local)
        {
            if (local.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            return local.DeclaringSyntaxReferences[0].GetSyntax() switch
            {
                VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax or UsingStatementSyntax } } => true,
                SingleVariableDesignationSyntax { Parent: DeclarationExpressionSyntax { Parent: ArgumentSyntax } } => true,
                _ => false,
            };
        }

        private bool IsDeclaredInScope(ILocalSymbol local)
        {
            foreach (var reference in local.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == _scope.Syntax.SyntaxTree && _scope.Syntax.Span.Contains(reference.Span))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsInScope(IOperation operation) =>
            operation.Syntax.SyntaxTree == _scope.Syntax.SyntaxTree && _scope.Syntax.Span.Contains(operation.Syntax.Span);

        /// <summary>The value is used right where it is made: called on, or handed to another <c>ml.Model</c> method.</summary>
        private bool IsConsumedInPlace(IOperation parent, IOperation value) => parent switch
        {
            IInvocationOperation call => call.Instance is not null && OperationHelpers.SkipConversions(call.Instance) == value,
            IPropertyReferenceOperation property => property.Instance is not null && OperationHelpers.SkipConversions(property.Instance) == value,
            IConditionalAccessOperation conditional => OperationHelpers.SkipConversions(conditional.Operation) == value,
            IArgumentOperation { Parent: IInvocationOperation call } => IsCatalog(call.TargetMethod),
            _ => false,
        };

        /// <summary>Every read of the local is a use in place (see <see cref="IsConsumedInPlace"/>), a null check or a using.</summary>
        private bool IsUsedWithinIteration(ILocalSymbol local)
        {
            if (!_references.TryGetValue(local, out var references))
            {
                return true;
            }

            foreach (var operation in references)
            {
                if (operation is not ILocalReferenceOperation reference)
                {
                    continue;
                }

                if (ModelCatalogCalls.IsInNestedFunction(reference, _scope))
                {
                    return false; // captured: may outlive the iteration
                }

                if (ModelCatalogCalls.GetWriteKind(reference, out _) is { } kind)
                {
                    if (kind == WriteKind.Assignment)
                    {
                        continue;
                    }

                    return false;
                }

                var parent = OperationHelpers.ParentSkippingConversions(reference);
                if (parent is IBinaryOperation or IIsPatternOperation or IUsingOperation
                    || (parent is not null && IsConsumedInPlace(parent, reference)))
                {
                    continue;
                }

                return false;
            }

            return true;
        }

        /// <summary>
        /// For <c>Load</c>: the loop waits (a polling reload), saves a model, hands the file's path or stream to
        /// another call, or calls a method of the project that writes files. Then the same path may hold a new
        /// model on the next iteration.
        /// </summary>
        private bool FileMayChange(IInvocationOperation load)
        {
            if (_waitsOrSaves)
            {
                return true;
            }

            var sources = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var constants = new HashSet<string>(StringComparer.Ordinal);
            if (load.Arguments.Length > 0)
            {
                CollectSources(load.Arguments[0].Value, sources, constants);
            }

            foreach (var call in _fileWritingCalls)
            {
                if (!IsPartOf(call, load))
                {
                    return true;
                }
            }

            foreach (var source in sources)
            {
                if (_callsBySymbol.TryGetValue(source, out var calls) && ReceivesSource(calls, load))
                {
                    return true;
                }
            }

            foreach (var constant in constants)
            {
                if (_callsByConstant.TryGetValue(constant, out var calls) && ReceivesSource(calls, load))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the operation lies within <paramref name="load"/>'s syntax (part of the Load call itself, e.g. File.OpenRead(path)).</summary>
        private static bool IsPartOf(IOperation operation, IOperation load) =>
            operation.Syntax.SyntaxTree == load.Syntax.SyntaxTree && load.Syntax.Span.Contains(operation.Syntax.Span);

        /// <summary>One of <paramref name="calls"/> (other than the Load call and what it contains) receives the source in an argument that is not, and does not contain, the Load call.</summary>
        private static bool ReceivesSource(List<CallArgument> calls, IOperation load)
        {
            foreach (var entry in calls)
            {
                if (IsPartOf(entry.Call, load)
                    || (entry.Argument.Syntax.SyntaxTree == load.Syntax.SyntaxTree && entry.Argument.Syntax.Span.Contains(load.Syntax.Span)))
                {
                    continue;
                }

                return true;
            }

            return false;
        }

        private static void CollectSources(IOperation operation, HashSet<ISymbol> sources, HashSet<string> constants)
        {
            foreach (var node in Descend(operation))
            {
                if (node.ConstantValue is { HasValue: true, Value: string text })
                {
                    constants.Add(text);
                }
                else if (OperationHelpers.GetReferencedSymbol(node) is { } symbol && !MLNetSymbols.IsInMLNetNamespace(symbol))
                {
                    sources.Add(symbol);
                }
            }
        }

        private static IEnumerable<IOperation> Descend(IOperation operation)
        {
            yield return operation;
            foreach (var descendant in operation.Descendants())
            {
                yield return descendant;
            }
        }

        /// <summary>
        /// A method of the project whose body (one level deep, by name) saves, writes (other than Write/WriteLine,
        /// which are mostly logging; the stream or writer they need is caught by its creation), opens, copies,
        /// moves, creates, downloads or extracts something: it may replace the model file.
        /// </summary>
        private static bool MayWriteFiles(IMethodSymbol method)
        {
            if (MLNetSymbols.IsInMLNetNamespace(method) || !OperationHelpers.IsInSource(method))
            {
                return false;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    string? name = node switch
                    {
                        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.ValueText,
                        InvocationExpressionSyntax { Expression: SimpleNameSyntax simple } => simple.Identifier.ValueText,
                        ObjectCreationExpressionSyntax creation => creation.Type.ToString(),
                        _ => null,
                    };

                    if (name is not null && WritesByName(name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool WritesByName(string name) =>
            name.StartsWith("Save", StringComparison.Ordinal)
            || (name.StartsWith("Write", StringComparison.Ordinal) && name != "Write" && name != "WriteLine")
            || name.StartsWith("Open", StringComparison.Ordinal)
            || name.StartsWith("Copy", StringComparison.Ordinal)
            || name.StartsWith("Move", StringComparison.Ordinal)
            || name.StartsWith("Replace", StringComparison.Ordinal)
            || name.StartsWith("Create", StringComparison.Ordinal)
            || name.StartsWith("Download", StringComparison.Ordinal)
            || name.StartsWith("Extract", StringComparison.Ordinal)
            || name.StartsWith("Delete", StringComparison.Ordinal)
            || name.IndexOf("Stream", StringComparison.Ordinal) >= 0
            || name.IndexOf("Writer", StringComparison.Ordinal) >= 0;

        private bool IsExit(IOperation statement) => statement switch
        {
            IReturnOperation { Kind: OperationKind.Return } => true,
            IThrowOperation => true,
            IExpressionStatementOperation { Operation: IThrowOperation } => true,
            IBranchOperation { BranchKind: BranchKind.Break } branch => _loop is not null && SymbolEqualityComparer.Default.Equals(branch.Target, _loop.ExitLabel),
            _ => false,
        };

        /// <summary>A return, or a break out of this loop, anywhere in the block (not in nested lambdas or local functions).</summary>
        private bool LeavesLoop(IOperation block)
        {
            foreach (var operation in block.Descendants())
            {
                if (ModelCatalogCalls.IsInNestedFunction(operation, block))
                {
                    continue;
                }

                if (operation is IReturnOperation { Kind: OperationKind.Return }
                    || (operation is IBranchOperation { BranchKind: BranchKind.Break } branch
                        && _loop is not null && SymbolEqualityComparer.Default.Equals(branch.Target, _loop.ExitLabel)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
