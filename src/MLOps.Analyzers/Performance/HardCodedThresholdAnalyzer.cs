using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Performance
{
    /// <summary>
    /// MLO5004: a decision threshold written into the code.
    /// <list type="bullet">
    /// <item><c>ChangeModelThreshold(model, 0.7f)</c> of the binary-classification or anomaly-detection catalog with a
    /// compile-time constant threshold (a literal or a <c>const</c>).</item>
    /// <item>A comparison (<c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>, or the same relational pattern) of a
    /// prediction's <c>Probability</c> or <c>Score</c> with such a constant, other than 0 and 0.5, the cut-offs
    /// ML.NET already applies (see the rule's page).</item>
    /// </list>
    /// A member counts as a prediction's <c>Probability</c>/<c>Score</c> when its column (the <c>[ColumnName]</c>, else
    /// the member name) is <c>Probability</c>/<c>Score</c>, it is a <c>float</c> or <c>double</c>, and its class is
    /// visibly a classifier's or anomaly detector's output: it also has a <c>PredictedLabel</c> column, or the other one
    /// of <c>Score</c>/<c>Probability</c>. A regression output (<c>Score</c> alone is the predicted value) is not one.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class HardCodedThresholdAnalyzer : MLNetAnalyzer
    {
        private const string ScoreColumn = "Score";
        private const string ProbabilityColumn = "Probability";
        private const string PredictedLabelColumn = "PredictedLabel";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.HardCodedThreshold);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var compilation = context.Compilation;
            var binaryCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.BinaryClassificationCatalog");
            var anomalyCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.AnomalyDetectionCatalog");
            var columnName = compilation.GetTypeByMetadataName("Microsoft.ML.Data.ColumnNameAttribute");
            var members = new PredictionMembers(columnName);

            context.RegisterOperationAction(
                operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    var method = invocation.TargetMethod;
                    if (method.Name != "ChangeModelThreshold"
                        || !(Is(method.ContainingType, binaryCatalog) || Is(method.ContainingType, anomalyCatalog)))
                    {
                        return;
                    }

                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter?.Name == "threshold" && argument.ArgumentKind != ArgumentKind.DefaultValue
                            && TryGetConstant(argument.Value, out _))
                        {
                            Report(operationContext, argument.Value);
                        }
                    }
                },
                OperationKind.Invocation);

            context.RegisterOperationAction(
                operationContext =>
                {
                    var comparison = (IBinaryOperation)operationContext.Operation;
                    if (!IsRelational(comparison.OperatorKind))
                    {
                        return;
                    }

                    if (members.Classify(comparison.LeftOperand) is var left && left != PredictionColumn.None)
                    {
                        ReportCutOff(operationContext, comparison.RightOperand, left);
                    }
                    else if (members.Classify(comparison.RightOperand) is var right && right != PredictionColumn.None)
                    {
                        ReportCutOff(operationContext, comparison.LeftOperand, right);
                    }
                },
                OperationKind.Binary);

            context.RegisterOperationAction(
                operationContext =>
                {
                    var pattern = (IRelationalPatternOperation)operationContext.Operation;
                    if (members.Classify(FindMatchedValue(pattern)) is var column && column != PredictionColumn.None)
                    {
                        ReportCutOff(operationContext, pattern.Value, column);
                    }
                },
                OperationKind.RelationalPattern);
        }

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

        private static bool IsRelational(BinaryOperatorKind kind) =>
            kind == BinaryOperatorKind.GreaterThan || kind == BinaryOperatorKind.GreaterThanOrEqual
            || kind == BinaryOperatorKind.LessThan || kind == BinaryOperatorKind.LessThanOrEqual;

        /// <summary>
        /// Reports a cut-off unless it is 0 or 0.5, the thresholds ML.NET itself applies to scores and probabilities, or
        /// 1, the upper bound of a probability (a range check, not a decision).
        /// </summary>
        private static void ReportCutOff(OperationAnalysisContext context, IOperation value, PredictionColumn column)
        {
            if (TryGetConstant(value, out var number) && number != 0d && number != 0.5d
                && !(column == PredictionColumn.Probability && number == 1d))
            {
                Report(context, value);
            }
        }

        private static void Report(OperationAnalysisContext context, IOperation value)
        {
            var syntax = OperationHelpers.SkipConversions(value).Syntax;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HardCodedThreshold, syntax.GetLocation(), syntax.ToString()));
        }

        /// <summary>A compile-time numeric constant: a literal, a <c>const</c>, or an expression of them.</summary>
        private static bool TryGetConstant(IOperation value, out double number)
        {
            number = 0;
            var constant = value.ConstantValue;
            if (!constant.HasValue || constant.Value is null || constant.Value is string || constant.Value is bool || constant.Value is char)
            {
                return false;
            }

            try
            {
                number = Convert.ToDouble(constant.Value, CultureInfo.InvariantCulture);
                return true;
            }
            catch (Exception ex) when (ex is InvalidCastException || ex is FormatException || ex is OverflowException)
            {
                return false;
            }
        }

        /// <summary>
        /// The value a relational pattern is matched against: <c>x is &gt; 0.8f</c>, a <c>switch</c> on <c>x</c>, or a
        /// property pattern <c>{ Probability: &gt; 0.8f }</c> (then the member reference itself).
        /// </summary>
        private static IOperation? FindMatchedValue(IPatternOperation pattern)
        {
            IOperation current = pattern;
            while (current.Parent is IBinaryPatternOperation or INegatedPatternOperation)
            {
                current = current.Parent;
            }

            return current.Parent switch
            {
                IIsPatternOperation isPattern => isPattern.Value,
                ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression } => switchExpression.Value,
                IPatternCaseClauseOperation { Parent: ISwitchCaseOperation { Parent: ISwitchOperation switchStatement } } => switchStatement.Value,
                IPropertySubpatternOperation subpattern => subpattern.Member,
                _ => null,
            };
        }

        private enum PredictionColumn
        {
            None,
            Score,
            Probability,
        }

        /// <summary>Which members are a prediction's Score or Probability; answers cached per member for the compilation.</summary>
        private sealed class PredictionMembers
        {
            private readonly INamedTypeSymbol? _columnName;
            private readonly ConcurrentDictionary<ISymbol, PredictionColumn> _cache =
                new ConcurrentDictionary<ISymbol, PredictionColumn>(SymbolEqualityComparer.Default);

            public PredictionMembers(INamedTypeSymbol? columnName) => _columnName = columnName;

            public PredictionColumn Classify(IOperation? operation)
            {
                if (operation is null)
                {
                    return PredictionColumn.None;
                }

                var member = OperationHelpers.SkipConversions(operation) switch
                {
                    IPropertyReferenceOperation property => (ISymbol)property.Property,
                    IFieldReferenceOperation field => field.Field,
                    _ => null,
                };

                return member is null ? PredictionColumn.None : _cache.GetOrAdd(member.OriginalDefinition, ClassifyMember);
            }

            private PredictionColumn ClassifyMember(ISymbol member)
            {
                var type = member switch
                {
                    IPropertySymbol property => property.Type,
                    IFieldSymbol field => field.Type,
                    _ => null,
                };

                if (type is null || (type.SpecialType != SpecialType.System_Single && type.SpecialType != SpecialType.System_Double)
                    || member.ContainingType is not { } container)
                {
                    return PredictionColumn.None;
                }

                var column = GetColumnName(member);
                string otherColumn;
                PredictionColumn kind;
                if (column == ScoreColumn)
                {
                    otherColumn = ProbabilityColumn;
                    kind = PredictionColumn.Score;
                }
                else if (column == ProbabilityColumn)
                {
                    otherColumn = ScoreColumn;
                    kind = PredictionColumn.Probability;
                }
                else
                {
                    return PredictionColumn.None;
                }

                // The class must be a classifier's (or anomaly detector's) output: a regression output's Score is the prediction itself.
                for (var current = container; current is not null; current = current.BaseType)
                {
                    foreach (var other in current.GetMembers())
                    {
                        if (other is IPropertySymbol or IFieldSymbol && !other.IsStatic && !other.IsImplicitlyDeclared
                            && !SymbolEqualityComparer.Default.Equals(other, member)
                            && GetColumnName(other) is { } otherName
                            && ((otherName == PredictedLabelColumn && IsBoolean(other)) || otherName == otherColumn))
                        {
                            return kind;
                        }
                    }
                }

                return PredictionColumn.None;
            }

            /// <summary>
            /// A binary classifier's or anomaly detector's PredictedLabel is a bool; a multiclass one is a key or a string,
            /// and there Score is a vector whose cut-offs this rule does not judge.
            /// </summary>
            private static bool IsBoolean(ISymbol member) =>
                (member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type).SpecialType == SpecialType.System_Boolean;

            private string GetColumnName(ISymbol member)
            {
                if (_columnName is not null)
                {
                    foreach (var attribute in member.GetAttributes())
                    {
                        if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _columnName)
                            && attribute.ConstructorArguments.Length == 1
                            && attribute.ConstructorArguments[0].Value is string name)
                        {
                            return name;
                        }
                    }
                }

                return member.Name;
            }
        }
    }
}
