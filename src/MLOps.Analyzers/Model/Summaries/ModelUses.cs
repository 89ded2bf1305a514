using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Evaluation;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Model
{
    /// <summary>What happens to a fitted model; several uses combine.</summary>
    [Flags]
    internal enum ModelUse
    {
        None = 0,

        /// <summary>Given to <c>CreatePredictionEngine</c>.</summary>
        Predictions = 1,

        /// <summary>Written out: <c>ml.Model.Save</c> or <c>ml.Model.ConvertToOnnx</c>.</summary>
        Saved = 2,

        /// <summary>Measured: its predictions (<c>model.Transform(data)</c>) or the model itself reach an evaluation.</summary>
        Evaluated = 4,

        /// <summary>Goes where the model cannot follow it: returned, stored, captured, given to code without a summary.</summary>
        Leaves = 8,
    }

    /// <summary>
    /// Follows a fitted model (an <see cref="ITransformer"/> value) through its method and into the project's helpers it
    /// is passed to: a helper's summary says what it does with each parameter (evaluates it, saves it, serves it, lets it
    /// leave), computed once per compilation. Bounded depth; recursion and anything without a summary is
    /// <see cref="ModelUse.Leaves"/> (unknown), never "unused".
    /// </summary>
    internal sealed class ModelUses
    {
        private const int MaxHelperDepth = 4;

        private static readonly ConditionalWeakTable<MLNetSymbols, ModelUses> Cache = new ConditionalWeakTable<MLNetSymbols, ModelUses>();

        private readonly EvaluationCalls _evaluations;
        private readonly MethodSummaries _summaries;
        private readonly INamedTypeSymbol? _modelCatalog;
        private readonly INamedTypeSymbol? _onnxExport;
        private readonly ConcurrentDictionary<(IMethodSymbol Method, int Ordinal), ModelUse> _parameters =
            new ConcurrentDictionary<(IMethodSymbol, int), ModelUse>(ParameterKeyComparer.Instance);

        private ModelUses(MLNetSymbols symbols)
        {
            _evaluations = EvaluationCalls.Create(symbols);
            _summaries = MethodSummaries.Get(symbols.Compilation);
            _modelCatalog = symbols.Compilation.GetTypeByMetadataName("Microsoft.ML.ModelOperationsCatalog");
            _onnxExport = symbols.Compilation.GetTypeByMetadataName("Microsoft.ML.OnnxExportExtensions");
        }

        public static ModelUses Get(MLNetSymbols symbols) => Cache.GetValue(symbols, static s => new ModelUses(s));

        /// <summary>What happens to the model a <c>Fit</c> (or any other expression) produces, within its method and the helpers it reaches.</summary>
        public ModelUse UseOf(IOperation value)
        {
            var search = new Search();
            return UseOfValue(value, OperationHelpers.GetRoot(value), followLocals: true, search, 0);
        }

        /// <summary>
        /// What a method does with the model passed as its parameter <paramref name="ordinal"/>; <see cref="ModelUse.Leaves"/>
        /// when the method has no summary (no source, overridable, ...).
        /// </summary>
        public ModelUse UseOfParameter(IMethodSymbol method, int ordinal) => UseOfParameter(method.OriginalDefinition, ordinal, new Search(), 0);

        /// <summary>The state of one question: the parameters being answered (recursion) and whether an answer was cut short.</summary>
        private sealed class Search
        {
            public HashSet<(IMethodSymbol, int)> InProgress { get; } = new HashSet<(IMethodSymbol, int)>(ParameterKeyComparer.Instance);

            public bool CutShort { get; set; }
        }

        private ModelUse UseOfParameter(IMethodSymbol method, int ordinal, Search search, int depth)
        {
            var key = (method, ordinal);
            if (_parameters.TryGetValue(key, out var known))
            {
                return known;
            }

            if (depth > MaxHelperDepth || !search.InProgress.Add(key))
            {
                search.CutShort = true;
                return ModelUse.Leaves; // unknown
            }

            var wasCutShort = search.CutShort;
            search.CutShort = false;
            var use = ComputeParameterUse(method, ordinal, search, depth);
            search.InProgress.Remove(key);
            if (!search.CutShort)
            {
                // Only an answer that did not depend on a question still open is the same whoever asks first.
                _parameters.TryAdd(key, use);
            }

            search.CutShort |= wasCutShort;
            return use;
        }

        private ModelUse ComputeParameterUse(IMethodSymbol method, int ordinal, Search search, int depth)
        {
            if (ordinal >= method.Parameters.Length || method.Parameters[ordinal] is not { RefKind: RefKind.None, IsParams: false } parameter
                || _summaries.BodyOf(method) is not { } body)
            {
                return ModelUse.Leaves;
            }

            var use = ModelUse.None;
            foreach (var operation in body.Root.Descendants())
            {
                if (operation is not IParameterReferenceOperation reference
                    || !SymbolEqualityComparer.Default.Equals(reference.Parameter.OriginalDefinition, parameter))
                {
                    continue;
                }

                if (!MethodSummaries.IsDirectlyIn(reference, body.Root))
                {
                    return ModelUse.Leaves; // captured by a lambda or a local function
                }

                use |= UseOfValue(reference, body.Root, followLocals: true, search, depth + 1);
                if ((use & ModelUse.Leaves) != 0)
                {
                    break;
                }
            }

            return use;
        }

        private ModelUse UseOfValue(IOperation value, IOperation root, bool followLocals, Search search, int depth)
        {
            var parent = value.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                value = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IArgumentOperation { Parent: IInvocationOperation call } argument:
                    return UseAsArgument(argument, call, search, depth);
                case IInvocationOperation call when call.Instance == value:
                    if (!MLNetSymbols.IsInMLNetNamespace(call.TargetMethod.ContainingType))
                    {
                        return ModelUse.Leaves;
                    }

                    // model.Transform(data): the predictions are what an evaluation measures.
                    return call.TargetMethod.Name == "Transform" && depth <= MaxHelperDepth * 2
                        ? UseOfValue(call, root, followLocals: true, search, depth + 1) & ModelUse.Evaluated
                        : ModelUse.None;
                case IPropertyReferenceOperation member when member.Instance == value:
                    // model.LastTransformer is the trained part of the same model (what PermutationFeatureImportance takes).
                    return member.Property.Name == "LastTransformer" && depth <= MaxHelperDepth * 2
                        ? UseOfValue(member, root, followLocals, search, depth + 1)
                        : ModelUse.None;
                case IExpressionStatementOperation:
                    return ModelUse.None;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when followLocals:
                    return UseOfLocal(declarator.Symbol, root, search, depth);
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, IsRef: false } assignment
                    when followLocals && assignment.Value == value:
                    return UseOfLocal(target.Local, root, search, depth);
                case ISimpleAssignmentOperation assignment when assignment.Target == value:
                    return ModelUse.None; // the variable is written, not read
                default:
                    return ModelUse.Leaves; // returned, stored in a field, copied to another local, captured, ...
            }
        }

        private ModelUse UseOfLocal(ILocalSymbol local, IOperation root, Search search, int depth)
        {
            if (local.IsRef)
            {
                return ModelUse.Leaves;
            }

            // The references of the local come from the body's index (LocalIndex: one walk per body, shared): walking the
            // body again for every fitted model made K fits in one method cost K^2 (MLO3001, `fits` at K = 1,000: 3.4 s).
            var use = ModelUse.None;
            if (LocalIndex.Of(root).Facts(local) is not { } facts)
            {
                return use;
            }

            foreach (var reference in facts.References)
            {
                use |= UseOfValue(reference, root, followLocals: false, search, depth);
                if ((use & ModelUse.Leaves) != 0)
                {
                    break;
                }
            }

            return use;
        }

        private ModelUse UseAsArgument(IArgumentOperation argument, IInvocationOperation call, Search search, int depth)
        {
            var method = call.TargetMethod;
            if (argument.Parameter is not { RefKind: RefKind.None } parameter)
            {
                return ModelUse.Leaves;
            }

            if (_evaluations.IsAnyEvaluation(method))
            {
                return ModelUse.Evaluated;
            }

            if (_modelCatalog is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, _modelCatalog))
            {
                if (method.Name == "Save" && parameter.Name == "model")
                {
                    return ModelUse.Saved;
                }

                if (method.Name == "CreatePredictionEngine" && parameter.Ordinal == 0)
                {
                    return ModelUse.Predictions;
                }
            }

            if (method.Name == "ConvertToOnnx" && parameter.Name == "transform" && _onnxExport is not null
                && SymbolEqualityComparer.Default.Equals(method.ContainingType, _onnxExport))
            {
                return ModelUse.Saved;
            }

            if (MLNetSymbols.IsInMLNetNamespace(method.ContainingType))
            {
                return ModelUse.None;
            }

            // A helper of the project: what its summary says it does with this parameter.
            return parameter.IsParams || argument.ArgumentKind == ArgumentKind.ParamArray
                ? ModelUse.Leaves
                : UseOfParameter(method.OriginalDefinition, parameter.Ordinal, search, depth + 1);
        }

        private sealed class ParameterKeyComparer : IEqualityComparer<(IMethodSymbol Method, int Ordinal)>
        {
            public static readonly ParameterKeyComparer Instance = new ParameterKeyComparer();

            public bool Equals((IMethodSymbol Method, int Ordinal) x, (IMethodSymbol Method, int Ordinal) y) =>
                x.Ordinal == y.Ordinal && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

            public int GetHashCode((IMethodSymbol Method, int Ordinal) key) =>
                (SymbolEqualityComparer.Default.GetHashCode(key.Method) * 31) + key.Ordinal;
        }
    }
}
