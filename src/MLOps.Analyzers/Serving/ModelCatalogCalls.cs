using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Serving
{
    /// <summary>
    /// Shared by MLO4002-MLO4004: recognises calls on <c>ModelOperationsCatalog</c> (<c>ml.Model</c>) and tells, for a
    /// reference to a local, parameter or field, whether it writes the variable and how.
    /// </summary>
    internal static class ModelCatalogCalls
    {
        public const string CatalogTypeName = "Microsoft.ML.ModelOperationsCatalog";
        public const string DataViewSchemaTypeName = "Microsoft.ML.DataViewSchema";
        public const string CreatePredictionEngine = nameof(CreatePredictionEngine);
        public const string Load = nameof(Load);
        public const string Save = nameof(Save);

        public static bool IsCatalogMethod(IMethodSymbol method, INamedTypeSymbol catalog) =>
            SymbolEqualityComparer.Default.Equals(method.ContainingType, catalog);

        public static bool IsCatalogMethod(IMethodSymbol method, INamedTypeSymbol catalog, string name) =>
            method.Name == name && IsCatalogMethod(method, catalog);

        /// <summary>
        /// How <paramref name="reference"/> (a local, parameter, field, property or array element reference) writes its
        /// variable, or null when it only reads it. <paramref name="value"/> is the value assigned (for an assignment) or
        /// the invocation that receives it as an <c>out</c> argument.
        /// </summary>
        public static WriteKind? GetWriteKind(IOperation reference, out IOperation? value)
        {
            value = null;
            var node = reference;
            var parent = node.Parent;
            if (parent is IDeclarationExpressionOperation)
            {
                node = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == node:
                    value = assignment.Value;
                    return assignment.IsRef ? WriteKind.Other : WriteKind.Assignment;
                case ICompoundAssignmentOperation compound when compound.Target == node:
                    return WriteKind.Other;
                case ICoalesceAssignmentOperation coalesce when coalesce.Target == node:
                    return WriteKind.Other;
                case IIncrementOrDecrementOperation:
                    return WriteKind.Other;
                case IArgumentOperation argument when argument.Parameter?.RefKind == RefKind.Out:
                    value = argument.Parent;
                    return WriteKind.OutArgument;
                case IArgumentOperation argument when argument.Parameter?.RefKind == RefKind.Ref:
                    return WriteKind.Other;
                case ITupleOperation:
                    // (a, b) = ... and var (a, b) = ...: a deconstruction target; foreach (var (a, b) in ...) too.
                    while (parent is ITupleOperation or IDeclarationExpressionOperation)
                    {
                        node = parent;
                        parent = parent.Parent;
                    }

                    return parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == node
                        || parent is IForEachLoopOperation
                        ? WriteKind.Other
                        : null;
                default:
                    return null;
            }
        }

        /// <summary>The variable a reference denotes (local, parameter, field, property), for write bookkeeping.</summary>
        public static ISymbol? GetVariable(IOperation operation) => OperationHelpers.GetReferencedSymbol(operation);

        /// <summary>
        /// Every write in <paramref name="root"/> to a local, parameter, field or property: declarations with an
        /// initializer, assignments, <c>out</c>/<c>ref</c> arguments, increments, deconstructions.
        /// </summary>
        public static Dictionary<ISymbol, List<VariableWrite>> CollectWrites(IOperation root)
        {
            var writes = new Dictionary<ISymbol, List<VariableWrite>>(SymbolEqualityComparer.Default);
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator:
                        var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                        if (initializer is not null)
                        {
                            Add(writes, declarator.Symbol, new VariableWrite(WriteKind.Initializer, declarator, initializer.Value));
                        }

                        break;
                    case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                        if (GetWriteKind(operation, out var value) is { } kind && GetVariable(operation) is { } symbol)
                        {
                            Add(writes, symbol, new VariableWrite(kind, operation, value));
                        }

                        break;
                }
            }

            return writes;
        }

        private static readonly ConditionalWeakTable<IOperation, Dictionary<ISymbol, List<VariableWrite>>> WritesCache =
            new ConditionalWeakTable<IOperation, Dictionary<ISymbol, List<VariableWrite>>>();

        private static readonly ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>> LocalReferencesCache =
            new ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>>();

        /// <summary>
        /// <see cref="CollectWrites"/> of a body root, computed once per body and shared (by every call a rule asks about
        /// in that body, and by the rules). Read only: callers must not change the dictionary or its lists.
        /// </summary>
        public static Dictionary<ISymbol, List<VariableWrite>> GetWrites(IOperation root) =>
            WritesCache.GetValue(root, static r => CollectWrites(r));

        /// <summary>Every reference to each local in the body <paramref name="root"/>, in operation order; computed once per body. Read only.</summary>
        public static Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> GetLocalReferences(IOperation root) =>
            LocalReferencesCache.GetValue(root, static r =>
            {
                var references = new Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>(SymbolEqualityComparer.Default);
                foreach (var operation in r.Descendants())
                {
                    if (operation is ILocalReferenceOperation reference)
                    {
                        if (!references.TryGetValue(reference.Local, out var list))
                        {
                            list = new List<ILocalReferenceOperation>();
                            references.Add(reference.Local, list);
                        }

                        list.Add(reference);
                    }
                }

                return references;
            });

        /// <summary>True for <c>null</c>, <c>default</c> and <c>default(T)</c> of a reference type, through conversions.</summary>
        public static bool IsNullOrDefault(IOperation? operation)
        {
            if (operation is null)
            {
                return false;
            }

            var value = OperationHelpers.SkipConversions(operation);
            return value is IDefaultValueOperation
                || (value.ConstantValue.HasValue && value.ConstantValue.Value is null)
                || (operation.ConstantValue.HasValue && operation.ConstantValue.Value is null);
        }

        /// <summary>True when the operation lies inside a lambda or local function that is itself inside <paramref name="boundary"/>.</summary>
        public static bool IsInNestedFunction(IOperation operation, IOperation boundary)
        {
            for (var current = operation.Parent; current is not null && current != boundary; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        private static void Add(Dictionary<ISymbol, List<VariableWrite>> writes, ISymbol symbol, VariableWrite write)
        {
            if (!writes.TryGetValue(symbol, out var list))
            {
                list = new List<VariableWrite>();
                writes.Add(symbol, list);
            }

            list.Add(write);
        }
    }

    internal enum WriteKind
    {
        /// <summary><c>var x = value;</c></summary>
        Initializer,

        /// <summary><c>x = value;</c></summary>
        Assignment,

        /// <summary><c>M(out x)</c>: the value is the invocation.</summary>
        OutArgument,

        /// <summary>Compound assignment, increment, <c>ref</c> argument, deconstruction, ref assignment.</summary>
        Other,
    }

    internal readonly struct VariableWrite
    {
        public VariableWrite(WriteKind kind, IOperation site, IOperation? value)
        {
            Kind = kind;
            Site = site;
            Value = value;
        }

        public WriteKind Kind { get; }

        /// <summary>The declarator or the reference that is written.</summary>
        public IOperation Site { get; }

        /// <summary>The value written (initializer, right-hand side), or the invocation for an <c>out</c> argument.</summary>
        public IOperation? Value { get; }
    }
}
