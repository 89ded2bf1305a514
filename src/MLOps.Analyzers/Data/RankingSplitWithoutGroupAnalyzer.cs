using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Data
{
    /// <summary>
    /// MLO2005: <c>TrainTestSplit</c> or <c>CrossValidationSplit</c> without <c>samplingKeyColumnName</c> on data that a
    /// ranking trainer (<c>ml.Ranking.Trainers.*</c>) in the same method is fitted on: a part of the split reaches the
    /// trainer's <c>Fit</c> (or <c>Preview</c>, <c>CrossValidate</c>) through locals, row operations and <c>foreach</c>
    /// over the folds. <c>ml.Ranking.CrossValidate</c> is not flagged: it uses its <c>rowGroupColumnName</c> as the
    /// sampling key itself.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RankingSplitWithoutGroupAnalyzer : MLNetAnalyzer
    {
        private const int MaxDepth = 16;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.RankingSplitWithoutGroup);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var chainSymbols = EstimatorChainSymbols.Get(symbols);
            context.RegisterOperationBlockStartAction(blockContext =>
            {
                var gate = new object();
                List<IInvocationOperation>? trainers = null;
                blockContext.RegisterOperationAction(
                    c =>
                    {
                        var invocation = (IInvocationOperation)c.Operation;
                        if (symbols.IsTrainerFactory(invocation.TargetMethod)
                            && ChainColumns.TaskOf(invocation.TargetMethod) == TrainerTask.Ranking
                            && chainSymbols.IsCatalogFactory(invocation))
                        {
                            lock (gate)
                            {
                                (trainers ??= new List<IInvocationOperation>()).Add(invocation);
                            }
                        }
                    },
                    OperationKind.Invocation);
                blockContext.RegisterOperationBlockEndAction(c =>
                {
                    List<IInvocationOperation>? found;
                    lock (gate)
                    {
                        found = trainers;
                    }

                    if (found is null)
                    {
                        return;
                    }

                    var reported = new HashSet<IInvocationOperation>();
                    foreach (var trainer in found)
                    {
                        foreach (var placement in EstimatorChainAnalysis.PlacementsOf(trainer, chainSymbols, c.CancellationToken))
                        {
                            if (placement.FitInput is { } data
                                && SplitOf(data, chainSymbols, c.CancellationToken) is { } split
                                && !HasSamplingKey(split)
                                && reported.Add(split))
                            {
                                c.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RankingSplitWithoutGroup, split.Syntax.GetLocation(), GroupColumn(trainer)));
                            }
                        }
                    }
                });
            });
        }

        /// <summary>The <c>TrainTestSplit</c>/<c>CrossValidationSplit</c> a part of which the data is, within the method.</summary>
        private static IInvocationOperation? SplitOf(IOperation data, EstimatorChainSymbols symbols, CancellationToken cancellationToken)
        {
            var current = data;
            for (var depth = 0; depth < MaxDepth; depth++)
            {
                switch (OperationHelpers.SkipConversions(current))
                {
                    case ILocalReferenceOperation local:
                        if (LocalDefinitions.Reaching(local, cancellationToken) is { } definition)
                        {
                            current = definition.Value;
                            continue;
                        }

                        if (ForEachCollection(local) is not { } collection)
                        {
                            return null;
                        }

                        current = collection;
                        continue;
                    case IMemberReferenceOperation { Instance: { } instance } member
                        when SymbolEqualityComparer.Default.Equals(member.Member.ContainingType, symbols.TrainTestData):
                        current = instance; // split.TrainSet, fold.TrainSet
                        continue;
                    case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } list }:
                        current = list; // folds[i]
                        continue;
                    case IInvocationOperation invocation when symbols.MLNet.IsDataOperation(invocation.TargetMethod):
                        var method = invocation.TargetMethod;
                        if (method.Name is "TrainTestSplit" or "CrossValidationSplit")
                        {
                            return invocation;
                        }

                        if (EstimatorChainSymbols.ArgumentFor(invocation, "input") is { } input
                            && method.Name is "ShuffleRows" or "Cache" or "TakeRows" or "SkipRows" or "FilterRowsByColumn" or "FilterRowsByMissingValues")
                        {
                            current = input.Value;
                            continue;
                        }

                        return null;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The collection of the <c>foreach</c> that declares the local as its iteration variable.</summary>
        private static IOperation? ForEachCollection(ILocalReferenceOperation local)
        {
            for (var parent = local.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IForEachLoopOperation loop)
                {
                    foreach (var declared in loop.Locals)
                    {
                        if (SymbolEqualityComparer.Default.Equals(declared, local.Local))
                        {
                            return loop.Collection;
                        }
                    }
                }
            }

            return null;
        }

        private static bool HasSamplingKey(IInvocationOperation split)
        {
            var argument = EstimatorChainSymbols.ArgumentFor(split, "samplingKeyColumnName");
            if (argument is null)
            {
                return true; // an overload without the parameter: not ours to judge
            }

            return argument.ArgumentKind != ArgumentKind.DefaultValue
                && OperationHelpers.SkipConversions(argument.Value).ConstantValue is not { HasValue: true, Value: null };
        }

        private static string GroupColumn(IInvocationOperation trainer) =>
            ChainColumns.TrainerColumn(trainer, "rowGroupColumnName", "RowGroupColumnName", ChainColumns.DefaultGroupId)
            ?? EstimatorChainSymbols.ArgumentFor(trainer, "rowGroupColumnName")?.Value.Syntax.ToString()
            ?? ChainColumns.DefaultGroupId;
    }
}
