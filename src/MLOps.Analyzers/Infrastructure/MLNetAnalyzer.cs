using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Infrastructure
{
    /// <summary>
    /// Base of every rule: resolves <see cref="MLNetSymbols"/> once per compilation and registers nothing
    /// when the compilation does not reference ML.NET. Generated code is not analysed.
    /// </summary>
    public abstract class MLNetAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(compilationContext =>
            {
                var symbols = MLNetSymbols.TryCreate(compilationContext.Compilation);
                if (symbols is not null)
                {
                    AnalyzeCompilation(compilationContext, symbols);
                }
            });
        }

        /// <summary>Called once per compilation that references ML.NET.</summary>
        private protected abstract void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols);
    }
}
