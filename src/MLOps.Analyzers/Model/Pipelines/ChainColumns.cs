using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>The ML task of a trainer, read from the catalog it is created on.</summary>
    internal enum TrainerTask
    {
        Unknown,
        Regression,
        BinaryClassification,
        MulticlassClassification,
        Clustering,
        Ranking,
        AnomalyDetection,
    }

    /// <summary>
    /// The columns the steps of a fully known estimator chain produce: the outputs of transforms read by
    /// <see cref="EstimatorColumns"/> (constants, <c>nameof</c>, const fields; <c>CopyColumns</c>, <c>Concatenate</c>, in-place
    /// transforms whose input is null) and the default output columns of trainers by task.
    /// </summary>
    internal static class ChainColumns
    {
        /// <summary>The column a trainer reads its label from when no argument names one (ML.NET's DefaultColumnNames.Label).</summary>
        public const string DefaultLabel = "Label";

        public const string DefaultFeatures = "Features";

        public const string DefaultGroupId = "GroupId";

        public static TrainerTask TaskOf(IMethodSymbol trainerFactory)
        {
            var receiverType = trainerFactory.IsExtensionMethod
                ? (trainerFactory.ReducedFrom ?? trainerFactory).Parameters is { Length: > 0 } parameters ? parameters[0].Type : null
                : trainerFactory.ContainingType;
            return receiverType?.Name switch
            {
                "RegressionTrainers" => TrainerTask.Regression,
                "BinaryClassificationTrainers" => TrainerTask.BinaryClassification,
                "MulticlassClassificationTrainers" => TrainerTask.MulticlassClassification,
                "ClusteringTrainers" => TrainerTask.Clustering,
                "RankingTrainers" => TrainerTask.Ranking,
                "AnomalyDetectionTrainers" => TrainerTask.AnomalyDetection,
                _ => TrainerTask.Unknown,
            };
        }

        /// <summary>
        /// Adds the columns <paramref name="step"/> writes to <paramref name="columns"/>; false when they are not known.
        /// Binary classification always adds <c>Probability</c>: only calibrated trainers write it, and assuming a column
        /// exists can only make a rule quieter.
        /// </summary>
        public static bool TryAddOutputs(EstimatorStep step, HashSet<string> columns)
        {
            switch (step.Kind)
            {
                case EstimatorStepKind.CacheCheckpoint:
                    return true;
                case EstimatorStepKind.Transform:
                    if (step.Columns.IsDefault)
                    {
                        return false;
                    }

                    foreach (var column in step.Columns)
                    {
                        columns.Add(column.Output);
                    }

                    return true;
                default:
                    return TryAddTrainerOutputs(step.Invocation, columns);
            }
        }

        private static bool TryAddTrainerOutputs(IInvocationOperation trainer, HashSet<string> columns)
        {
            var renamed = false;
            foreach (var argument in trainer.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null)
                {
                    continue;
                }

                if (parameter.Name is "scoreColumnName" or "predictedLabelColumnName")
                {
                    if (OperationHelpers.SkipConversions(argument.Value).ConstantValue is not { HasValue: true, Value: string name })
                    {
                        return false;
                    }

                    columns.Add(name);
                    renamed = true;
                }
                else if (TrainerOptionsAnalysis.HasMember(parameter.Type, "ScoreColumnName") || TrainerOptionsAnalysis.HasMember(parameter.Type, "PredictedLabelColumnName"))
                {
                    return false; // options that may rename the outputs
                }
            }

            switch (TaskOf(trainer.TargetMethod))
            {
                case TrainerTask.Regression:
                case TrainerTask.Ranking:
                    columns.Add("Score");
                    return true;
                case TrainerTask.BinaryClassification:
                    columns.Add("Score");
                    columns.Add("PredictedLabel");
                    columns.Add("Probability");
                    return true;
                case TrainerTask.MulticlassClassification:
                case TrainerTask.Clustering:
                case TrainerTask.AnomalyDetection:
                    if (!renamed)
                    {
                        columns.Add("Score");
                        columns.Add("PredictedLabel");
                    }

                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The constant string argument of the trainer for <paramref name="parameterName"/>, its default when the argument is
        /// left out, or the member of an options object created inline (<paramref name="optionName"/>; the default when it is
        /// not set). Null when the trainer has no such parameter or the value is not a constant.
        /// </summary>
        public static string? TrainerColumn(IInvocationOperation trainer, string parameterName, string optionName, string defaultName)
        {
            foreach (var argument in trainer.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null || EstimatorChainSymbols.IsReceiverArgument(argument, trainer))
                {
                    continue;
                }

                if (parameter.Name == parameterName)
                {
                    return OperationHelpers.SkipConversions(argument.Value).ConstantValue is { HasValue: true, Value: string name } ? name : null;
                }

                if (TrainerOptionsAnalysis.HasMember(parameter.Type, optionName))
                {
                    if (OperationHelpers.SkipConversions(argument.Value) is not IObjectCreationOperation creation)
                    {
                        return null;
                    }

                    if (creation.Initializer is not null)
                    {
                        foreach (var initializer in creation.Initializer.Initializers)
                        {
                            if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment && target.Member.Name == optionName)
                            {
                                return OperationHelpers.SkipConversions(assignment.Value).ConstantValue is { HasValue: true, Value: string name } ? name : null;
                            }
                        }
                    }

                    return defaultName;
                }
            }

            return null;
        }

        /// <summary>The constant strings of a column-list argument written inline (<c>params</c> or <c>new[] { ... }</c>), with the operations that hold them.</summary>
        public static ImmutableArray<IOperation> InlineElements(IOperation value)
        {
            if (OperationHelpers.SkipConversions(value) is IArrayCreationOperation { Initializer: { } initializer })
            {
                return initializer.ElementValues;
            }

            return ImmutableArray<IOperation>.Empty;
        }

        public static string? ConstantString(IOperation value) =>
            OperationHelpers.SkipConversions(value).ConstantValue is { HasValue: true, Value: string text } ? text : null;
    }
}
