using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Serving
{
    /// <summary>
    /// MLO4005: <c>CustomMapping</c> (or <c>StatefulCustomMapping</c>) with a null contract name, in a pipeline whose
    /// fitted model is saved with <c>Model.Save</c>. ML.NET throws "Empty contract name for a transform: the transform
    /// cannot be saved" when it saves such a transformer. A custom mapping that is only used in memory is fine and is
    /// not flagged.
    /// <para>
    /// The estimator is followed within one type: through <c>Append</c>/<c>AppendCacheCheckpoint</c>/<c>Fit</c> and any
    /// other ML.NET call that returns an estimator or transformer built from it, locals, fields and properties of the
    /// type, arguments of the type's own methods, and the values those methods return. The flow is not ordered: a
    /// variable that ever holds the mapping is taken to hold it.
    /// </para>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CustomMappingWithoutContractNameAnalyzer : MLNetAnalyzer
    {
        private const int MaxIterations = 8;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.CustomMappingWithoutContractName);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var customMappingCatalog = symbols.CustomMappingCatalog;
            var modelOperations = symbols.ModelOperationsCatalog;
            var transformer = symbols.ITransformer;
            var estimator = symbols.Estimator;
            if (customMappingCatalog is null || modelOperations is null || transformer is null || estimator is null)
            {
                return;
            }

            var known = new KnownSymbols(customMappingCatalog, modelOperations, transformer, estimator);
            context.RegisterSymbolStartAction(
                typeContext =>
                {
                    if (typeContext.Symbol is not INamedTypeSymbol type)
                    {
                        return;
                    }

                    var flow = new PipelineFlow(type, known);
                    typeContext.RegisterOperationAction(
                        operationContext =>
                        {
                            if (IsOwnMember(operationContext.ContainingSymbol, type)
                                && known.IsUnnamedCustomMapping((IInvocationOperation)operationContext.Operation))
                            {
                                flow.HasCandidate = true;
                            }
                        },
                        OperationKind.Invocation);
                    typeContext.RegisterOperationBlockAction(blockContext =>
                    {
                        if (IsOwnMember(blockContext.OwningSymbol, type))
                        {
                            flow.AddBlocks(blockContext.OwningSymbol, blockContext.OperationBlocks);
                        }
                    });
                    typeContext.RegisterSymbolEndAction(endContext => flow.Report(endContext));
                },
                SymbolKind.NamedType);
        }

        /// <summary>Members of the type itself: a nested type's members are analysed with the nested type.</summary>
        private static bool IsOwnMember(ISymbol? member, INamedTypeSymbol type) =>
            member is not null && SymbolEqualityComparer.Default.Equals(member.ContainingType, type);

        private sealed class KnownSymbols
        {
            private readonly INamedTypeSymbol _customMappingCatalog;
            private readonly INamedTypeSymbol _modelOperations;
            private readonly INamedTypeSymbol _transformer;
            private readonly INamedTypeSymbol _estimator;

            public KnownSymbols(INamedTypeSymbol customMappingCatalog, INamedTypeSymbol modelOperations, INamedTypeSymbol transformer, INamedTypeSymbol estimator)
            {
                _customMappingCatalog = customMappingCatalog;
                _modelOperations = modelOperations;
                _transformer = transformer;
                _estimator = estimator;
            }

            /// <summary>
            /// <c>ml.Transforms.CustomMapping(action, contractName: null)</c> or <c>StatefulCustomMapping</c> whose contract
            /// name is a null constant (<c>null</c>, <c>default</c>, a <c>const string</c> that is null) or a parameter
            /// default of null.
            /// </summary>
            public bool IsUnnamedCustomMapping(IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod;
                if ((method.Name != "CustomMapping" && method.Name != "StatefulCustomMapping")
                    || !SymbolEqualityComparer.Default.Equals((method.ReducedFrom ?? method).ContainingType, _customMappingCatalog))
                {
                    return false;
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Name != "contractName")
                    {
                        continue;
                    }

                    if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                    {
                        return argument.Parameter.HasExplicitDefaultValue && argument.Parameter.ExplicitDefaultValue is null;
                    }

                    return argument.Value.ConstantValue is { HasValue: true, Value: null };
                }

                return false;
            }

            public bool IsModelSave(IMethodSymbol method) =>
                method.Name == "Save" && SymbolEqualityComparer.Default.Equals(method.ContainingType, _modelOperations);

            /// <summary>An estimator or transformer type: what carries the mapping from the catalog call to <c>Model.Save</c>.</summary>
            public bool IsPipelineType(ITypeSymbol? type)
            {
                if (type is null)
                {
                    return false;
                }

                if (IsPipelineInterface(type))
                {
                    return true;
                }

                foreach (var implemented in type.AllInterfaces)
                {
                    if (IsPipelineInterface(implemented))
                    {
                        return true;
                    }
                }

                return false;
            }

            private bool IsPipelineInterface(ITypeSymbol type) =>
                SymbolEqualityComparer.Default.Equals(type, _transformer)
                || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _estimator);
        }

        /// <summary>
        /// The values of one type that hold an unnamed custom mapping, as a fixed point over its operation blocks: each
        /// symbol (local, parameter, field, property, method return value) maps to the mapping calls it may hold.
        /// </summary>
        private sealed class PipelineFlow
        {
            private readonly object _gate = new object();
            private readonly INamedTypeSymbol _type;
            private readonly KnownSymbols _known;
            private readonly List<KeyValuePair<ISymbol, ImmutableArray<IOperation>>> _blocks = new List<KeyValuePair<ISymbol, ImmutableArray<IOperation>>>();
            private readonly Dictionary<ISymbol, HashSet<IInvocationOperation>> _holds =
                new Dictionary<ISymbol, HashSet<IInvocationOperation>>(SymbolEqualityComparer.Default);

            private bool _hasCandidate;
            private bool _changed;

            public PipelineFlow(INamedTypeSymbol type, KnownSymbols known)
            {
                _type = type;
                _known = known;
            }

            public bool HasCandidate
            {
                set
                {
                    lock (_gate)
                    {
                        _hasCandidate |= value;
                    }
                }
            }

            public void AddBlocks(ISymbol owner, ImmutableArray<IOperation> blocks)
            {
                lock (_gate)
                {
                    _blocks.Add(new KeyValuePair<ISymbol, ImmutableArray<IOperation>>(owner, blocks));
                }
            }

            public void Report(SymbolAnalysisContext context)
            {
                lock (_gate)
                {
                    if (!_hasCandidate)
                    {
                        return;
                    }

                    for (var iteration = 0; iteration < MaxIterations; iteration++)
                    {
                        _changed = false;
                        foreach (var block in _blocks)
                        {
                            foreach (var root in block.Value)
                            {
                                context.CancellationToken.ThrowIfCancellationRequested();
                                Propagate(root, block.Key);
                            }
                        }

                        if (!_changed)
                        {
                            break;
                        }
                    }

                    var reported = new HashSet<IInvocationOperation>();
                    foreach (var block in _blocks)
                    {
                        foreach (var root in block.Value)
                        {
                            foreach (var operation in root.DescendantsAndSelf())
                            {
                                if (operation is not IInvocationOperation save || !_known.IsModelSave(save.TargetMethod))
                                {
                                    continue;
                                }

                                foreach (var argument in save.Arguments)
                                {
                                    if (argument.Parameter?.Name != "model" || Evaluate(argument.Value, 0) is not { } mappings)
                                    {
                                        continue;
                                    }

                                    foreach (var mapping in mappings)
                                    {
                                        if (reported.Add(mapping))
                                        {
                                            context.ReportDiagnostic(Diagnostic.Create(
                                                DiagnosticDescriptors.CustomMappingWithoutContractName, mapping.Syntax.GetLocation()));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }

            /// <summary>One pass over a body: every assignment, argument and return adds what its value holds to its target.</summary>
            private void Propagate(IOperation root, ISymbol owner)
            {
                foreach (var operation in root.DescendantsAndSelf())
                {
                    switch (operation)
                    {
                        case IVariableDeclaratorOperation { Initializer: { } initializer } declarator:
                            Add(declarator.Symbol, initializer.Value);
                            break;
                        case ISimpleAssignmentOperation assignment when TargetSymbol(assignment.Target) is { } target:
                            Add(target, assignment.Value);
                            break;
                        case IFieldInitializerOperation fieldInitializer:
                            foreach (var field in fieldInitializer.InitializedFields)
                            {
                                Add(field, fieldInitializer.Value);
                            }

                            break;
                        case IPropertyInitializerOperation propertyInitializer:
                            foreach (var property in propertyInitializer.InitializedProperties)
                            {
                                Add(property, propertyInitializer.Value);
                            }

                            break;
                        case IArgumentOperation { Parameter: { } parameter } argument
                            when parameter.ContainingSymbol is IMethodSymbol callee && IsOwnCode(callee):
                            Add(parameter.OriginalDefinition, argument.Value);
                            break;
                        case IReturnOperation { ReturnedValue: { } returned } returnOperation
                            when ReturningFunction(returnOperation, owner) is { } function:
                            Add(function, returned);
                            break;
                    }
                }
            }

            /// <summary>The method or local function a <c>return</c> leaves; null inside a lambda.</summary>
            private static ISymbol? ReturningFunction(IOperation operation, ISymbol owner)
            {
                for (var current = operation.Parent; current is not null; current = current.Parent)
                {
                    switch (current)
                    {
                        case ILocalFunctionOperation localFunction:
                            return localFunction.Symbol;
                        case IAnonymousFunctionOperation:
                            return null;
                    }
                }

                // A property getter returns the property's value: references to it are property references.
                return owner switch
                {
                    IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: { } property } => property.OriginalDefinition,
                    IMethodSymbol method => method.OriginalDefinition,
                    IPropertySymbol property => property.OriginalDefinition,
                    _ => null,
                };
            }

            /// <summary>A local, or a parameter, field or property of the type itself.</summary>
            private ISymbol? TargetSymbol(IOperation target)
            {
                var symbol = OperationHelpers.GetReferencedSymbol(target);
                switch (symbol)
                {
                    case ILocalSymbol:
                        return symbol;
                    case IParameterSymbol parameter:
                        return parameter.OriginalDefinition;
                    case IFieldSymbol or IPropertySymbol when SymbolEqualityComparer.Default.Equals(symbol.ContainingType?.OriginalDefinition, _type):
                        return symbol.OriginalDefinition;
                    default:
                        return null;
                }
            }

            /// <summary>A method or local function declared in the type being analysed.</summary>
            private bool IsOwnCode(IMethodSymbol method) =>
                method.MethodKind == MethodKind.LocalFunction
                    ? OperationHelpers.IsInSource(method)
                    : SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _type) && OperationHelpers.IsInSource(method);

            private void Add(ISymbol target, IOperation value)
            {
                if (Evaluate(value, 0) is not { } mappings)
                {
                    return;
                }

                if (!_holds.TryGetValue(target, out var held))
                {
                    _holds[target] = held = new HashSet<IInvocationOperation>();
                }

                foreach (var mapping in mappings)
                {
                    _changed |= held.Add(mapping);
                }
            }

            /// <summary>The unnamed custom mappings a value may contain; null for none.</summary>
            private HashSet<IInvocationOperation>? Evaluate(IOperation? value, int depth)
            {
                if (value is null || depth > 32)
                {
                    return null;
                }

                var operation = OperationHelpers.SkipConversions(value);
                switch (operation)
                {
                    case IInvocationOperation invocation:
                        if (_known.IsUnnamedCustomMapping(invocation))
                        {
                            return new HashSet<IInvocationOperation> { invocation };
                        }

                        var method = invocation.TargetMethod;
                        if (IsOwnCode(method))
                        {
                            return Held(method.OriginalDefinition);
                        }

                        if (MLNetSymbols.IsInMLNetNamespace(method.ContainingType) && _known.IsPipelineType(method.ReturnType))
                        {
                            var result = Evaluate(invocation.Instance, depth + 1);
                            foreach (var argument in invocation.Arguments)
                            {
                                result = Union(result, Evaluate(argument.Value, depth + 1));
                            }

                            return result;
                        }

                        return null;
                    case IObjectCreationOperation creation when MLNetSymbols.IsInMLNetNamespace(creation.Type) && _known.IsPipelineType(creation.Type):
                        HashSet<IInvocationOperation>? created = null;
                        foreach (var argument in creation.Arguments)
                        {
                            created = Union(created, Evaluate(argument.Value, depth + 1));
                        }

                        return created;
                    case IArrayCreationOperation { Initializer: { } initializer }:
                        HashSet<IInvocationOperation>? elements = null;
                        foreach (var element in initializer.ElementValues)
                        {
                            elements = Union(elements, Evaluate(element, depth + 1));
                        }

                        return elements;
                    case IConditionalOperation conditional:
                        return Union(Evaluate(conditional.WhenTrue, depth + 1), Evaluate(conditional.WhenFalse, depth + 1));
                    case ICoalesceOperation coalesce:
                        return Union(Evaluate(coalesce.Value, depth + 1), Evaluate(coalesce.WhenNull, depth + 1));
                    case ISimpleAssignmentOperation assignment:
                        return Evaluate(assignment.Value, depth + 1);
                    default:
                        return TargetSymbol(operation) is { } symbol ? Held(symbol) : null;
                }
            }

            private HashSet<IInvocationOperation>? Held(ISymbol symbol) => _holds.TryGetValue(symbol, out var held) ? held : null;

            private static HashSet<IInvocationOperation>? Union(HashSet<IInvocationOperation>? left, HashSet<IInvocationOperation>? right)
            {
                if (left is null || left.Count == 0)
                {
                    return right;
                }

                if (right is null || right.Count == 0)
                {
                    return left;
                }

                var union = new HashSet<IInvocationOperation>(left);
                union.UnionWith(right);
                return union;
            }
        }
    }
}
