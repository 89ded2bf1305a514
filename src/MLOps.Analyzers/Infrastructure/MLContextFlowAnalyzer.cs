using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Infrastructure
{
    /// <summary>
    /// Base of the rules that ask the <see cref="MLContextFlowAnalysis"/> model: it is collected for each named type and
    /// handed to <see cref="Report"/> when the type has been analysed.
    /// </summary>
    public abstract class MLContextFlowAnalyzer : MLNetAnalyzer
    {
        private protected sealed override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols) =>
            context.RegisterSymbolStartAction(
                typeContext => MLContextFlowAnalysis.Register(typeContext, symbols, (analysis, end) => Report(analysis, end, symbols)),
                SymbolKind.NamedType);

        private protected abstract void Report(MLContextFlowAnalysis analysis, SymbolAnalysisContext context, MLNetSymbols symbols);
    }
}
