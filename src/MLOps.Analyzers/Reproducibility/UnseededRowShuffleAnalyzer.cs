using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Reproducibility
{
    /// <summary>MLO1003: ShuffleRows/BootstrapSample without a seed, reached by a context that is not provably seeded.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnseededRowShuffleAnalyzer : MLContextFlowAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.UnseededRowShuffle);

        private protected override void Report(MLContextFlowAnalysis analysis, SymbolAnalysisContext context, MLNetSymbols symbols)
        {
            foreach (var call in analysis.SamplingCalls)
            {
                var seed = SeedInfo.FromArgument(SeedInfo.FindSeedArgument(call.Invocation.Arguments));
                if (seed.Kind == SeedKind.None && !analysis.IsProvablySeeded(call.Root))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UnseededRowShuffle,
                        call.Invocation.Syntax.GetLocation(),
                        call.Invocation.TargetMethod.Name));
                }
            }
        }
    }
}
