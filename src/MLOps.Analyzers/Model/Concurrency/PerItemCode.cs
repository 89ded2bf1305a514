using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// Which code runs once per item: the body of a loop, or a lambda that a LINQ operator, PLINQ, <c>Parallel.*</c>,
    /// <c>List&lt;T&gt;.ForEach</c> or <c>Array.ForEach</c> calls for every element.
    /// </summary>
    internal static class PerItemCode
    {
        /// <summary>
        /// The name of the operator that calls <paramref name="lambda"/> once per item (sequentially or in parallel): any
        /// <c>Enumerable</c>, <c>ParallelEnumerable</c> or <c>Parallel</c> method, or <c>ForEach</c> of a list or array.
        /// Null when the lambda is passed elsewhere or not passed at all.
        /// </summary>
        public static string? GetPerItemOperatorName(IAnonymousFunctionOperation lambda, ConcurrencySymbols symbols)
        {
            var parent = OperationHelpers.ParentSkippingConversions(lambda);
            if (parent is IDelegateCreationOperation)
            {
                parent = OperationHelpers.ParentSkippingConversions(parent);
            }

            if (parent is not IArgumentOperation { Parent: IInvocationOperation invocation })
            {
                return null;
            }

            var method = invocation.TargetMethod;
            var container = method.ContainingType?.OriginalDefinition;
            if (ConcurrencySymbols.Is(container, symbols.Enumerable) || ConcurrencySymbols.Is(container, symbols.ParallelEnumerable) || ConcurrencySymbols.Is(container, symbols.Parallel))
            {
                return method.Name;
            }

            return method.Name == "ForEach" && (ConcurrencySymbols.Is(container, symbols.List) || ConcurrencySymbols.Is(container, symbols.Array))
                ? method.Name
                : null;
        }

        /// <summary>
        /// A lambda that runs once per row, one row after the other: passed to a <c>System.Linq.Enumerable</c> operator
        /// (not <c>Aggregate</c>'s result selector), to <c>List&lt;T&gt;.ForEach</c> or to <c>Array.ForEach</c>. PLINQ
        /// and <c>Parallel.ForEach</c> are not: their lambdas run on several threads at once.
        /// </summary>
        public static bool IsSequentialPerRowLambda(IAnonymousFunctionOperation lambda, ConcurrencySymbols symbols)
        {
            IOperation? current = lambda.Parent;
            while (current is IDelegateCreationOperation or IConversionOperation)
            {
                current = current.Parent;
            }

            if (current is not IArgumentOperation { Parent: IInvocationOperation invocation } argument)
            {
                return false;
            }

            var method = invocation.TargetMethod;
            var containing = method.ContainingType?.OriginalDefinition;
            if (symbols.Enumerable is not null && SymbolEqualityComparer.Default.Equals(containing, symbols.Enumerable))
            {
                return !(method.Name == "Aggregate" && argument.Parameter?.Name == "resultSelector");
            }

            return method.Name == "ForEach"
                && (SymbolEqualityComparer.Default.Equals(containing, symbols.List) || SymbolEqualityComparer.Default.Equals(containing, symbols.Array));
        }

        /// <summary>
        /// The innermost loop whose body (or per-iteration condition) holds <paramref name="operation"/>, or the
        /// sequential per-row lambda (<see cref="IsSequentialPerRowLambda"/>) that does. Null when a lambda or local
        /// function of another kind comes first: how often that runs is out of sight. A foreach's collection and a
        /// for loop's initializers run once and do not count.
        /// </summary>
        public static IOperation? FindIterationScope(IOperation operation, ConcurrencySymbols symbols)
        {
            var child = operation;
            for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IForEachLoopOperation forEach when forEach.Collection == child:
                        continue; // the collection is evaluated once
                    case IForLoopOperation forLoop when Contains(forLoop.Before, child):
                        continue; // the initializers run once
                    case ILoopOperation:
                        return parent;
                    case IAnonymousFunctionOperation lambda:
                        return IsSequentialPerRowLambda(lambda, symbols) ? lambda : null;
                    case ILocalFunctionOperation:
                        return null;
                }
            }

            return null;
        }

        private static bool Contains(ImmutableArray<IOperation> operations, IOperation operation)
        {
            foreach (var candidate in operations)
            {
                if (candidate == operation)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
