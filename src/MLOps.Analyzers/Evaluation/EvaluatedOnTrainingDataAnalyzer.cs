using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Evaluation
{
    /// <summary>
    /// MLO3002: <c>ml.&lt;Task&gt;.Evaluate(model.Transform(d))</c> where <c>d</c> is the data <c>model</c> was <c>Fit</c> on
    /// (the same parameter, readonly field, loader call, <c>Transform</c> output or split part) or rows taken from it
    /// (a split part or row operation of it). Both sides must be known through the <see cref="DataFlow"/> model; anything
    /// unknown is silent.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EvaluatedOnTrainingDataAnalyzer : MLNetAnalyzer
    {
        /// <summary>Diagnostic property: the <c>X.TestSet</c> expression the code fix puts in place of <c>X.TrainSet</c>.</summary>
        public const string TestSetReplacementProperty = "TestSetReplacement";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.EvaluatedOnTrainingData);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            if (symbols.TrainCatalogBase is null || symbols.IDataView is null)
            {
                return;
            }

            var chainSymbols = EstimatorChainSymbols.Get(symbols);
            context.RegisterOperationBlockStartAction(blockContext =>
            {
                // Reported at the end of the body: the data expression may sit in an earlier statement
                // (var predictions = model.Transform(split.TrainSet);), and a code fix needs a diagnostic local to the body.
                var evaluations = new List<IInvocationOperation>();
                blockContext.RegisterOperationAction(
                    operationContext =>
                    {
                        var invocation = (IInvocationOperation)operationContext.Operation;
                        if (IsEvaluate(invocation.TargetMethod, symbols))
                        {
                            evaluations.Add(invocation);
                        }
                    },
                    OperationKind.Invocation);
                blockContext.RegisterOperationBlockEndAction(endContext =>
                {
                    foreach (var evaluate in evaluations)
                    {
                        Analyze(endContext, evaluate, chainSymbols);
                    }
                });
            });
        }

        private static void Analyze(OperationBlockAnalysisContext context, IInvocationOperation evaluate, EstimatorChainSymbols symbols)
        {
            if (!IsEvaluate(evaluate.TargetMethod, symbols.MLNet)
                || EstimatorChainSymbols.ArgumentFor(evaluate, "data")?.Value is not { } scored)
            {
                return;
            }

            // The scored data: model.Transform(d), here or through a local.
            var scoredSource = DataFlow.Resolve(scored, symbols, context.CancellationToken);
            if (scoredSource.Kind != DataSourceKind.Transformed
                || scoredSource.Transformer is not { } model
                || scoredSource.Input is not { } evaluatedData
                || scoredSource.Operation is not IInvocationOperation transform
                || EstimatorChainSymbols.ArgumentFor(transform, 0)?.Value is not { } dataExpression
                || DataFlow.FitOf(model, scoredSource.HelperCall, symbols, context.CancellationToken) is not { } fit
                || !DataFlow.IsSameOrPartOf(evaluatedData, fit.Data))
            {
                return;
            }

            // Report on the data given to Transform when it is in this method; else on the Evaluate argument.
            var inThisMethod = scoredSource.HelperCall is null;
            var location = inThisMethod ? dataExpression.Syntax : scored.Syntax;
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (inThisMethod && TestSetReplacement(dataExpression, evaluatedData, fit.Data) is { } replacement)
            {
                properties = properties.Add(TestSetReplacementProperty, replacement);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.EvaluatedOnTrainingData,
                location.GetLocation(),
                properties,
                location.ToString()));
        }

        /// <summary>
        /// <c>X.TestSet</c> when the data expression is written <c>X.TrainSet</c> (X a local or parameter) and the model was
        /// fitted on that same train set: the held-out half of the same split is the obvious replacement.
        /// </summary>
        private static string? TestSetReplacement(IOperation dataExpression, DataSource evaluated, DataSource fitted)
        {
            if (OperationHelpers.SkipConversions(dataExpression) is not IMemberReferenceOperation { Member.Name: "TrainSet", Instance: ILocalReferenceOperation or IParameterReferenceOperation } part
                || part.Syntax is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax split }
                || evaluated.Kind != DataSourceKind.SplitPart
                || evaluated.SplitPart != "TrainSet"
                || evaluated.Split is not { IsCrossValidationFold: false }
                || !DataFlow.IsSame(evaluated, fitted))
            {
                return null;
            }

            return split.Identifier.ValueText + ".TestSet";
        }

        /// <summary><c>Evaluate</c>/<c>EvaluateNonCalibrated</c> of a task catalog (binary, multiclass, regression, ranking, clustering, anomaly detection).</summary>
        private static bool IsEvaluate(IMethodSymbol method, MLNetSymbols symbols)
        {
            if (!method.Name.StartsWith("Evaluate", System.StringComparison.Ordinal))
            {
                return false;
            }

            for (var type = method.ContainingType; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, symbols.TrainCatalogBase))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
