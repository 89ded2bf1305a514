using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Evaluation
{
    /// <summary>
    /// MLO3004 (Info): a method evaluates a binary classifier (<c>ml.BinaryClassification.Evaluate</c>,
    /// <c>EvaluateNonCalibrated</c>, <c>CrossValidate</c>, <c>CrossValidateNonCalibrated</c>) and the only metrics it
    /// reads are the threshold-dependent ones (<c>Accuracy</c>, <c>F1Score</c>, the precisions and recalls,
    /// <c>ConfusionMatrix</c>), never <c>AreaUnderRocCurve</c> or <c>AreaUnderPrecisionRecallCurve</c>. Reported once per
    /// method, at the first threshold-dependent read. Silent when the method reads any other metric (AUC, log-loss,
    /// entropy) or hands a metrics object on whole (passed, returned, stored outside a local): the code that gets it may
    /// read the rest.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class OnlyThresholdDependentMetricsAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.OnlyThresholdDependentMetrics);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var calls = EvaluationCalls.Create(symbols);
            if (calls.BinaryClassificationMetrics is null || calls.BinaryClassificationCatalog is null)
            {
                return;
            }

            context.RegisterOperationBlockStartAction(blockContext =>
            {
                var method = new MethodState(calls);
                blockContext.RegisterOperationAction(
                    operationContext => method.Observe(operationContext.Operation),
                    OperationKind.Invocation,
                    OperationKind.PropertyReference,
                    OperationKind.FieldReference,
                    OperationKind.LocalReference,
                    OperationKind.ParameterReference,
                    OperationKind.ArrayElementReference,
                    OperationKind.Await);
                blockContext.RegisterOperationBlockEndAction(method.Report);
            });
        }

        private static bool IsThresholdDependent(string name) => name is
            "Accuracy" or "F1Score" or "PositivePrecision" or "PositiveRecall" or "NegativePrecision" or "NegativeRecall" or "ConfusionMatrix";

        private static bool IsAreaUnderCurve(string name) => name is "AreaUnderRocCurve" or "AreaUnderPrecisionRecallCurve";

        /// <summary>What one method (operation block) reads of binary-classification metrics.</summary>
        private sealed class MethodState
        {
            private readonly EvaluationCalls _calls;
            private readonly object _gate = new object();
            private List<IPropertyReferenceOperation>? _thresholdReads;
            private bool _evaluates;
            private bool _readsOtherMetric;
            private bool _handsOn;

            public MethodState(EvaluationCalls calls) => _calls = calls;

            public void Observe(IOperation operation)
            {
                if (operation is IInvocationOperation invocation && _calls.IsBinaryClassificationEvaluation(invocation.TargetMethod))
                {
                    lock (_gate)
                    {
                        _evaluates = true;
                    }
                }

                if (operation is IPropertyReferenceOperation property && _calls.IsBinaryMetricsType(property.Property.ContainingType))
                {
                    lock (_gate)
                    {
                        if (IsThresholdDependent(property.Property.Name))
                        {
                            (_thresholdReads ??= new List<IPropertyReferenceOperation>()).Add(property);
                        }
                        else
                        {
                            _readsOtherMetric = true; // AUC, log-loss, entropy: more than the threshold is looked at
                        }
                    }
                }

                if (IsMetrics(operation.Type) && LeavesTheMethodsSight(operation))
                {
                    lock (_gate)
                    {
                        _handsOn = true;
                    }
                }
            }

            public void Report(OperationBlockAnalysisContext context)
            {
                List<IPropertyReferenceOperation> reads;
                lock (_gate)
                {
                    if (!_evaluates || _readsOtherMetric || _handsOn || _thresholdReads is not { Count: > 0 })
                    {
                        return;
                    }

                    reads = new List<IPropertyReferenceOperation>(_thresholdReads);
                }

                reads.Sort(static (a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
                var names = new List<string>();
                foreach (var read in reads)
                {
                    if (!names.Contains(read.Property.Name))
                    {
                        names.Add(read.Property.Name);
                    }
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.OnlyThresholdDependentMetrics, reads[0].Syntax.GetLocation(), JoinNames(names)));
            }

            private bool IsMetrics(ITypeSymbol? type)
            {
                for (var current = type; current is not null; current = current.BaseType)
                {
                    if (_calls.IsBinaryMetricsType(current))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// A metrics value used for something other than reading one of its members or keeping it in a local: passed to
            /// a method, returned, stored in a field, converted to another type, matched by a pattern, ...
            /// </summary>
            private bool LeavesTheMethodsSight(IOperation operation)
            {
                var value = operation;
                var parent = value.Parent;
                while (parent is IConversionOperation or IParenthesizedOperation)
                {
                    if (parent is IConversionOperation conversion && !IsMetrics(conversion.Type))
                    {
                        return true;
                    }

                    value = parent;
                    parent = parent.Parent;
                }

                return parent switch
                {
                    IPropertyReferenceOperation member => member.Instance != value,
                    IConditionalAccessOperation access => access.Operation != value,
                    IVariableInitializerOperation => false,
                    ISimpleAssignmentOperation assignment when assignment.Target == value => false,
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation } => false,
                    IExpressionStatementOperation => false,
                    _ => true,
                };
            }

            private static string JoinNames(List<string> names)
            {
                if (names.Count == 1)
                {
                    return names[0];
                }

                var text = new StringBuilder();
                for (var i = 0; i < names.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(i == names.Count - 1 ? " and " : ", ");
                    }

                    text.Append(names[i]);
                }

                return text.ToString();
            }
        }
    }
}
