using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;
using MLOps.Analyzers.Serving;

namespace MLOps.Analyzers.Evaluation
{
    /// <summary>
    /// MLO3003 (Warning): the result of <c>Evaluate</c>, <c>EvaluateNonCalibrated</c>, <c>CrossValidate</c>,
    /// <c>CrossValidateNonCalibrated</c> or <c>PermutationFeatureImportance</c> is dropped (an expression statement),
    /// assigned to a discard, or stored in a local that nothing in the method reads (lambdas and local functions
    /// included). Any other use (returned, passed on, stored in a field or property, a member read, interpolated, passed
    /// by <c>ref</c>) counts as reading it. Reported at the call.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class EvaluationResultDiscardedAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.EvaluationResultDiscarded);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var calls = EvaluationCalls.Create(symbols);
            context.RegisterOperationAction(
                operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    if (!calls.IsEvaluation(invocation.TargetMethod) || !IsDiscarded(invocation))
                    {
                        return;
                    }

                    operationContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.EvaluationResultDiscarded, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
                },
                OperationKind.Invocation);
        }

        private static bool IsDiscarded(IInvocationOperation invocation)
        {
            IOperation value = invocation;
            var parent = value.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation
                   || (parent is IConditionalAccessOperation access && access.WhenNotNull == value))
            {
                value = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IExpressionStatementOperation:
                    return true; // ml.Regression.Evaluate(predictions);
                case ISimpleAssignmentOperation { Target: IDiscardOperation } discard when discard.Value == value:
                    return true; // _ = ml.Regression.Evaluate(predictions);
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return !IsRead(declarator.Symbol, OperationHelpers.GetRoot(invocation));
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, IsRef: false } assignment when assignment.Value == value:
                    return !IsRead(target.Local, OperationHelpers.GetRoot(invocation));
                default:
                    return false; // returned, passed on, stored in a field or property, member read, ...
            }
        }

        /// <summary>Any reference to the local other than a plain assignment or an <c>out</c> argument reads it.</summary>
        private static bool IsRead(ILocalSymbol local, IOperation root)
        {
            if (local.IsRef)
            {
                return true; // an alias of something else: beyond what the method shows
            }

            // The body's references to the local, from its shared index: not a walk of the whole body per evaluation.
            foreach (var reference in LocalIndex.Of(root).Facts(local)?.References ?? (IEnumerable<ILocalReferenceOperation>)System.Array.Empty<ILocalReferenceOperation>())
            {
                if (ModelCatalogCalls.GetWriteKind(reference, out _) is not (WriteKind.Assignment or WriteKind.OutArgument))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
