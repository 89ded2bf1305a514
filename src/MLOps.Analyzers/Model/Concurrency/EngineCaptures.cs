using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>An engine that every run of a site's delegates reaches: a captured local or parameter, a field or an auto-property.</summary>
    internal readonly struct CapturedEngine
    {
        public CapturedEngine(ISymbol symbol, IOperation reference, int delegateCount)
        {
            Symbol = symbol;
            Reference = reference;
            DelegateCount = delegateCount;
        }

        /// <summary>The local, parameter, field or property (original definition for members).</summary>
        public ISymbol Symbol { get; }

        /// <summary>The first reference to it in the delegates.</summary>
        public IOperation Reference { get; }

        /// <summary>In how many of the site's delegates it is reached (Parallel.Invoke shares only across actions).</summary>
        public int DelegateCount { get; }
    }

    /// <summary>What the delegates of one <see cref="ConcurrencySite"/> reach.</summary>
    internal sealed class SiteCaptures
    {
        public SiteCaptures(IReadOnlyList<CapturedEngine> engines, IReadOnlyList<IMethodReferenceOperation> methodGroups)
        {
            Engines = engines;
            MethodGroups = methodGroups;
        }

        /// <summary>The shared engines the lambdas, local functions and <c>engine.Predict</c> method groups reach, in order of first reference.</summary>
        public IReadOnlyList<CapturedEngine> Engines { get; }

        /// <summary>
        /// Methods (not local functions) passed as method groups: what they reach depends on the members of their type,
        /// which a per-type analysis (<see cref="EngineMemberUsage"/>) knows.
        /// </summary>
        public IReadOnlyList<IMethodReferenceOperation> MethodGroups { get; }
    }

    /// <summary>
    /// Which engine, field or captured local reaches code that runs on other threads: the engines referenced by the
    /// delegates of a <see cref="ConcurrencySite"/> whose value is shared by every run of the delegate (declared outside
    /// it, a static, a member of an object that lives outside it). Uses under a lock, or in a delegate that waits on a
    /// synchronisation primitive, are left out; so are <c>[ThreadStatic]</c> members.
    /// </summary>
    internal sealed class EngineCaptures
    {
        private readonly ConcurrencySites _sites;
        private readonly ConcurrencySymbols _s;

        public EngineCaptures(ConcurrencySites sites)
        {
            _sites = sites;
            _s = sites.Symbols;
        }

        /// <summary>The engines and method groups the delegates of <paramref name="site"/> reach; <paramref name="root"/> is the body the site is in.</summary>
        public SiteCaptures Collect(ConcurrencySite site, IOperation root)
        {
            var order = new List<ISymbol>();
            var first = new Dictionary<ISymbol, IOperation>(SymbolEqualityComparer.Default);
            var counts = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
            List<IMethodReferenceOperation>? methodGroups = null;
            foreach (var target in site.Delegates)
            {
                var inThisDelegate = new Dictionary<ISymbol, IOperation>(SymbolEqualityComparer.Default);
                var inThisOrder = new List<ISymbol>();
                switch (target)
                {
                    case IAnonymousFunctionOperation lambda:
                        CollectCaptures(lambda.Body, lambda.Syntax, inThisDelegate, inThisOrder);
                        break;
                    case IMethodReferenceOperation reference:
                        if (!CollectMethodGroup(reference, root, inThisDelegate, inThisOrder))
                        {
                            (methodGroups ??= new List<IMethodReferenceOperation>()).Add(reference);
                        }

                        break;
                }

                foreach (var symbol in inThisOrder)
                {
                    counts[symbol] = counts.TryGetValue(symbol, out var count) ? count + 1 : 1;
                    if (!first.ContainsKey(symbol))
                    {
                        first.Add(symbol, inThisDelegate[symbol]);
                        order.Add(symbol);
                    }
                }
            }

            var engines = new List<CapturedEngine>(order.Count);
            foreach (var symbol in order)
            {
                engines.Add(new CapturedEngine(symbol, first[symbol], counts[symbol]));
            }

            return new SiteCaptures(engines, (IReadOnlyList<IMethodReferenceOperation>?)methodGroups ?? System.Array.Empty<IMethodReferenceOperation>());
        }

        /// <summary>
        /// Engines referenced in <paramref name="body"/> that were created outside <paramref name="scope"/>: captured
        /// locals and parameters, fields and auto-properties of objects that live outside it.
        /// </summary>
        private void CollectCaptures(IOperation? body, SyntaxNode scope, Dictionary<ISymbol, IOperation> captured, List<ISymbol> order)
        {
            if (body is null)
            {
                return;
            }

            List<IOperation>? candidates = null;
            foreach (var operation in body.Descendants())
            {
                if (operation is IInvocationOperation invocation && _s.IsSynchronization(invocation.TargetMethod))
                {
                    return;
                }

                if (operation is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                    && _s.IsEngineHolder(operation.Type))
                {
                    (candidates ??= new List<IOperation>()).Add(operation);
                }
            }

            if (candidates is null)
            {
                return;
            }

            foreach (var reference in candidates)
            {
                if (IsWriteTarget(reference) || _sites.IsInsideLock(reference, body))
                {
                    continue;
                }

                var symbol = GetSharedSymbol(reference, scope);
                if (symbol is not null && !captured.ContainsKey(symbol))
                {
                    captured.Add(symbol, reference);
                    order.Add(symbol);
                }
            }
        }

        /// <summary>
        /// Method groups: <c>engine.Predict</c> and local functions are followed here (true); a method of a type is left
        /// to the caller (false).
        /// </summary>
        private bool CollectMethodGroup(IMethodReferenceOperation reference, IOperation root, Dictionary<ISymbol, IOperation> captured, List<ISymbol> order)
        {
            if (reference.Instance is { } instance && _s.IsEngineHolder(instance.Type))
            {
                var target = OperationHelpers.SkipConversions(instance);
                var symbol = target switch
                {
                    ILocalReferenceOperation local => (ISymbol)local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    IFieldReferenceOperation field when IsSharedMember(field.Field, field.Instance, reference.Syntax) => field.Field.OriginalDefinition,
                    IPropertyReferenceOperation property when IsAutoProperty(property.Property) && IsSharedMember(property.Property, property.Instance, reference.Syntax) => property.Property.OriginalDefinition,
                    _ => null,
                };
                if (symbol is not null)
                {
                    if (!captured.ContainsKey(symbol))
                    {
                        order.Add(symbol);
                    }

                    captured[symbol] = target;
                }

                return true;
            }

            var method = reference.Method;
            if (method.MethodKind == MethodKind.LocalFunction)
            {
                foreach (var operation in root.Descendants())
                {
                    if (operation is ILocalFunctionOperation localFunction && ConcurrencySymbols.Is(localFunction.Symbol, method.OriginalDefinition))
                    {
                        CollectCaptures(localFunction.Body ?? localFunction.IgnoredBody, localFunction.Syntax, captured, order);
                        return true;
                    }
                }

                return true;
            }

            return false;
        }

        /// <summary>The symbol of an engine reference whose value is shared by every run of the delegate, or null.</summary>
        private ISymbol? GetSharedSymbol(IOperation reference, SyntaxNode scope)
        {
            switch (reference)
            {
                case ILocalReferenceOperation local:
                    return IsDeclaredOutside(local.Local, scope) ? local.Local : null;
                case IParameterReferenceOperation parameter:
                    return IsDeclaredOutside(parameter.Parameter, scope) ? parameter.Parameter : null;
                case IFieldReferenceOperation field:
                    return IsSharedMember(field.Field, field.Instance, scope) ? field.Field.OriginalDefinition : null;
                case IPropertyReferenceOperation property:
                    return IsAutoProperty(property.Property) && IsSharedMember(property.Property, property.Instance, scope)
                        ? property.Property.OriginalDefinition
                        : null;
                default:
                    return null;
            }
        }

        private bool IsSharedMember(ISymbol member, IOperation? instance, SyntaxNode scope)
        {
            if (member is IFieldSymbol { IsConst: true } || _s.IsThreadStatic(member))
            {
                return false;
            }

            if (member.IsStatic)
            {
                // A static member MLO4001 reports at its declaration (any non-private one in source) is not reported again here.
                return member.DeclaredAccessibility == Accessibility.Private || !OperationHelpers.IsInSource(member);
            }

            return IsRootedOutside(instance, scope);
        }

        /// <summary>True when the object the member is read from exists outside the delegate (this, a captured variable, a static).</summary>
        private static bool IsRootedOutside(IOperation? instance, SyntaxNode scope)
        {
            for (var current = instance is null ? null : OperationHelpers.SkipConversions(instance); current is not null;)
            {
                switch (current)
                {
                    case IInstanceReferenceOperation:
                        return true;
                    case ILocalReferenceOperation local:
                        return IsDeclaredOutside(local.Local, scope);
                    case IParameterReferenceOperation parameter:
                        return IsDeclaredOutside(parameter.Parameter, scope);
                    case IFieldReferenceOperation field:
                        if (field.Instance is null)
                        {
                            return true;
                        }

                        current = OperationHelpers.SkipConversions(field.Instance);
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>True when the symbol has a declaration and none of it lies inside <paramref name="scope"/>.</summary>
        public static bool IsDeclaredOutside(ISymbol symbol, SyntaxNode scope)
        {
            var references = symbol.DeclaringSyntaxReferences;
            if (references.Length == 0)
            {
                return false;
            }

            foreach (var reference in references)
            {
                if (reference.SyntaxTree == scope.SyntaxTree && scope.Span.Contains(reference.Span))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A local or parameter declared in the loop or per-item lambda: each iteration has its own.</summary>
        public static bool IsDeclaredInside(ISymbol symbol, IOperation scope) =>
            symbol is ILocalSymbol or IParameterSymbol && !IsDeclaredOutside(symbol, scope.Syntax);

        /// <summary>A property of a source type with a compiler-generated backing field.</summary>
        public static bool IsAutoProperty(IPropertySymbol property)
        {
            var definition = property.OriginalDefinition;
            if (definition.ContainingType is null || !OperationHelpers.IsInSource(definition.ContainingType))
            {
                return false;
            }

            foreach (var member in definition.ContainingType.GetMembers())
            {
                if (member is IFieldSymbol field && ConcurrencySymbols.Is(field.AssociatedSymbol, definition))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool IsWriteTarget(IOperation reference) =>
            reference.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, reference);
    }
}
