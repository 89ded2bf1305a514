using System.Collections.Generic;
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
    /// (<c>ml.Model.Save</c>, <c>ml.Model.ConvertToOnnx</c>) or given to <c>CreatePredictionEngine</c>, in its method or in
    /// a helper of the project it is passed to, and is never evaluated. Reported at the <c>Fit</c>.
    /// </summary>
    /// <remarks>
    /// The model is followed (<see cref="ModelUses"/>) through locals and into the project's helpers, whose summaries say
    /// what they do with it: evaluated there counts as evaluated. An evaluation elsewhere is linked to the model it
    /// measures when its predictions come from <c>model.Transform(...)</c> of a <c>Fit</c> in its own method; any evaluation
    /// that cannot be linked so (a model loaded from a file, a parameter, <c>CrossValidate</c> of an estimator) may measure
    /// any model, and silences the rule for the whole project (precision first). A model whose trainer is also in an
    /// evaluated pipeline (evaluated on a split, then refitted on all the data) counts as evaluated. A model that leaves
    /// the method (returned, stored in a field or property, passed to code without a summary) is not reported: the code
    /// that receives it may evaluate it.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TrainedButNeverEvaluatedAnalyzer : MLNetAnalyzer
    {
        private const int MaxTraceDepth = 8;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.TrainedButNeverEvaluated);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            if (context.Compilation.GetTypeByMetadataName(ModelCatalogCalls.CatalogTypeName) is null)
            {
                return;
            }

            var calls = EvaluationCalls.Create(symbols);
            var chainSymbols = EstimatorChainSymbols.Get(symbols);
            var uses = ModelUses.Get(symbols);
            var state = new CompilationState();
            context.RegisterOperationAction(
                operationContext =>
                {
                    if (state.IsEvaluatedUnknown)
                    {
                        return; // the rule is silent for this project: nothing more to learn
                    }

                    var invocation = (IInvocationOperation)operationContext.Operation;
                    var method = invocation.TargetMethod;
                    var cancellationToken = operationContext.CancellationToken;
                    if (calls.IsAnyEvaluation(method))
                    {
                        if (TrainersMeasuredBy(invocation, calls, symbols, chainSymbols, cancellationToken) is { } measured)
                        {
                            state.AddEvaluated(measured);
                        }
                        else
                        {
                            state.MarkEvaluatedUnknown();
                        }

                        return;
                    }

                    if (!symbols.IsEstimatorFit(method) || invocation.Instance is not { } estimator)
                    {
                        return;
                    }

                    var trainers = TrainersOf(EstimatorChainAnalysis.StepsOf(estimator, chainSymbols, cancellationToken, out _));
                    if (trainers.Count == 0)
                    {
                        return;
                    }

                    var use = uses.UseOf(invocation);
                    if ((use & ModelUse.Leaves) != 0)
                    {
                        return;
                    }

                    if ((use & ModelUse.Evaluated) != 0)
                    {
                        state.AddEvaluated(trainers);
                        return;
                    }

                    if ((use & (ModelUse.Saved | ModelUse.Predictions)) != 0)
                    {
                        state.Add(new Candidate(
                            Diagnostic.Create(
                                DiagnosticDescriptors.TrainedButNeverEvaluated,
                                invocation.Syntax.GetLocation(),
                                (use & ModelUse.Saved) != 0 ? "saved" : "used for predictions"),
                            trainers));
                    }
                },
                OperationKind.Invocation);

            context.RegisterCompilationEndAction(endContext =>
            {
                foreach (var diagnostic in state.Unevaluated())
                {
                    endContext.ReportDiagnostic(diagnostic);
                }
            });
        }

        /// <summary>The trainer factories of a chain (<c>Regression.Trainers.Sdca</c>, ...), by their method.</summary>
        private static List<IMethodSymbol> TrainersOf(ImmutableArray<EstimatorStep> steps)
        {
            var trainers = new List<IMethodSymbol>();
            foreach (var step in steps)
            {
                if (step.Kind == EstimatorStepKind.Trainer)
                {
                    trainers.Add(step.Invocation.TargetMethod.OriginalDefinition);
                }
            }

            return trainers;
        }

        /// <summary>
        /// The trainers of the model an evaluation measures, when it can be followed: <c>ml.X.Evaluate(predictions)</c>
        /// where the predictions are <c>model.Transform(...)</c> and the model a <c>Fit</c> of a chain with a trainer, all in
        /// the method of the evaluation (through locals whose one reaching definition is known). Null otherwise.
        /// </summary>
        private static List<IMethodSymbol>? TrainersMeasuredBy(
            IInvocationOperation evaluation, EvaluationCalls calls, MLNetSymbols symbols, EstimatorChainSymbols chainSymbols, CancellationToken cancellationToken)
        {
            if (!calls.IsEvaluation(evaluation.TargetMethod) || !evaluation.TargetMethod.Name.StartsWith("Evaluate", System.StringComparison.Ordinal)
                || EstimatorChainSymbols.ArgumentFor(evaluation, "data") is not { } data)
            {
                return null;
            }

            var current = data.Value;
            var sawTransform = false;
            for (var depth = 0; depth < MaxTraceDepth; depth++)
            {
                switch (OperationHelpers.SkipConversions(current))
                {
                    case ILocalReferenceOperation local when LocalDefinitions.Reaching(local, cancellationToken) is { } definition:
                        current = definition.Value;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "Transform", Instance: { } model, Arguments.Length: 1 } transform
                        when !sawTransform && MLNetSymbols.IsInMLNetNamespace(transform.TargetMethod.ContainingType):
                        sawTransform = true;
                        current = model;
                        continue;
                    case IInvocationOperation fit when sawTransform && symbols.IsEstimatorFit(fit.TargetMethod) && fit.Instance is { } estimator:
                        var trainers = TrainersOf(EstimatorChainAnalysis.StepsOf(estimator, chainSymbols, cancellationToken, out _));
                        return trainers.Count == 0 ? null : trainers;
                    default:
                        return null;
                }
            }

            return null;
        }

        private sealed class Candidate
        {
            public Candidate(Diagnostic diagnostic, List<IMethodSymbol> trainers)
            {
                Diagnostic = diagnostic;
                Trainers = trainers;
            }

            public Diagnostic Diagnostic { get; }

            public List<IMethodSymbol> Trainers { get; }
        }

        /// <summary>The compilation's candidates and what it evaluates; written from concurrent operation actions.</summary>
        private sealed class CompilationState
        {
            private readonly object _gate = new object();
            private readonly List<Candidate> _candidates = new List<Candidate>();
            private readonly HashSet<IMethodSymbol> _evaluatedTrainers = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            private int _evaluatedUnknown;

            /// <summary>True once an evaluation of a model that cannot be followed is seen: it may measure any model.</summary>
            public bool IsEvaluatedUnknown => Volatile.Read(ref _evaluatedUnknown) != 0;

            public void MarkEvaluatedUnknown() => Interlocked.Exchange(ref _evaluatedUnknown, 1);

            public void AddEvaluated(List<IMethodSymbol> trainers)
            {
                lock (_gate)
                {
                    _evaluatedTrainers.UnionWith(trainers);
                }
            }

            public void Add(Candidate candidate)
            {
                lock (_gate)
                {
                    _candidates.Add(candidate);
                }
            }

            /// <summary>The candidates none of whose trainers is in an evaluated pipeline; none when some evaluation cannot be followed.</summary>
            public List<Diagnostic> Unevaluated()
            {
                var result = new List<Diagnostic>();
                if (IsEvaluatedUnknown)
                {
                    return result;
                }

                lock (_gate)
                {
                    foreach (var candidate in _candidates)
                    {
                        if (!candidate.Trainers.Exists(_evaluatedTrainers.Contains))
                        {
                            result.Add(candidate.Diagnostic);
                        }
                    }
                }

                return result;
            }
        }
    }
}
