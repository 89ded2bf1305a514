using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// The baseline: an analyzer that asks for the operations of every invocation and object creation (so the driver
    /// binds every method body, as the real rules make it do) and does nothing with them. Configured like the rules:
    /// concurrent, generated code skipped.
    /// </summary>
    // Created by the benchmark itself, never loaded by a compiler: no [DiagnosticAnalyzer] attribute (RS1001).
#pragma warning disable RS1001
    internal sealed class EmptyAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
        // Never reported, and not a shipped rule: no release tracking (RS2008).
#pragma warning disable RS2008
        private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor(
            "BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
#pragma warning restore RS2008

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(static _ => { }, OperationKind.Invocation, OperationKind.ObjectCreation);
        }
    }
}
