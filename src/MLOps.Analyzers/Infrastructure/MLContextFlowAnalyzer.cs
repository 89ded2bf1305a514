using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Infrastructure
{
    /// <summary>
    /// Base of the rules that ask the <see cref="MLContextFlowAnalysis"/> model: once per named type whose syntax may need it
    /// (<see cref="MLNetSymbols.MayNeedContextFlow"/>), the model of the type (built by the first rule that asks, from the
    /// operation blocks of its members, <see cref="TypeBlocks"/>) is handed to <see cref="Report"/>.
    /// A symbol action, not a symbol-start/symbol-end pair: the pair makes the driver track the end of every type of the
    /// compilation for this analyzer, which cost more than the rules on code without ML.NET.
    /// </summary>
    public abstract class MLContextFlowAnalyzer : MLNetAnalyzer
    {
        private protected sealed override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols) =>
            context.RegisterSymbolAction(
                symbolContext =>
                {
                    if (symbolContext.Symbol is INamedTypeSymbol type && symbols.MayNeedContextFlow(type, symbolContext.CancellationToken))
                    {
                        Report(symbols.FlowOf(type, symbolContext.CancellationToken), symbolContext, symbols);
                    }
                },
                SymbolKind.NamedType);

        private protected abstract void Report(MLContextFlowAnalysis analysis, SymbolAnalysisContext context, MLNetSymbols symbols);
    }
}
