using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Reproducibility
{
    /// <summary>MLO1001: an MLContext used for training is created without a seed.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnseededMLContextAnalyzer : MLContextFlowAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.UnseededMLContext);

        private protected override void Report(MLContextFlowAnalysis analysis, SymbolAnalysisContext context, MLNetSymbols symbols)
        {
            foreach (var creation in analysis.Creations)
            {
                if (creation.Seed.Kind == SeedKind.None && analysis.IsUsedForTraining(creation))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnseededMLContext, creation.Operation.Syntax.GetLocation()));
                }
            }
        }
    }
}
