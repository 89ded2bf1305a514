using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Reproducibility
{
    /// <summary>
    /// MLO1005: an unseeded <see cref="System.Random"/> in a method that prepares ML.NET data.
    /// A Random that feeds an ML.NET seed is MLO1004's, not this rule's.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnseededSystemRandomAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.UnseededSystemRandom);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            if (symbols.SystemRandom is null)
            {
                return;
            }

            var sources = new SeedSources(context.Compilation);
            context.RegisterOperationBlockStartAction(blockContext =>
            {
                var state = new BlockState();
                blockContext.RegisterOperationAction(
                    operationContext =>
                    {
                        var operation = operationContext.Operation;
                        if (sources.IsUnseededRandomCreation(operation) || sources.IsSharedRandom(operation))
                        {
                            lock (state)
                            {
                                state.Randoms.Add(operation);
                            }
                        }
                        else if (operation is IInvocationOperation invocation && PreparesData(invocation.TargetMethod, symbols))
                        {
                            lock (state)
                            {
                                state.PreparesData = true;
                            }
                        }
                        else if (SeedSources.GetSeedValue(operation) is { } seed)
                        {
                            var visited = new HashSet<IOperation>();
                            sources.TryFind(seed, out _, out _, visited);
                            lock (state)
                            {
                                state.SeedInputs.UnionWith(visited);
                            }
                        }
                    },
                    OperationKind.ObjectCreation,
                    OperationKind.PropertyReference,
                    OperationKind.Invocation,
                    OperationKind.Argument,
                    OperationKind.SimpleAssignment);

                blockContext.RegisterOperationBlockEndAction(endContext =>
                {
                    if (!state.PreparesData)
                    {
                        return;
                    }

                    foreach (var random in state.Randoms)
                    {
                        if (!state.SeedInputs.Contains(random))
                        {
                            endContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnseededSystemRandom, random.Syntax.GetLocation()));
                        }
                    }
                });
            });
        }

        /// <summary>ML.NET data preparation: a data-operations catalog call, or any ML.NET call that yields an IDataView.</summary>
        private static bool PreparesData(IMethodSymbol method, MLNetSymbols symbols) =>
            symbols.IsDataOperation(method)
            || (MLNetSymbols.IsInMLNetNamespace(method.ContainingType) && SymbolEqualityComparer.Default.Equals(method.ReturnType, symbols.IDataView));

        private sealed class BlockState
        {
            public List<IOperation> Randoms { get; } = new List<IOperation>();

            public HashSet<IOperation> SeedInputs { get; } = new HashSet<IOperation>();

            public bool PreparesData { get; set; }
        }
    }
}
