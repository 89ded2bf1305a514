using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Serving
{
    /// <summary>
    /// MLO4002: <c>ml.Model.CreatePredictionEngine</c> or <c>ml.Model.Load</c> inside a loop body or a per-row LINQ lambda
    /// when the call does not depend on the iteration. Loop-invariance is the criterion: every value the call reads
    /// (receiver chain and arguments) must be provably the same on every iteration, and the engine or model must be
    /// used and dropped within the iteration (not stored: a loop that fills a pool of engines is not flagged).
    /// The loop or lambda comes from <see cref="PerItemCode"/>, what it repeats from <see cref="IterationScope"/>
    /// (built once per loop and shared by every call in it).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CreatedPerItemAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.CreatedPerItem);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            if (symbols.ModelOperationsCatalog is null)
            {
                return;
            }

            var concurrency = ConcurrencySymbols.Get(symbols);
            context.RegisterOperationAction(
                operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    var method = invocation.TargetMethod;
                    if (!IterationScope.IsModelCreation(method, concurrency)
                        || PerItemCode.FindIterationScope(invocation, concurrency) is not { } scope)
                    {
                        return;
                    }

                    var analysis = IterationScope.Get(scope, concurrency);
                    if (analysis.RunsAtMostOnce(invocation)
                        || !analysis.IsCallInvariant(invocation)
                        || !analysis.ResultLivesOneIteration(invocation))
                    {
                        return;
                    }

                    operationContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.CreatedPerItem, invocation.Syntax.GetLocation(), method.Name));
                },
                OperationKind.Invocation);
        }
    }
}
