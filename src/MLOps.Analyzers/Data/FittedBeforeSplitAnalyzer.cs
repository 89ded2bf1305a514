using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Data
{
    /// <summary>
    /// MLO2004 and MLO2008: an estimator is <c>Fit</c> on data D, its transformer transforms D (or rows of D), and the
    /// output flows into <c>TrainTestSplit</c>, <c>CrossValidationSplit</c> or <c>CrossValidate</c>: what the transform
    /// learned from the rows includes the test rows. MLO2004 (Warning) for transforms that learn from the label; MLO2008
    /// (Info) for unsupervised transforms that learn statistics of the rows. Stateless transforms, transforms whose state is
    /// only a set of category values (<c>MapValueToKey</c>, <c>OneHotEncoding</c>), and flows the
    /// <see cref="DataFlow"/> model cannot see are not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FittedBeforeSplitAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.LabelAwareTransformFittedBeforeSplit, DiagnosticDescriptors.PreprocessingFittedBeforeSplit);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            if (symbols.DataOperationsCatalog is null || symbols.IDataView is null)
            {
                return;
            }

            var chainSymbols = EstimatorChainSymbols.Get(symbols);
            context.RegisterOperationBlockStartAction(blockContext =>
            {
                // Collected per body so a transform that reaches several splits is reported once.
                var splits = new List<IOperation>();
                blockContext.RegisterOperationAction(
                    operationContext =>
                    {
                        var invocation = (IInvocationOperation)operationContext.Operation;
                        if (SplitInput(invocation, symbols) is { } data)
                        {
                            splits.Add(data);
                        }
                    },
                    OperationKind.Invocation);
                blockContext.RegisterOperationBlockEndAction(endContext => Report(endContext, splits, chainSymbols));
            });
        }

        /// <summary>The data given to <c>TrainTestSplit</c>, <c>CrossValidationSplit</c> or a task catalog's <c>CrossValidate</c>.</summary>
        private static IOperation? SplitInput(IInvocationOperation invocation, MLNetSymbols symbols)
        {
            var method = invocation.TargetMethod;
            var splits = (method.Name is "TrainTestSplit" or "CrossValidationSplit" && symbols.IsDataOperation(method))
                || (method.Name.StartsWith("CrossValidate", System.StringComparison.Ordinal) && IsTaskCatalog(method.ContainingType, symbols));
            return splits ? EstimatorChainSymbols.ArgumentFor(invocation, "data")?.Value : null;
        }

        private static bool IsTaskCatalog(INamedTypeSymbol? type, MLNetSymbols symbols)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, symbols.TrainCatalogBase))
                {
                    return true;
                }
            }

            return false;
        }

        private static void Report(OperationBlockAnalysisContext context, List<IOperation> splits, EstimatorChainSymbols symbols)
        {
            if (splits.Count == 0)
            {
                return;
            }

            var reported = new HashSet<SyntaxNode>();
            foreach (var data in splits)
            {
                var source = DataFlow.Resolve(data, symbols, context.CancellationToken);
                for (var depth = 0; depth < 16 && source is not null; depth++)
                {
                    switch (source.Kind)
                    {
                        case DataSourceKind.RowOperation:
                            source = source.Input;
                            continue;
                        case DataSourceKind.Transformed when source.Transformer is { } transformer && source.Input is { } input:
                            if (DataFlow.FitOf(transformer, source.HelperCall, symbols, context.CancellationToken) is { } fit && DataFlow.IsSameOrPartOf(input, fit.Data))
                            {
                                ReportSteps(context, fit, symbols, reported);
                            }

                            source = input; // an earlier transformer may have been fitted on the rows as well
                            continue;
                    }

                    break;
                }
            }
        }

        private static void ReportSteps(OperationBlockAnalysisContext context, FitSource fit, EstimatorChainSymbols symbols, HashSet<SyntaxNode> reported)
        {
            var steps = EstimatorChainAnalysis.StepsOf(fit.Estimator, symbols, context.CancellationToken, out _);
            foreach (var step in steps)
            {
                if (step.Kind != EstimatorStepKind.Transform)
                {
                    continue;
                }

                var descriptor = Classify(step.Invocation) switch
                {
                    Learns.FromLabel => DiagnosticDescriptors.LabelAwareTransformFittedBeforeSplit,
                    Learns.FromRows => DiagnosticDescriptors.PreprocessingFittedBeforeSplit,
                    _ => null,
                };

                if (descriptor is not null && reported.Add(step.Invocation.Syntax))
                {
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, step.Invocation.Syntax.GetLocation(), step.Method.Name));
                }
            }
        }

        private enum Learns
        {
            Nothing,
            FromRows,
            FromLabel,
        }

        /// <summary>
        /// What an ML.NET catalog transform learns when it is fitted. Label-aware: any transform with a label parameter
        /// (<c>NormalizeSupervisedBinning</c>, <c>SelectFeaturesBasedOnMutualInformation</c>, <c>CountTargetEncode</c>).
        /// Statistics of the rows: the normalizers that fit per-column parameters, PCA, whitening, count-based feature
        /// selection, text dictionaries and topic models, and missing-value replacement by mean, minimum, maximum or mode.
        /// </summary>
        private static Learns Classify(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name is "labelColumnName" or "labelColumn")
                {
                    return Learns.FromLabel;
                }
            }

            switch (method.Name)
            {
                case "Normalize":
                case "NormalizeMinMax":
                case "NormalizeMeanVariance":
                case "NormalizeLogMeanVariance":
                case "NormalizeBinning":
                case "NormalizeRobustScaling":
                case "ProjectToPrincipalComponents":
                case "VectorWhiten":
                case "SelectFeaturesBasedOnCount":
                case "FeaturizeText":
                case "ProduceNgrams":
                case "ProduceWordBags":
                case "LatentDirichletAllocation":
                    return Learns.FromRows;
                case "ReplaceMissingValues":
                    return ReplacesWithStatistic(invocation) ? Learns.FromRows : Learns.Nothing;
                default:
                    return Learns.Nothing;
            }
        }

        /// <summary>The replacement mode is written and is not <c>DefaultValue</c> (the default, which learns nothing).</summary>
        private static bool ReplacesWithStatistic(IInvocationOperation invocation)
        {
            var mode = EstimatorChainSymbols.ArgumentFor(invocation, "replacementMode");
            return mode is { ArgumentKind: ArgumentKind.Explicit }
                && OperationHelpers.SkipConversions(mode.Value) is IFieldReferenceOperation { Field.Name: "Mean" or "Minimum" or "Maximum" or "Mode" };
        }
    }
}
