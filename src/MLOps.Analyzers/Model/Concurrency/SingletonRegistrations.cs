using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>A dependency-injection registration that makes one engine serve every request.</summary>
    internal sealed class SingletonRegistration
    {
        public SingletonRegistration(INamedTypeSymbol? holder, string? field)
        {
            Holder = holder;
            Field = field;
        }

        /// <summary>Null when the engine itself is registered; else the class registered, which holds it in <see cref="Field"/>.</summary>
        public INamedTypeSymbol? Holder { get; }

        /// <summary>The field or auto-property of <see cref="Holder"/> that holds the engine.</summary>
        public string? Field { get; }
    }

    /// <summary>
    /// Which singleton registrations share an engine across requests: <c>AddSingleton</c>, <c>TryAddSingleton</c>,
    /// <c>ServiceDescriptor.Singleton</c> (keyed too) of an engine (or a <c>Lazy</c> of one), or of a class declared in
    /// source that holds one in an instance field and takes no lock anywhere. <c>PredictionEnginePool</c> is the
    /// thread-safe way and is not matched.
    /// </summary>
    internal sealed class SingletonRegistrations
    {
        private readonly ConcurrencySymbols _s;

        public SingletonRegistrations(ConcurrencySymbols symbols) => _s = symbols;

        public SingletonRegistration? Find(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var container = method.ContainingType?.OriginalDefinition;
            var isSingleton = method.Name switch
            {
                "AddSingleton" or "AddKeyedSingleton" => ConcurrencySymbols.Is(container, _s.ServiceCollectionServiceExtensions),
                "TryAddSingleton" or "TryAddKeyedSingleton" => ConcurrencySymbols.Is(container, _s.ServiceCollectionDescriptorExtensions),
                "Singleton" or "KeyedSingleton" => ConcurrencySymbols.Is(container, _s.ServiceDescriptor),
                _ => false,
            };
            if (!isSingleton)
            {
                return null;
            }

            var candidates = new List<ITypeSymbol>();
            foreach (var typeArgument in method.TypeArguments)
            {
                candidates.Add(typeArgument);
            }

            foreach (var argument in invocation.Arguments)
            {
                var value = OperationHelpers.SkipConversions(argument.Value);
                if (value is ITypeOfOperation typeOf)
                {
                    candidates.Add(typeOf.TypeOperand);
                }
                else if (argument.Parameter?.Type.SpecialType == SpecialType.System_Object && value.Type is { } instanceType)
                {
                    candidates.Add(instanceType);
                }
            }

            foreach (var candidate in candidates)
            {
                if (_s.IsEngineHolder(candidate))
                {
                    return new SingletonRegistration(null, null);
                }
            }

            foreach (var candidate in candidates)
            {
                if (candidate is INamedTypeSymbol { TypeKind: TypeKind.Class } named
                    && !ConcurrencySymbols.Is(named.OriginalDefinition, _s.PredictionEnginePool)
                    && FindEngineField(named) is { } field
                    && !Synchronizes(named))
                {
                    return new SingletonRegistration(named, field);
                }
            }

            return null;
        }

        /// <summary>The name of an instance field or auto-property declared in source that holds an engine.</summary>
        private string? FindEngineField(INamedTypeSymbol type)
        {
            for (var current = type; current is not null && OperationHelpers.IsInSource(current); current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is IFieldSymbol { IsStatic: false, IsConst: false } field && _s.IsEngineHolder(field.Type))
                    {
                        return field.AssociatedSymbol is IPropertySymbol property ? property.Name : field.Name;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// True when the class's source takes a lock or waits on a synchronisation primitive anywhere: the author
        /// guarded something, and the model does not try to prove it is not the engine. Read only for the rare
        /// classes registered as singletons that hold an engine.
        /// </summary>
        private static bool Synchronizes(INamedTypeSymbol type)
        {
            for (var current = type; current is not null && OperationHelpers.IsInSource(current); current = current.BaseType)
            {
                foreach (var reference in current.DeclaringSyntaxReferences)
                {
                    foreach (var node in reference.GetSyntax().DescendantNodes())
                    {
                        if (node is LockStatementSyntax)
                        {
                            return true;
                        }

                        if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
                        {
                            switch (access.Name.Identifier.ValueText)
                            {
                                case "Enter":
                                case "TryEnter":
                                case "EnterScope":
                                case "Wait":
                                case "WaitAsync":
                                case "WaitOne":
                                case "EnterWriteLock":
                                case "TryEnterWriteLock":
                                    return true;
                            }
                        }
                    }
                }
            }

            return false;
        }
    }
}
