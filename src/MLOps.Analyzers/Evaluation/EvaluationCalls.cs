using Microsoft.CodeAnalysis;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Evaluation
{
    /// <summary>
    /// Shared by MLO3001, MLO3003 and MLO3004: recognises the ML.NET calls that measure a model (the task catalogs'
    /// <c>Evaluate</c>, <c>EvaluateNonCalibrated</c>, <c>CrossValidate</c>, <c>CrossValidateNonCalibrated</c> and the
    /// <c>PermutationFeatureImportance</c> extensions) and the binary-classification metrics types. Resolved once per compilation.
    /// </summary>
    internal sealed class EvaluationCalls
    {
        internal EvaluationCalls(MLNetSymbols symbols)
        {
            var compilation = symbols.Compilation;
            TrainCatalogBase = symbols.TrainCatalogBase;
            BinaryClassificationCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.BinaryClassificationCatalog");
            PermutationFeatureImportanceExtensions = compilation.GetTypeByMetadataName("Microsoft.ML.PermutationFeatureImportanceExtensions");
            BinaryClassificationMetrics = compilation.GetTypeByMetadataName("Microsoft.ML.Data.BinaryClassificationMetrics");
            CalibratedBinaryClassificationMetrics = compilation.GetTypeByMetadataName("Microsoft.ML.Data.CalibratedBinaryClassificationMetrics");
        }

        /// <summary>Base of the task catalogs (<c>ml.BinaryClassification</c>, <c>ml.Regression</c>, ...).</summary>
        public INamedTypeSymbol? TrainCatalogBase { get; }

        public INamedTypeSymbol? BinaryClassificationCatalog { get; }

        public INamedTypeSymbol? PermutationFeatureImportanceExtensions { get; }

        public INamedTypeSymbol? BinaryClassificationMetrics { get; }

        /// <summary>Derives from <see cref="BinaryClassificationMetrics"/> and adds the probability metrics (log-loss, entropy).</summary>
        public INamedTypeSymbol? CalibratedBinaryClassificationMetrics { get; }

        /// <summary>The calls of a compilation, resolved once and shared by the evaluation rules and the manifest generator.</summary>
        public static EvaluationCalls Create(MLNetSymbols symbols) => symbols.Evaluation;

        /// <summary>
        /// <c>Evaluate</c>, <c>EvaluateNonCalibrated</c>, <c>CrossValidate</c> or <c>CrossValidateNonCalibrated</c> of a task
        /// catalog, or <c>PermutationFeatureImportance</c>/<c>PermutationFeatureImportanceNonCalibrated</c>.
        /// </summary>
        public bool IsEvaluation(IMethodSymbol method)
        {
            switch (method.Name)
            {
                case "Evaluate":
                case "EvaluateNonCalibrated":
                case "CrossValidate":
                case "CrossValidateNonCalibrated":
                    return InheritsFrom(method.ContainingType, TrainCatalogBase);
                case "PermutationFeatureImportance":
                case "PermutationFeatureImportanceNonCalibrated":
                    return PermutationFeatureImportanceExtensions is not null
                        && SymbolEqualityComparer.Default.Equals(method.ContainingType, PermutationFeatureImportanceExtensions);
                default:
                    return false;
            }
        }

        /// <summary>
        /// Anything in ML.NET that looks like measuring a model: <see cref="IsEvaluation"/>, and also any method of an ML.NET
        /// type whose name starts with <c>Evaluate</c>, <c>CrossValidate</c> or <c>PermutationFeatureImportance</c> (the
        /// evaluator classes, the time-series and AutoML evaluators). Used where seeing one must silence a rule.
        /// </summary>
        public bool IsAnyEvaluation(IMethodSymbol method)
        {
            var name = method.Name;
            if (!name.StartsWith("Evaluate", System.StringComparison.Ordinal)
                && !name.StartsWith("CrossValidate", System.StringComparison.Ordinal)
                && !name.StartsWith("PermutationFeatureImportance", System.StringComparison.Ordinal))
            {
                return false;
            }

            return IsEvaluation(method) || MLNetSymbols.IsInMLNetNamespace(method.ContainingType);
        }

        /// <summary>An evaluation on <c>ml.BinaryClassification</c>: its result holds binary-classification metrics.</summary>
        public bool IsBinaryClassificationEvaluation(IMethodSymbol method) =>
            BinaryClassificationCatalog is not null
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, BinaryClassificationCatalog)
            && method.Name is "Evaluate" or "EvaluateNonCalibrated" or "CrossValidate" or "CrossValidateNonCalibrated";

        /// <summary><c>BinaryClassificationMetrics</c> or <c>CalibratedBinaryClassificationMetrics</c>.</summary>
        public bool IsBinaryMetricsType(ITypeSymbol? type) =>
            type is not null
            && (SymbolEqualityComparer.Default.Equals(type, BinaryClassificationMetrics)
                || SymbolEqualityComparer.Default.Equals(type, CalibratedBinaryClassificationMetrics));

        private static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
