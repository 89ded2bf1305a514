using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Infrastructure
{
    /// <summary>
    /// Base of the rules that ask the <see cref="MLContextFlowAnalysis"/> model: it is collected for each named type and
    /// handed to <see cref="Report"/> when the type has been analysed.
    /// <para>
    /// The only rules that keep a symbol-start/symbol-end pair (the others read a type whole with <see cref="TypeBlocks"/>
    /// where they must). Reading a type's blocks from a symbol action instead was measured on the 1,000-file workload
    /// (benchmarks/README.md): the driver's tracking of symbol ends went away, but the symbol action runs before the driver
    /// binds the members, so it bound every ML.NET type's members itself and was charged for it: the three rules reported
    /// 3.8 to 4.4 s instead of 0.8 to 1.3 s, for a compile that was not measurably faster. Here the blocks come from the
    /// driver, already bound.
    /// </para>
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
