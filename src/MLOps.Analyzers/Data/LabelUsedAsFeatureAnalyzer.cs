using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Data
{
    /// <summary>
    /// MLO2003: the <c>Concatenate</c> that builds the trainer's feature column (its <c>featureColumnName</c>, default
    /// "Features") lists the trainer's label column (<c>labelColumnName</c>, default "Label") or a copy of it made with
    /// <c>CopyColumns</c> earlier in the chain. Only in fully known chains whose steps after the <c>Concatenate</c> are all
    /// known and do not rewrite the label or the features. Each input is reported once per method, however many trainers
    /// share the <c>Concatenate</c>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LabelUsedAsFeatureAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.LabelUsedAsFeature);

        /// <summary>
        /// The label and its copies (every name this rule reports in the <c>Concatenate</c>), separated by
        /// <see cref="LabelColumnsSeparator"/>: the code fix removes them all, so the fixes of one <c>Concatenate</c>'s
        /// diagnostics are the same edit and Fix All applies it once.
        /// </summary>
        public const string LabelColumnsProperty = "LabelColumns";

        /// <summary>Separates the names in <see cref="LabelColumnsProperty"/>.</summary>
        public const string LabelColumnsSeparator = "\n";

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
                        if (symbols.IsTrainerFactory(invocation.TargetMethod) && chainSymbols.IsCatalogFactory(invocation))
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

                    var reported = new HashSet<Location>();
                    foreach (var trainer in found)
                    {
                        Analyze(c, trainer, chainSymbols, reported);
                    }
                });
            });
        }

        private static void Analyze(OperationBlockAnalysisContext context, IInvocationOperation trainer, EstimatorChainSymbols symbols, HashSet<Location> reported)
        {
            if (ChainColumns.TrainerColumn(trainer, "labelColumnName", "LabelColumnName", ChainColumns.DefaultLabel) is not { } label
                || ChainColumns.TrainerColumn(trainer, "featureColumnName", "FeatureColumnName", ChainColumns.DefaultFeatures) is not { } features)
            {
                return;
            }

            foreach (var placement in EstimatorChainAnalysis.PlacementsOf(trainer, symbols, context.CancellationToken))
            {
                if (!placement.IsFullyKnown || FeatureConcatenation(placement.PrecedingSteps, features, label) is not { } concatenation)
                {
                    continue;
                }

                if (LabelAliases(placement.PrecedingSteps, concatenation, label) is not { } aliases)
                {
                    continue;
                }

                var concatenate = placement.PrecedingSteps[concatenation].Invocation;
                if (EstimatorChainSymbols.ArgumentFor(concatenate, "inputColumnNames") is not { } inputs)
                {
                    continue;
                }

                ImmutableDictionary<string, string?>? properties = null;
                foreach (var element in ChainColumns.InlineElements(inputs.Value))
                {
                    if (ChainColumns.ConstantString(element) is { } name && aliases.Contains(name))
                    {
                        var location = element.Syntax.GetLocation();
                        if (reported.Add(location))
                        {
                            properties ??= ImmutableDictionary<string, string?>.Empty.Add(LabelColumnsProperty, string.Join(LabelColumnsSeparator, aliases.OrderBy(alias => alias, StringComparer.Ordinal)));
                            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LabelUsedAsFeature, location, properties, label));
                        }
                    }
                }
            }
        }

        /// <summary>
        /// The index of the <c>Concatenate</c> that last writes the feature column, when every step after it is known and
        /// none of them writes the features again or puts something else into the label column.
        /// </summary>
        private static int? FeatureConcatenation(ImmutableArray<EstimatorStep> steps, string features, string label)
        {
            var scratch = new HashSet<string>();
            for (var i = steps.Length - 1; i >= 0; i--)
            {
                var step = steps[i];
                scratch.Clear();
                if (!ChainColumns.TryAddOutputs(step, scratch))
                {
                    return null;
                }

                if (scratch.Contains(features))
                {
                    return step.Kind == EstimatorStepKind.Transform && step.Method.Name == "Concatenate" && MLNetSymbols.IsInMLNetNamespace(step.Method.ContainingType)
                        ? i
                        : null;
                }

                if (scratch.Contains(label) && !WritesInPlace(step, label))
                {
                    return null; // the trainer's label is not the column the features were built from
                }
            }

            return null;
        }

        private static bool WritesInPlace(EstimatorStep step, string column)
        {
            foreach (var mapping in step.Columns.IsDefault ? ImmutableArray<ColumnMapping>.Empty : step.Columns)
            {
                if (mapping.Output == column)
                {
                    return !mapping.Inputs.IsDefault && mapping.Inputs.Length == 1 && mapping.Inputs[0] == column;
                }
            }

            return false;
        }

        /// <summary>
        /// The columns that hold the label's values at the concatenation: the label itself and its copies. Followed in
        /// step order, so a copy that a later step overwrites (or a label column replaced by another column) no longer
        /// counts. Null when a step before the concatenation writes columns the model cannot name.
        /// </summary>
        private static HashSet<string>? LabelAliases(ImmutableArray<EstimatorStep> steps, int concatenation, string label)
        {
            // Each column's "value identity": its own name until a step writes it; a copy shares its source's identity.
            var identity = new Dictionary<string, string>();
            string IdentityOf(string column) => identity.TryGetValue(column, out var id) ? id : "column:" + column;

            var scratch = new HashSet<string>();
            for (var i = 0; i < concatenation; i++)
            {
                var step = steps[i];
                if (step.Method.Name == "CopyColumns" && !step.Columns.IsDefault)
                {
                    var updates = new List<KeyValuePair<string, string>>();
                    foreach (var mapping in step.Columns)
                    {
                        var source = !mapping.Inputs.IsDefault && mapping.Inputs.Length == 1
                            ? IdentityOf(mapping.Inputs[0])
                            : "step:" + i + ":" + mapping.Output;
                        updates.Add(new KeyValuePair<string, string>(mapping.Output, source));
                    }

                    foreach (var update in updates)
                    {
                        identity[update.Key] = update.Value;
                    }

                    continue;
                }

                scratch.Clear();
                if (!ChainColumns.TryAddOutputs(step, scratch))
                {
                    return null;
                }

                foreach (var output in scratch)
                {
                    identity[output] = "step:" + i + ":" + output;
                }
            }

            var labelIdentity = IdentityOf(label);
            var candidates = new HashSet<string>(identity.Keys) { label };
            if (labelIdentity.StartsWith("column:", System.StringComparison.Ordinal))
            {
                candidates.Add(labelIdentity.Substring("column:".Length));
            }

            var aliases = new HashSet<string>();
            foreach (var candidate in candidates)
            {
                if (IdentityOf(candidate) == labelIdentity)
                {
                    aliases.Add(candidate);
                }
            }

            return aliases;
        }
    }
}
