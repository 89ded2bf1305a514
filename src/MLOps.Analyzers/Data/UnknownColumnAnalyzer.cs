using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Data
{
    /// <summary>
    /// MLO2007: a constant column name given to a transform or trainer (<c>inputColumnName</c>, <c>inputColumnNames</c>,
    /// <c>labelColumnName</c>, <c>featureColumnName</c>, <c>exampleWeightColumnName</c>, <c>rowGroupColumnName</c>, the
    /// inputs of <c>InputOutputColumnPair</c>s) that is neither a column of the data class the chain is fitted on nor
    /// written by an earlier step of the chain. Only when every placement of the step is in a fully known chain, every
    /// earlier step's outputs are known and the fitted data comes from a loader with a data class in the same method.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnknownColumnAnalyzer : MLNetAnalyzer
    {
        /// <summary>Diagnostic property: the one known column within edit distance 2, for the code fix.</summary>
        public const string SuggestionProperty = "Suggestion";

        private const int MaxDistance = 2;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnknownColumn);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var schemaSymbols = DataSchemaSymbols.Get(symbols);
            if (schemaSymbols.Chain.InputOutputColumnPair is null)
            {
                return;
            }

            context.RegisterOperationAction(c => Analyze(c, schemaSymbols), OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, DataSchemaSymbols symbols)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!symbols.Chain.IsCatalogFactory(invocation))
            {
                return;
            }

            var names = ReadColumnArguments(invocation, symbols);
            if (names is null)
            {
                return;
            }

            DataSchema? schema = null;
            HashSet<string>? missing = null;
            List<string>? known = null;
            foreach (var placement in EstimatorChainAnalysis.PlacementsOf(invocation, symbols.Chain, context.CancellationToken))
            {
                if (!placement.IsFullyKnown || placement.FitInput is null
                    || DataClassLookup.DataClassOf(placement.FitInput, symbols, context.CancellationToken) is not { } dataClass
                    || DataSchema.Of(dataClass, symbols) is not { } placementSchema)
                {
                    return;
                }

                var available = new HashSet<string>();
                foreach (var column in placementSchema.Columns)
                {
                    available.Add(column.Name);
                }

                foreach (var step in placement.PrecedingSteps)
                {
                    if (!ChainColumns.TryAddOutputs(step, available))
                    {
                        return;
                    }
                }

                schema ??= placementSchema;
                known ??= new List<string>(available);
                var stillMissing = new HashSet<string>();
                foreach (var (name, _) in names)
                {
                    if (!available.Contains(name) && (missing is null || missing.Contains(name)))
                    {
                        stillMissing.Add(name);
                    }
                }

                missing = stillMissing;
            }

            if (schema is null || missing is null || known is null || missing.Count == 0)
            {
                return;
            }

            foreach (var (name, operation) in names)
            {
                if (!missing.Contains(name))
                {
                    continue;
                }

                var suggestion = Closest(name, known, out var unique);
                var properties = suggestion is not null && unique
                    ? ImmutableDictionary<string, string?>.Empty.Add(SuggestionProperty, suggestion)
                    : ImmutableDictionary<string, string?>.Empty;
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.UnknownColumn,
                    operation.Syntax.GetLocation(),
                    properties,
                    name,
                    schema.Type.Name,
                    suggestion is null ? string.Empty : "; did you mean '" + suggestion + "'?"));
            }
        }

        /// <summary>The constant column names the step reads, with the operations that hold them; null when there are none.</summary>
        private static List<(string Name, IOperation Operation)>? ReadColumnArguments(IInvocationOperation invocation, DataSchemaSymbols symbols)
        {
            List<(string, IOperation)>? names = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is not { } parameter)
                {
                    continue;
                }

                switch (parameter.Name)
                {
                    case "inputColumnName":
                    case "labelColumnName":
                    case "featureColumnName":
                    case "exampleWeightColumnName":
                    case "rowGroupColumnName":
                        if (parameter.Type.SpecialType == SpecialType.System_String)
                        {
                            Add(ref names, argument.Value);
                        }

                        break;
                    case "inputColumnNames":
                        if (parameter.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String })
                        {
                            foreach (var element in ChainColumns.InlineElements(argument.Value))
                            {
                                Add(ref names, element);
                            }
                        }

                        break;
                    case "columns":
                        if (parameter.Type is IArrayTypeSymbol { ElementType: var elementType }
                            && SymbolEqualityComparer.Default.Equals(elementType, symbols.Chain.InputOutputColumnPair))
                        {
                            foreach (var element in ChainColumns.InlineElements(argument.Value))
                            {
                                if (OperationHelpers.SkipConversions(element) is not IObjectCreationOperation pair)
                                {
                                    continue;
                                }

                                foreach (var pairArgument in pair.Arguments)
                                {
                                    if (pairArgument.Parameter?.Name == "inputColumnName" && pairArgument.ArgumentKind != ArgumentKind.DefaultValue)
                                    {
                                        Add(ref names, pairArgument.Value);
                                    }
                                }
                            }
                        }

                        break;
                }
            }

            return names;
        }

        private static void Add(ref List<(string, IOperation)>? names, IOperation value)
        {
            if (ChainColumns.ConstantString(value) is { } name)
            {
                (names ??= new List<(string, IOperation)>()).Add((name, value));
            }
        }

        /// <summary>The known column closest to <paramref name="name"/> within edit distance 2; <paramref name="unique"/> when no other is as close or within 2.</summary>
        private static string? Closest(string name, List<string> known, out bool unique)
        {
            string? best = null;
            var bestDistance = MaxDistance + 1;
            var within = 0;
            known.Sort(System.StringComparer.Ordinal);
            foreach (var candidate in known)
            {
                var distance = EditDistance(name, candidate, MaxDistance);
                if (distance > MaxDistance)
                {
                    continue;
                }

                within++;
                if (distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }

            unique = within == 1;
            return best;
        }

        /// <summary>Levenshtein distance, or a value above <paramref name="limit"/> as soon as it is certainly above it.</summary>
        private static int EditDistance(string a, string b, int limit)
        {
            if (System.Math.Abs(a.Length - b.Length) > limit)
            {
                return limit + 1;
            }

            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                var rowMin = current[0];
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = System.Math.Min(System.Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                    rowMin = System.Math.Min(rowMin, current[j]);
                }

                if (rowMin > limit)
                {
                    return limit + 1;
                }

                (previous, current) = (current, previous);
            }

            return previous[b.Length];
        }
    }
}
