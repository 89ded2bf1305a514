using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Reproducibility
{
    /// <summary>MLO1004: a seed of ML.NET taken from the clock, a GUID or an unseeded Random.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ClockOrGuidSeedAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.ClockOrGuidSeed);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var sources = new SeedSources(context.Compilation);
            context.RegisterOperationBlockStartAction(blockContext =>
            {
                // A local that feeds two seeds is reported once, at its initializer.
                var reported = new HashSet<IOperation>();
                blockContext.RegisterOperationAction(
                    operationContext =>
                    {
                        if (SeedSources.GetSeedValue(operationContext.Operation) is not { } value
                            || !sources.TryFind(value, out var origin, out var description))
                        {
                            return;
                        }

                        lock (reported)
                        {
                            if (!reported.Add(origin))
                            {
                                return;
                            }
                        }

                        operationContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ClockOrGuidSeed, origin.Syntax.GetLocation(), description));
                    },
                    OperationKind.Argument,
                    OperationKind.SimpleAssignment);
            });
        }
    }
}
