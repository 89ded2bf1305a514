using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>One output column of a transform and the input columns it is computed from.</summary>
    internal sealed class ColumnMapping
    {
        public ColumnMapping(string output, ImmutableArray<string> inputs)
        {
            Output = output;
            Inputs = inputs;
        }

        public string Output { get; }

        /// <summary>The input column names; default (<c>IsDefault</c>) when they are not constants the model can read.</summary>
        public ImmutableArray<string> Inputs { get; }
    }

    /// <summary>
    /// The columns a catalog transform reads and writes, read from its constant arguments: <c>outputColumnName</c> with
    /// <c>inputColumnName</c> (null means the same column) or <c>inputColumnNames</c>, or an inline
    /// <c>new[] { new InputOutputColumnPair(...) }</c> for <c>columns</c>. Anything else (options arrays, names computed at
    /// run time, trainers) is unknown.
    /// </summary>
    internal static class EstimatorColumns
    {
        private const string OutputColumnName = "outputColumnName";

        /// <summary>The output columns of the transform with their inputs; default when they cannot be read.</summary>
        public static ImmutableArray<ColumnMapping> Of(IInvocationOperation invocation, EstimatorChainSymbols symbols)
        {
            var method = invocation.TargetMethod;
            if (symbols.MLNet.IsTrainerFactory(method))
            {
                return default;
            }

            if (EstimatorChainSymbols.ArgumentFor(invocation, OutputColumnName) is { } outputArgument)
            {
                if (ConstantString(outputArgument.Value) is not { } output)
                {
                    return default;
                }

                return ImmutableArray.Create(new ColumnMapping(output, ReadInputs(invocation, output)));
            }

            if (EstimatorChainSymbols.ArgumentFor(invocation, "columns") is { } columnsArgument
                && columnsArgument.Parameter?.Type is IArrayTypeSymbol { ElementType: var element }
                && SymbolEqualityComparer.Default.Equals(element, symbols.InputOutputColumnPair))
            {
                return ReadPairs(columnsArgument.Value);
            }

            // Column selection writes no new column.
            if (method.Name is "DropColumns" or "SelectColumns")
            {
                return ImmutableArray<ColumnMapping>.Empty;
            }

            return default;
        }

        private static ImmutableArray<string> ReadInputs(IInvocationOperation invocation, string output)
        {
            if (EstimatorChainSymbols.ArgumentFor(invocation, "inputColumnName") is { } single)
            {
                var value = OperationHelpers.SkipConversions(single.Value);
                if (value.ConstantValue is { HasValue: true, Value: null })
                {
                    return ImmutableArray.Create(output); // null: the transform works in place
                }

                return ConstantString(value) is { } input ? ImmutableArray.Create(input) : default;
            }

            if (EstimatorChainSymbols.ArgumentFor(invocation, "inputColumnNames") is { } several
                && ResolveArray(several.Value) is { } initializer)
            {
                var builder = ImmutableArray.CreateBuilder<string>(initializer.ElementValues.Length);
                foreach (var element in initializer.ElementValues)
                {
                    if (ConstantString(element) is not { } name)
                    {
                        return default;
                    }

                    builder.Add(name);
                }

                return builder.MoveToImmutable();
            }

            return default;
        }

        private static ImmutableArray<ColumnMapping> ReadPairs(IOperation value)
        {
            if (OperationHelpers.SkipConversions(value) is not IArrayCreationOperation { Initializer: { } initializer })
            {
                return default;
            }

            var builder = ImmutableArray.CreateBuilder<ColumnMapping>(initializer.ElementValues.Length);
            foreach (var element in initializer.ElementValues)
            {
                if (OperationHelpers.SkipConversions(element) is not IObjectCreationOperation pair || pair.Arguments.Length == 0)
                {
                    return default;
                }

                string? output = null;
                string? input = null;
                var inputIsNull = false;
                foreach (var argument in pair.Arguments)
                {
                    var argumentValue = OperationHelpers.SkipConversions(argument.Value);
                    switch (argument.Parameter?.Name)
                    {
                        case OutputColumnName:
                            output = ConstantString(argumentValue);
                            break;
                        case "inputColumnName":
                            input = ConstantString(argumentValue);
                            inputIsNull = argumentValue.ConstantValue is { HasValue: true, Value: null };
                            break;
                    }
                }

                if (output is null || (input is null && !inputIsNull))
                {
                    return default;
                }

                builder.Add(new ColumnMapping(output, ImmutableArray.Create(input ?? output)));
            }

            return builder.MoveToImmutable();
        }

        /// <summary>
        /// The array a column list names: written inline, held in a local with one reaching assignment, or in a
        /// readonly field initialised in the same file (<c>static readonly string[] Features = { "A", "B" };</c>).
        /// </summary>
        private static IArrayInitializerOperation? ResolveArray(IOperation value)
        {
            var unwrapped = OperationHelpers.SkipConversions(value);
            var resolved = unwrapped switch
            {
                ILocalReferenceOperation local => LocalDefinitions.Reaching(local, CancellationToken.None)?.Value,
                IFieldReferenceOperation { Field: { IsReadOnly: true } field } reference => OperationHelpers.GetFieldInitializer(field, reference),
                _ => unwrapped,
            };
            // A field's "{ ... }" initializer binds to the initializer itself, a "new[] { ... }" to the creation around it.
            return resolved is null
                ? null
                : OperationHelpers.SkipConversions(resolved) switch
                {
                    IArrayCreationOperation creation => creation.Initializer,
                    IArrayInitializerOperation initializer => initializer,
                    _ => null,
                };
        }

        private static string? ConstantString(IOperation value) =>
            OperationHelpers.SkipConversions(value).ConstantValue is { HasValue: true, Value: string text } ? text : null;
    }
}
