using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Reproducibility
{
    /// <summary>MLO1001: an MLContext used for training is created without a seed.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnseededMLContextAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.UnseededMLContext);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            context.RegisterSymbolStartAction(
                typeContext => MLContextFlowAnalysis.Register(typeContext, symbols, Report),
                SymbolKind.NamedType);
        }

        private static void Report(MLContextFlowAnalysis analysis, SymbolAnalysisContext context)
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
