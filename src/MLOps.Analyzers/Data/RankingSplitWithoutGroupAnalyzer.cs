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
    /// trainer's <c>Fit</c> (or <c>Preview</c>, <c>CrossValidate</c>) through locals (every definition that can reach the
    /// read), <c>?:</c>/<c>??</c>, row operations and <c>foreach</c> over the folds. Every split on the way is checked: a
    /// validation set split off the training part of an earlier split makes two splits, each of which must keep groups whole. <c>ml.Ranking.CrossValidate</c> is not flagged: it uses its <c>rowGroupColumnName</c> as the
    /// sampling key itself.
    /// In a method with a split without sampling key, the trainer may also be elsewhere: in a chain a factory returns
    /// (<see cref="EstimatorChainAnalysis.StepsOf"/> at each fit of the method), in a helper of the project the split part
    /// is passed to (<see cref="FittedData"/>: the trainers a method fits on its parameter), or in another member of the
    /// type that fits a field the split part is stored in, when that is the field's only write
    /// (<see cref="MethodSummaries.SingleWriteOf"/>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RankingSplitWithoutGroupAnalyzer : MLNetAnalyzer
    {
        /// <summary>How many operations the search for splits visits from one trainer input.</summary>
        private const int MaxSteps = 64;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.RankingSplitWithoutGroup);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var chainSymbols = EstimatorChainSymbols.Get(symbols);
            context.RegisterOperationBlockStartAction(blockContext =>
            {
                var gate = new object();
                List<IInvocationOperation>? trainers = null;
                List<IInvocationOperation>? fits = null;
                List<IArgumentOperation>? helperArguments = null;
                List<ISimpleAssignmentOperation>? fieldWrites = null;
                var hasUnkeyedSplit = false;
                blockContext.RegisterOperationAction(
                    c =>
                    {
                        var invocation = (IInvocationOperation)c.Operation;
                        var method = invocation.TargetMethod;
                        if (symbols.IsTrainerFactory(method)
                            && ChainColumns.TaskOf(method) == TrainerTask.Ranking
                            && chainSymbols.IsCatalogFactory(invocation))
                        {
                            lock (gate)
                            {
                                (trainers ??= new List<IInvocationOperation>()).Add(invocation);
                            }
                        }
                        else if (method.Name is "TrainTestSplit" or "CrossValidationSplit" && symbols.IsDataOperation(method))
                        {
                            if (!HasSamplingKey(invocation))
                            {
                                lock (gate)
                                {
                                    hasUnkeyedSplit = true;
                                }
                            }
                        }
                        else if (EstimatorChainAnalysis.TryGetFit(invocation, chainSymbols, out _, out _))
                        {
                            lock (gate)
                            {
                                (fits ??= new List<IInvocationOperation>()).Add(invocation);
                            }
                        }
                        else if (!MLNetSymbols.IsInMLNetNamespace(method.ContainingType) && method.DeclaringSyntaxReferences.Length == 1)
                        {
                            foreach (var argument in invocation.Arguments)
                            {
                                if (argument is { ArgumentKind: ArgumentKind.Explicit, Parameter: { RefKind: RefKind.None } parameter }
                                    && (SymbolEqualityComparer.Default.Equals(parameter.Type, symbols.IDataView)
                                        || SymbolEqualityComparer.Default.Equals(parameter.Type, chainSymbols.TrainTestData)))
                                {
                                    lock (gate)
                                    {
                                        (helperArguments ??= new List<IArgumentOperation>()).Add(argument);
                                    }
                                }
                            }
                        }
                    },
                    OperationKind.Invocation);
                blockContext.RegisterOperationAction(
                    c =>
                    {
                        if (c.Operation is ISimpleAssignmentOperation { IsRef: false, Target: IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } target } assignment
                            && SymbolEqualityComparer.Default.Equals(target.Field.Type, symbols.IDataView))
                        {
                            lock (gate)
                            {
                                (fieldWrites ??= new List<ISimpleAssignmentOperation>()).Add(assignment);
                            }
                        }
                    },
                    OperationKind.SimpleAssignment);
                blockContext.RegisterOperationBlockEndAction(c =>
                {
                    List<IInvocationOperation>? found;
                    List<IInvocationOperation>? fitCalls;
                    List<IArgumentOperation>? arguments;
                    List<ISimpleAssignmentOperation>? writes;
                    bool unkeyed;
                    lock (gate)
                    {
                        found = trainers;
                        fitCalls = fits;
                        arguments = helperArguments;
                        writes = fieldWrites;
                        unkeyed = hasUnkeyedSplit;
                    }

                    if (found is null && !unkeyed)
                    {
                        return; // no ranking trainer here, and no split to judge
                    }

                    var reported = new HashSet<IInvocationOperation>();
                    var reachingDefinitions = new ReachingDefinitions();
                    void Report(IOperation data, IInvocationOperation trainer)
                    {
                        foreach (var split in SplitsOf(data, chainSymbols, reachingDefinitions, c.CancellationToken))
                        {
                            if (!HasSamplingKey(split) && reported.Add(split))
                            {
                                c.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RankingSplitWithoutGroup, split.Syntax.GetLocation(), GroupColumn(trainer)));
                            }
                        }
                    }

                    foreach (var trainer in found ?? new List<IInvocationOperation>())
                    {
                        foreach (var placement in EstimatorChainAnalysis.PlacementsOf(trainer, chainSymbols, c.CancellationToken))
                        {
                            if (placement.FitInput is not { } data)
                            {
                                continue;
                            }

                            Report(data, trainer);
                        }
                    }

                    if (unkeyed)
                    {
                        // A chain built elsewhere (a factory) and fitted here, and data handed to a helper of the project
                        // that fits it: only in a method with a split to judge.
                        foreach (var fit in fitCalls ?? new List<IInvocationOperation>())
                        {
                            if (EstimatorChainAnalysis.TryGetFit(fit, chainSymbols, out var estimator, out var data)
                                && RankingTrainer(EstimatorChainAnalysis.StepsOf(estimator, chainSymbols, c.CancellationToken, out _)) is { } trainer)
                            {
                                Report(data, trainer);
                            }
                        }

                        if (arguments is not null)
                        {
                            var fitted = FittedData.Get(symbols);
                            foreach (var argument in arguments)
                            {
                                if (argument.Parameter is { ContainingSymbol: IMethodSymbol helper } parameter
                                    && RankingTrainer(fitted.TrainersFittedOn(helper, parameter.Ordinal, c.CancellationToken)) is { } trainer)
                                {
                                    Report(argument.Value, trainer);
                                }
                            }
                        }

                        if (writes is not null)
                        {
                            // A split part stored in a field that nothing else writes, fitted by another member of the type.
                            var fitted = FittedData.Get(symbols);
                            var summaries = MethodSummaries.Get(symbols.Compilation);
                            foreach (var write in writes)
                            {
                                var field = ((IFieldReferenceOperation)write.Target).Field;
                                if (summaries.SingleWriteOf(field) is { } single
                                    && single.SyntaxTree == write.Syntax.SyntaxTree && single.Span == write.Syntax.Span
                                    && RankingTrainer(fitted.TrainersFittedOn(field, c.CancellationToken)) is { } trainer)
                                {
                                    Report(write.Value, trainer);
                                }
                            }
                        }
                    }
                });
            });
        }

        /// <summary>
        /// Every <c>TrainTestSplit</c>/<c>CrossValidationSplit</c> a part of which the data may be, within the method: on
        /// every definition of a local that can reach the read (over the control-flow graph), both branches of a
        /// <c>?:</c> or <c>??</c>, and the splits the split data itself came from (a validation set split off a training set).
        /// </summary>
        private static List<IInvocationOperation> SplitsOf(IOperation data, EstimatorChainSymbols symbols, ReachingDefinitions reachingDefinitions, CancellationToken cancellationToken)
        {
            var splits = new List<IInvocationOperation>();
            var pending = new Stack<IOperation>();
            var seen = new HashSet<IOperation>();
            pending.Push(data);
            for (var budget = MaxSteps; pending.Count > 0 && budget > 0; budget--)
            {
                var current = OperationHelpers.SkipConversions(pending.Pop());
                if (!seen.Add(current))
                {
                    continue;
                }

                switch (current)
                {
                    case ILocalReferenceOperation local:
                        if (ForEachCollection(local) is { } collection)
                        {
                            pending.Push(collection);
                        }
                        else
                        {
                            PushDefinitions(local, pending, reachingDefinitions, cancellationToken);
                        }

                        continue;
                    case IMemberReferenceOperation { Instance: { } instance } member
                        when SymbolEqualityComparer.Default.Equals(member.Member.ContainingType, symbols.TrainTestData):
                        pending.Push(instance); // split.TrainSet, fold.TrainSet
                        continue;
                    case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } list }:
                        pending.Push(list); // folds[i]
                        continue;
                    case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                        pending.Push(conditional.WhenTrue);
                        pending.Push(whenFalse);
                        continue;
                    case ICoalesceOperation coalesce:
                        pending.Push(coalesce.Value);
                        pending.Push(coalesce.WhenNull);
                        continue;
                    case IInvocationOperation invocation when symbols.MLNet.IsDataOperation(invocation.TargetMethod):
                        var method = invocation.TargetMethod;
                        if (method.Name is "TrainTestSplit" or "CrossValidationSplit")
                        {
                            splits.Add(invocation);
                            if (EstimatorChainSymbols.ArgumentFor(invocation, "data") is { } splitData)
                            {
                                pending.Push(splitData.Value); // a split of a part of an earlier split
                            }

                            continue;
                        }

                        if (EstimatorChainSymbols.ArgumentFor(invocation, "input") is { } input
                            && method.Name is "ShuffleRows" or "Cache" or "TakeRows" or "SkipRows" or "FilterRowsByColumn" or "FilterRowsByMissingValues")
                        {
                            pending.Push(input.Value);
                        }

                        continue;
                }
            }

            return splits;
        }

        /// <summary>The values of every definition of the local that can reach the read; the single one when the graph cannot tell.</summary>
        private static void PushDefinitions(ILocalReferenceOperation local, Stack<IOperation> pending, ReachingDefinitions reachingDefinitions, CancellationToken cancellationToken)
        {
            if (reachingDefinitions.Reaching(local, cancellationToken) is { } definitions && local.SemanticModel is { } semanticModel)
            {
                foreach (var definition in definitions)
                {
                    if (semanticModel.GetOperation(definition.Value, cancellationToken) is { } value)
                    {
                        pending.Push(value);
                    }
                }

                return;
            }

            if (LocalDefinitions.Reaching(local, cancellationToken) is { } single)
            {
                pending.Push(single.Value);
            }
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

        /// <summary>The first ranking trainer of a fitted chain's steps.</summary>
        private static IInvocationOperation? RankingTrainer(System.Collections.Generic.IEnumerable<EstimatorStep> steps)
        {
            foreach (var step in steps)
            {
                if (step.Kind == EstimatorStepKind.Trainer && ChainColumns.TaskOf(step.Method) == TrainerTask.Ranking)
                {
                    return step.Invocation;
                }
            }

            return null;
        }

        /// <summary>The first ranking trainer among the trainers a helper fits.</summary>
        private static IInvocationOperation? RankingTrainer(ImmutableArray<IInvocationOperation> trainers)
        {
            foreach (var trainer in trainers)
            {
                if (ChainColumns.TaskOf(trainer.TargetMethod) == TrainerTask.Ranking)
                {
                    return trainer;
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
