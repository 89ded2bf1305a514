using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>One assignment of a value to a local: <c>var x = value;</c> or <c>x = value;</c> as a statement of a block.</summary>
    internal readonly struct LocalDefinition
    {
        public LocalDefinition(IOperation operation, IOperation value)
        {
            Operation = operation;
            Value = value;
        }

        /// <summary>The <see cref="IVariableDeclaratorOperation"/> or <see cref="ISimpleAssignmentOperation"/>.</summary>
        public IOperation Operation { get; }

        /// <summary>The value assigned.</summary>
        public IOperation Value { get; }
    }

    /// <summary>
    /// Reaching definitions for the locals of one method body, for straight-line code in blocks: which assignment a read
    /// of a local sees. The answer is "unknown" (null) whenever another assignment could reach the read: a conditional
    /// assignment between them, an assignment later in a loop around the read, an assignment in a lambda or local
    /// function, a ref/out/compound write, a goto. Callers treat unknown as "stay silent".
    /// </summary>
    internal static class LocalDefinitions
    {
        /// <summary>The single assignment whose value the read sees on every path, or null.</summary>
        public static LocalDefinition? Reaching(ILocalReferenceOperation read, CancellationToken cancellationToken)
        {
            var local = read.Local;
            if (local.IsRef)
            {
                return null;
            }

            var index = LocalIndex.Of(read);
            return index.HasGoTo || index.Facts(local) is not { Writes: not null } facts ? null : facts.ReachingOf(read, cancellationToken);
        }

        /// <summary>
        /// The reads of <paramref name="definition"/>'s local that see exactly that definition, and whether some other read
        /// might see it too without the model being able to tell (then the caller must treat the value as escaping).
        /// </summary>
        public static List<ILocalReferenceOperation> ReadsOf(LocalDefinition definition, ILocalSymbol local, out bool ambiguous, CancellationToken cancellationToken)
        {
            var index = LocalIndex.Of(definition.Operation);
            if (local.IsRef || index.HasGoTo || index.Facts(local) is not { Writes: not null } facts)
            {
                ambiguous = true;
                return new List<ILocalReferenceOperation>();
            }

            return facts.ReadsOf(definition, out ambiguous, cancellationToken);
        }

        /// <summary>The definition a declarator or a simple assignment statement makes, if it is one the model follows.</summary>
        public static LocalDefinition? AsDefinition(IOperation operation) => operation switch
        {
            IVariableDeclaratorOperation { Initializer: { } initializer } declarator => new LocalDefinition(declarator, initializer.Value),
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation } assignment => new LocalDefinition(assignment, assignment.Value),
            _ => null,
        };

        /// <summary>
        /// The definition among the local's writes that the read sees on every path, or null. <paramref name="byEnd"/> holds
        /// every write of the local sorted by where it ends; <paramref name="writesFunction"/> is the lambda or local function
        /// all of them are in (null: the body itself) and <paramref name="mixedFunctions"/> is true when they are not all in
        /// one. Called once per read by <see cref="LocalFacts"/>: a binary search, not a scan of the writes.
        /// </summary>
        internal static LocalDefinition? ReachingAmong(ILocalReferenceOperation read, LocalDefinition[] byEnd, IOperation? writesFunction, bool mixedFunctions)
        {
            if (byEnd.Length == 0)
            {
                return null;
            }

            if (mixedFunctions || EnclosingFunction(read) != writesFunction)
            {
                return null; // written in (or read from) a lambda or local function: the order of execution is unknown
            }

            // The write that ends last before the read starts.
            var readStart = read.Syntax.SpanStart;
            int low = 0, high = byEnd.Length - 1, found = -1;
            while (low <= high)
            {
                var middle = (low + high) / 2;
                if (byEnd[middle].Operation.Syntax.Span.End <= readStart)
                {
                    found = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            LocalDefinition? last = found >= 0 ? byEnd[found] : null;
            var writes = byEnd;
            if (last is not { } definition || !Dominates(definition.Operation, read))
            {
                return null;
            }

            // A write later in the text reaches the read only through a loop around the read that does not redo the
            // definition: find those loops first (usually none) and look for writes inside them only then.
            List<IOperation>? loops = null;
            for (var loop = read.Parent; loop is not null; loop = loop.Parent)
            {
                if (loop is ILoopOperation && !loop.Syntax.Span.Contains(definition.Operation.Syntax.Span))
                {
                    (loops ??= new List<IOperation>()).Add(loop);
                }
            }

            if (loops is null)
            {
                return definition;
            }

            foreach (var write in writes)
            {
                if (write.Operation == definition.Operation || write.Operation.Syntax.Span.End <= definition.Operation.Syntax.SpanStart)
                {
                    continue; // the definition overwrites anything before it
                }

                foreach (var loop in loops)
                {
                    if (loop.Syntax.Span.Contains(write.Operation.Syntax.Span))
                    {
                        return null;
                    }
                }
            }

            return definition;
        }

        /// <summary>
        /// The definition is a statement of a block that also holds the read (after it), so it runs before the read on
        /// every path that gets there.
        /// </summary>
        private static bool Dominates(IOperation definition, IOperation read)
        {
            IOperation? statement = definition switch
            {
                IVariableDeclaratorOperation declarator => declarator.Parent?.Parent, // declarator -> declaration -> declaration group
                ISimpleAssignmentOperation assignment => assignment.Parent,
                _ => null,
            };

            if (statement is not (IVariableDeclarationGroupOperation or IExpressionStatementOperation) || statement.Parent is not IBlockOperation block)
            {
                return false;
            }

            for (var current = read.Parent; current is not null; current = current.Parent)
            {
                if (current == block)
                {
                    return true;
                }
            }

            return false;
        }

        internal static IOperation? EnclosingFunction(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return current;
                }
            }

            return null;
        }
    }
}
