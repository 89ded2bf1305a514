using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Performance
{
    /// <summary>
    /// MLO5001: a trainer whose documentation says "Is caching required? Yes" (KMeans, OneVersusAll, PairwiseCoupling) is
    /// trained by a fully known estimator chain with no effective <c>AppendCacheCheckpoint</c> before it, and the data the
    /// chain is fitted on is not visibly cached with <c>ml.Data.Cache</c>. Reported on the trainer call.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CacheCheckpointMissingAnalyzer : MLNetAnalyzer
    {
        /// <summary>Diagnostic property: which fix applies, <see cref="FixAppendCacheCheckpoint"/> or <see cref="FixCacheData"/>; absent when none does.</summary>
        public const string FixProperty = "Fix";

        /// <summary>
        /// Insert <c>.AppendCacheCheckpoint(context)</c> after the expression at additional location 0 (the estimator the
        /// trainer is appended to). Additional location 1 is the <c>MLContext</c> expression to pass.
        /// </summary>
        public const string FixAppendCacheCheckpoint = "AppendCacheCheckpoint";

        /// <summary>
        /// Wrap the data at additional location 0 (what the chain starting with the trainer is fitted on) in
        /// <c>context.Data.Cache(...)</c>. Additional location 1 is the <c>MLContext</c> expression.
        /// </summary>
        public const string FixCacheData = "CacheData";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.CacheCheckpointMissing);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var chainSymbols = EstimatorChainSymbols.Get(symbols);
            context.RegisterOperationAction(operationContext => Analyze(operationContext, chainSymbols), OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, EstimatorChainSymbols symbols)
        {
            var trainer = (IInvocationOperation)context.Operation;
            var method = trainer.TargetMethod;
            if (symbols.MLNet.GetTrainerFacts(method.ReturnType) is not { RequiresCaching: true } || !symbols.MLNet.IsTrainerFactory(method))
            {
                return;
            }

            var uncached = FindUncachedPlacements(trainer, symbols, context.CancellationToken);
            if (uncached.Count == 0)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            IEnumerable<Location>? additionalLocations = null;
            if (ChooseFix(trainer, uncached, symbols, context.CancellationToken) is { } fix)
            {
                properties = properties.Add(FixProperty, fix.Kind);
                additionalLocations = new[] { fix.Target.Syntax.GetLocation(), fix.Context.Syntax.GetLocation() };
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.CacheCheckpointMissing,
                trainer.Syntax.GetLocation(),
                additionalLocations,
                properties,
                method.Name));
        }

        /// <summary>
        /// The fully known placements with no effective checkpoint before the trainer. When the method shows where the chain
        /// is fitted, only the fits on data that is not cached count; with no visible fit, the chain itself is what counts.
        /// </summary>
        private static List<TrainerPlacement> FindUncachedPlacements(IInvocationOperation trainer, EstimatorChainSymbols symbols, CancellationToken cancellationToken)
        {
            var withoutCheckpoint = new List<TrainerPlacement>();
            var fittedOnUncachedData = new List<TrainerPlacement>();
            var anyVisibleFit = false;
            foreach (var placement in EstimatorChainAnalysis.PlacementsOf(trainer, symbols, cancellationToken))
            {
                if (!placement.IsFullyKnown || HasEffectiveCheckpoint(placement.PrecedingSteps))
                {
                    continue;
                }

                withoutCheckpoint.Add(placement);
                if (placement.FitInput is { } data)
                {
                    anyVisibleFit = true;
                    if (!EstimatorChainAnalysis.DescribeFitInput(data, symbols, cancellationToken).IsCached)
                    {
                        fittedOnUncachedData.Add(placement);
                    }
                }
            }

            return anyVisibleFit ? fittedOnUncachedData : withoutCheckpoint;
        }

        /// <summary>
        /// A checkpoint caches the output of the step before it; at the start of a chain there is nothing to cache
        /// (EstimatorChain.AppendCacheCheckpoint throws on an empty chain).
        /// </summary>
        private static bool HasEffectiveCheckpoint(ImmutableArray<EstimatorStep> steps)
        {
            var sawStep = false;
            foreach (var step in steps)
            {
                if (step.Kind != EstimatorStepKind.CacheCheckpoint)
                {
                    sawStep = true;
                }
                else if (sawStep)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The one unambiguous fix, if any: a checkpoint right before the Append that takes the trainer, when that Append's
        /// receiver has a step to cache (and every reported placement goes through that Append); or, when the trainer starts
        /// the only chain and that chain is fitted here, caching the data it is fitted on.
        /// </summary>
        private static (string Kind, IOperation Target, IOperation Context)? ChooseFix(
            IInvocationOperation trainer, List<TrainerPlacement> placements, EstimatorChainSymbols symbols, CancellationToken cancellationToken)
        {
            if (EstimatorChainAnalysis.FindContext(trainer, symbols) is not { } context)
            {
                return null;
            }

            var append = placements[0].AppendedBy;
            var sameAppend = append is not null;
            foreach (var placement in placements)
            {
                sameAppend &= placement.AppendedBy == append;
            }

            if (sameAppend && EstimatorChainSymbols.Receiver(append!) is { } receiver)
            {
                var steps = EstimatorChainAnalysis.StepsOf(receiver, symbols, cancellationToken, out var known);
                if (known && HasStep(steps))
                {
                    return (FixAppendCacheCheckpoint, receiver, context);
                }
            }

            if (placements.Count == 1 && placements[0] is { FitInput: { } data } only && !HasStep(only.PrecedingSteps))
            {
                return (FixCacheData, data, context);
            }

            return null;
        }

        private static bool HasStep(ImmutableArray<EstimatorStep> steps)
        {
            foreach (var step in steps)
            {
                if (step.Kind != EstimatorStepKind.CacheCheckpoint)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
