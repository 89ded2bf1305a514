using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;
using MLOps.Analyzers.Serving;

namespace MLOps.Analyzers.Evaluation
{
    /// <summary>
    /// MLO3001 (Info, compilation end): an estimator chain that contains a trainer is <c>Fit</c>, and the model is saved
    /// (<c>ml.Model.Save</c>) or given to <c>CreatePredictionEngine</c> in the same method, in a compilation that calls no
    /// evaluation at all (<c>Evaluate</c>, <c>CrossValidate</c>, <c>PermutationFeatureImportance</c>, any ML.NET
    /// <c>Evaluate*</c>). Reported at the <c>Fit</c>.
    /// </summary>
    /// <remarks>
    /// The catalog asks whether the model is evaluated; which model an evaluation measures is beyond what the analyzer
    /// can follow across methods, so any evaluation call in the compilation silences the rule (precision first). A model
    /// that leaves the method (returned, stored in a field or property, passed to a method outside ML.NET) is not
    /// reported either: the code that receives it may evaluate it.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TrainedButNeverEvaluatedAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.TrainedButNeverEvaluated);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            if (context.Compilation.GetTypeByMetadataName(ModelCatalogCalls.CatalogTypeName) is not { } modelCatalog)
            {
                return;
            }

            var calls = EvaluationCalls.Create(symbols);
            var chainSymbols = EstimatorChainSymbols.Get(symbols);
            var state = new CompilationState();
            context.RegisterOperationAction(
                operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    var method = invocation.TargetMethod;
                    if (calls.IsAnyEvaluation(method))
                    {
                        state.MarkEvaluated();
                        return;
                    }

                    if (state.IsEvaluated || !symbols.IsEstimatorFit(method) || invocation.Instance is not { } estimator
                        || !ContainsTrainer(EstimatorChainAnalysis.StepsOf(estimator, chainSymbols, operationContext.CancellationToken, out _)))
                    {
                        return;
                    }

                    var use = UseOfValue(invocation, modelCatalog, OperationHelpers.GetRoot(invocation), followLocals: true);
                    if (use is ModelUse.Saved or ModelUse.Predictions)
                    {
                        state.Add(Diagnostic.Create(
                            DiagnosticDescriptors.TrainedButNeverEvaluated,
                            invocation.Syntax.GetLocation(),
                            use == ModelUse.Saved ? "saved" : "used for predictions"));
                    }
                },
                OperationKind.Invocation);

            context.RegisterCompilationEndAction(endContext =>
            {
                if (state.IsEvaluated)
                {
                    return;
                }

                foreach (var diagnostic in state.Candidates)
                {
                    endContext.ReportDiagnostic(diagnostic);
                }
            });
        }

        private static bool ContainsTrainer(ImmutableArray<EstimatorStep> steps)
        {
            foreach (var step in steps)
            {
                if (step.Kind == EstimatorStepKind.Trainer)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Ordered: the strongest use of a model wins when its uses are combined.</summary>
        private enum ModelUse
        {
            None,
            Predictions,
            Saved,
            LeavesTheMethod,
        }

        private static ModelUse Combine(ModelUse a, ModelUse b) => a > b ? a : b;

        /// <summary>What happens to the model a <c>Fit</c> (or a read of a local holding it) produces.</summary>
        private static ModelUse UseOfValue(IOperation value, INamedTypeSymbol modelCatalog, IOperation root, bool followLocals)
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
                    return UseAsArgument(argument, call, modelCatalog);
                case IInvocationOperation call when call.Instance == value:
                    // model.Transform(data), model.GetOutputSchema(schema): stays with ML.NET.
                    return MLNetSymbols.IsInMLNetNamespace(call.TargetMethod.ContainingType) ? ModelUse.None : ModelUse.LeavesTheMethod;
                case IPropertyReferenceOperation member when member.Instance == value:
                    return ModelUse.None;
                case IExpressionStatementOperation:
                    return ModelUse.None;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when followLocals:
                    return UseOfLocal(declarator.Symbol, modelCatalog, root);
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, IsRef: false } assignment
                    when followLocals && assignment.Value == value:
                    return UseOfLocal(target.Local, modelCatalog, root);
                case ISimpleAssignmentOperation assignment when assignment.Target == value:
                    return ModelUse.None; // the local is written, not read
                default:
                    return ModelUse.LeavesTheMethod; // returned, stored in a field, copied to another local, captured, ...
            }
        }

        private static ModelUse UseOfLocal(ILocalSymbol local, INamedTypeSymbol modelCatalog, IOperation root)
        {
            if (local.IsRef)
            {
                return ModelUse.LeavesTheMethod;
            }

            var use = ModelUse.None;
            foreach (var operation in root.Descendants())
            {
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    use = Combine(use, UseOfValue(reference, modelCatalog, root, followLocals: false));
                    if (use == ModelUse.LeavesTheMethod)
                    {
                        break;
                    }
                }
            }

            return use;
        }

        private static ModelUse UseAsArgument(IArgumentOperation argument, IInvocationOperation call, INamedTypeSymbol modelCatalog)
        {
            var method = call.TargetMethod;
            if (argument.Parameter is { RefKind: RefKind.None } parameter && ModelCatalogCalls.IsCatalogMethod(method, modelCatalog))
            {
                if (method.Name == ModelCatalogCalls.Save && parameter.Name == "model")
                {
                    return ModelUse.Saved;
                }

                if (method.Name == ModelCatalogCalls.CreatePredictionEngine && parameter.Ordinal == 0)
                {
                    return ModelUse.Predictions;
                }
            }

            return MLNetSymbols.IsInMLNetNamespace(method.ContainingType) && argument.Parameter?.RefKind == RefKind.None
                ? ModelUse.None
                : ModelUse.LeavesTheMethod;
        }

        /// <summary>The compilation's candidates and whether it evaluates anything; written from concurrent operation actions.</summary>
        private sealed class CompilationState
        {
            private int _evaluated;

            public ConcurrentBag<Diagnostic> Candidates { get; } = new ConcurrentBag<Diagnostic>();

            public bool IsEvaluated => Volatile.Read(ref _evaluated) != 0;

            public void MarkEvaluated() => Interlocked.Exchange(ref _evaluated, 1);

            public void Add(Diagnostic diagnostic) => Candidates.Add(diagnostic);
        }
    }
}
