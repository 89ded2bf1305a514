using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Data
{
    /// <summary>
    /// MLO2001: a data or model file path that starts at a machine-specific root (a drive letter, a UNC share, a home
    /// directory, <c>/mnt/</c>), passed to an ML.NET loader or to <c>Model.Save</c>/<c>Model.Load</c>. The path is read
    /// through <see cref="DataPaths"/>: literals, constants, <c>Path.Combine</c>/<c>Path.Join</c>/<c>+</c>, single-initializer
    /// locals, readonly fields, interpolations whose root is literal. A root that is computed is not flagged.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MachineSpecificDataPathAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.MachineSpecificDataPath);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var calls = new DataFileCalls(context.Compilation);
            var known = PathSymbols.Get(context.Compilation);
            context.RegisterOperationAction(operationContext => Analyze(operationContext, calls, known), OperationKind.Invocation, OperationKind.ObjectCreation);
        }

        private static void Analyze(OperationAnalysisContext context, DataFileCalls calls, PathSymbols known)
        {
            List<IOperation>? paths = null;
            calls.CollectPaths(context.Operation, includeModelFiles: true, ref paths);
            if (paths is null)
            {
                return;
            }

            foreach (var value in paths)
            {
                if (DataPaths.ReadWithHoles(value, known) is { } path
                    && DataPaths.GetMachineSpecificRoot(path.LeadingLiteral) is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MachineSpecificDataPath, value.Syntax.GetLocation(), path.Text));
                }
            }
        }
    }
}
