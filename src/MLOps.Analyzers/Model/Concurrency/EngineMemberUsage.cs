using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// Which of one type's engine members (fields and auto-properties holding a <c>PredictionEngine</c> or a
    /// <c>Lazy</c> of one) code on several threads can reach: who reads each member (outside a lock, from a member that
    /// does not synchronise), who calls whom inside the type, and which members code outside the type can run.
    /// Fed by the operations of the type's own code (<see cref="ObserveMemberReference"/>, <see cref="ObserveInvocation"/>,
    /// <see cref="ObserveCreation"/>, from any thread), asked once all of it has been seen.
    /// </summary>
    internal sealed class EngineMemberUsage
    {
        private readonly object _gate = new object();
        private readonly INamedTypeSymbol _type;
        private readonly ConcurrencySites _sites;
        private readonly ConcurrencySymbols _s;

        private readonly HashSet<ISymbol> _engineMembers = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly List<ISymbol> _engineMemberOrder = new List<ISymbol>();
        private readonly List<MemberUse> _uses = new List<MemberUse>();
        private readonly Dictionary<ISymbol, List<ISymbol>> _callers = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _synchronizedMembers = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private Dictionary<ISymbol, bool>? _reachable;

        public EngineMemberUsage(INamedTypeSymbol type, ConcurrencySites sites)
        {
            _type = type;
            _sites = sites;
            _s = sites.Symbols;
            var autoProperties = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol field)
                {
                    if (field.AssociatedSymbol is IPropertySymbol property)
                    {
                        autoProperties.Add(property);
                    }
                    else if (!field.IsConst && !field.IsImplicitlyDeclared && _s.IsEngineHolder(field.Type))
                    {
                        AddEngineMember(field);
                    }
                }
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IPropertySymbol property && autoProperties.Contains(property) && _s.IsEngineHolder(property.Type))
                {
                    AddEngineMember(property);
                }
            }
        }

        public INamedTypeSymbol Type => _type;

        public bool HasEngineMembers => _engineMembers.Count > 0;

        /// <summary>The type's own fields and auto-properties that hold an engine (or a Lazy of one), in declaration order.</summary>
        public IReadOnlyList<ISymbol> EngineMembers => _engineMemberOrder;

        private void AddEngineMember(ISymbol member)
        {
            if (_engineMembers.Add(member))
            {
                _engineMemberOrder.Add(member);
            }
        }

        // ---- observation ----

        /// <summary>True when <paramref name="containingSymbol"/> (a method, field, property or event) is declared in this type.</summary>
        public bool IsOwnCode(ISymbol? containingSymbol)
        {
            var containingType = containingSymbol switch
            {
                IMethodSymbol method => method.ContainingType,
                IFieldSymbol field => field.ContainingType,
                IPropertySymbol property => property.ContainingType,
                IEventSymbol @event => @event.ContainingType,
                _ => null,
            };
            return containingType is not null && ConcurrencySymbols.Is(containingType.OriginalDefinition, _type.OriginalDefinition);
        }

        /// <summary>A field or property reference in the code of <paramref name="containingSymbol"/>.</summary>
        public void ObserveMemberReference(IOperation reference, ISymbol containingSymbol)
        {
            var member = reference switch
            {
                IFieldReferenceOperation fieldReference => (ISymbol)fieldReference.Field.OriginalDefinition,
                IPropertyReferenceOperation propertyReference => propertyReference.Property.OriginalDefinition,
                _ => null,
            };
            if (member is null || !ConcurrencySymbols.Is(member.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
            {
                return;
            }

            if (member is IPropertySymbol property)
            {
                AddCall(containingSymbol, property.GetMethod);
                AddCall(containingSymbol, property.SetMethod);
            }

            if (!_engineMembers.Contains(member) || EngineCaptures.IsWriteTarget(reference))
            {
                return;
            }

            var use = new MemberUse(member, containingSymbol.OriginalDefinition, _sites.IsInsideLock(reference));
            lock (_gate)
            {
                _uses.Add(use);
            }
        }

        /// <summary>An invocation in the code of <paramref name="containingSymbol"/>: a call inside the type, or a lock taken.</summary>
        public void ObserveInvocation(IInvocationOperation invocation, ISymbol containingSymbol)
        {
            var method = invocation.TargetMethod;
            if (method.MethodKind != MethodKind.LocalFunction)
            {
                AddCall(containingSymbol, method);
            }

            if (_s.IsSynchronization(method))
            {
                lock (_gate)
                {
                    _synchronizedMembers.Add(containingSymbol.OriginalDefinition);
                }
            }
        }

        /// <summary>An object creation in the code of <paramref name="containingSymbol"/>: a constructor of the type called.</summary>
        public void ObserveCreation(IObjectCreationOperation creation, ISymbol containingSymbol)
        {
            if (creation.Constructor is { } constructor)
            {
                AddCall(containingSymbol, constructor);
            }
        }

        private void AddCall(ISymbol caller, IMethodSymbol? callee)
        {
            if (callee is null || !ConcurrencySymbols.Is(callee.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
            {
                return;
            }

            var callerDefinition = caller.OriginalDefinition;
            var calleeDefinition = callee.OriginalDefinition;
            lock (_gate)
            {
                if (!_callers.TryGetValue(calleeDefinition, out var list))
                {
                    list = new List<ISymbol>();
                    _callers[calleeDefinition] = list;
                }

                list.Add(callerDefinition);
            }
        }

        // ---- questions (once the type's code has been observed) ----

        /// <summary>
        /// A static engine member that several threads can reach: not <c>[ThreadStatic]</c>, and not private, or read
        /// outside a lock by code that callers outside the type can run.
        /// </summary>
        public bool IsStaticReachedByOtherThreads(ISymbol member)
        {
            if (_s.IsThreadStatic(member) || (member is IPropertySymbol && BackingFieldIsThreadStatic(member)))
            {
                return false;
            }

            if (member.DeclaredAccessibility != Accessibility.Private)
            {
                return true;
            }

            lock (_gate)
            {
                _reachable ??= new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
                foreach (var use in _uses)
                {
                    if (ConcurrencySymbols.Is(use.Member, member)
                        && !use.IsProtected
                        && !_synchronizedMembers.Contains(use.User)
                        && IsReachableFromOutside(use.User, _reachable))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>An engine member of middleware that a request can reach: not private, or read outside a lock by a method other than a constructor.</summary>
        public bool IsUsedOutsideConstructors(ISymbol member)
        {
            if (member.DeclaredAccessibility != Accessibility.Private)
            {
                return true;
            }

            lock (_gate)
            {
                foreach (var use in _uses)
                {
                    if (ConcurrencySymbols.Is(use.Member, member)
                        && !use.IsProtected
                        && !_synchronizedMembers.Contains(use.User)
                        && use.User is IMethodSymbol { MethodKind: not MethodKind.Constructor })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The engine members <paramref name="method"/> reads outside a lock, when it does not synchronise (in order of use).</summary>
        public IReadOnlyList<ISymbol> MembersUsedUnprotectedBy(IMethodSymbol method)
        {
            var result = new List<ISymbol>();
            lock (_gate)
            {
                foreach (var use in _uses)
                {
                    if (!use.IsProtected
                        && ConcurrencySymbols.Is(use.User, method)
                        && !_synchronizedMembers.Contains(use.User))
                    {
                        result.Add(use.Member);
                    }
                }
            }

            return result;
        }

        private bool BackingFieldIsThreadStatic(ISymbol property)
        {
            foreach (var member in _type.GetMembers())
            {
                if (member is IFieldSymbol field && ConcurrencySymbols.Is(field.AssociatedSymbol, property))
                {
                    return _s.IsThreadStatic(field);
                }
            }

            return false;
        }

        /// <summary>
        /// True when code outside the type can run the member: it is not private (or implements an interface),
        /// or a private member calls it that is. The static constructor, static initializers and Main run once.
        /// </summary>
        private bool IsReachableFromOutside(ISymbol user, Dictionary<ISymbol, bool> reachable)
        {
            if (reachable.TryGetValue(user, out var known))
            {
                return known;
            }

            reachable[user] = false; // cycles
            bool result;
            switch (user)
            {
                case IMethodSymbol method:
                    result = IsEntryFromOutside(method);
                    break;
                case IFieldSymbol or IPropertySymbol when !user.IsStatic:
                    // An instance initializer runs in every constructor.
                    result = HasAccessibleInstanceConstructor();
                    break;
                default:
                    result = false;
                    break;
            }

            if (!result && _callers.TryGetValue(user, out var callers))
            {
                foreach (var caller in callers)
                {
                    if (IsReachableFromOutside(caller, reachable))
                    {
                        result = true;
                        break;
                    }
                }
            }

            reachable[user] = result;
            return result;
        }

        private static bool IsEntryFromOutside(IMethodSymbol method)
        {
            if (method.MethodKind == MethodKind.StaticConstructor
                || (method.IsStatic && (method.Name == "Main" || method.Name == "<Main>$")))
            {
                return false;
            }

            return method.DeclaredAccessibility != Accessibility.Private
                || method.ExplicitInterfaceImplementations.Length > 0
                || method.MethodKind == MethodKind.Destructor;
        }

        private bool HasAccessibleInstanceConstructor()
        {
            foreach (var constructor in _type.InstanceConstructors)
            {
                if (constructor.DeclaredAccessibility != Accessibility.Private)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// ASP.NET Core convention-based middleware: a public constructor taking a RequestDelegate and a public
        /// Invoke/InvokeAsync(HttpContext, ...) returning Task. UseMiddleware builds it once per application, so
        /// every request runs Invoke on the same instance. IMiddleware implementations are resolved per request
        /// with their registered lifetime and are not matched.
        /// </summary>
        public bool IsConventionalMiddleware()
        {
            var type = _type;
            if (type.TypeKind != TypeKind.Class || type.IsStatic || _s.HttpContext is null || _s.RequestDelegate is null)
            {
                return false;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (ConcurrencySymbols.Is(implemented, _s.IMiddleware))
                {
                    return false;
                }
            }

            var hasInvoke = false;
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { Name: "Invoke" or "InvokeAsync", IsStatic: false, DeclaredAccessibility: Accessibility.Public, Parameters.Length: > 0 } method
                    && ConcurrencySymbols.Is(method.Parameters[0].Type, _s.HttpContext)
                    && ConcurrencySymbols.Is(method.ReturnType, _s.Task))
                {
                    hasInvoke = true;
                    break;
                }
            }

            if (!hasInvoke)
            {
                return false;
            }

            foreach (var constructor in type.InstanceConstructors)
            {
                if (constructor.DeclaredAccessibility != Accessibility.Public)
                {
                    continue;
                }

                foreach (var parameter in constructor.Parameters)
                {
                    if (ConcurrencySymbols.Is(parameter.Type, _s.RequestDelegate))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A read of one of the type's engine members.</summary>
        private readonly struct MemberUse
        {
            public MemberUse(ISymbol member, ISymbol user, bool isProtected)
            {
                Member = member;
                User = user;
                IsProtected = isProtected;
            }

            public ISymbol Member { get; }

            /// <summary>The method, accessor, field or property whose code reads the member.</summary>
            public ISymbol User { get; }

            /// <summary>Inside a <c>lock</c> statement.</summary>
            public bool IsProtected { get; }
        }
    }
}
