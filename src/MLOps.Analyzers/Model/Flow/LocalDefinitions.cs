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

            var writes = CollectWrites(OperationHelpers.GetRoot(read), local, cancellationToken);
            return writes is null ? null : Reaching(read, writes);
        }

        /// <summary>
        /// The reads of <paramref name="definition"/>'s local that see exactly that definition, and whether some other read
        /// might see it too without the model being able to tell (then the caller must treat the value as escaping).
        /// </summary>
        public static List<ILocalReferenceOperation> ReadsOf(LocalDefinition definition, ILocalSymbol local, out bool ambiguous, CancellationToken cancellationToken)
        {
            var reads = new List<ILocalReferenceOperation>();
            ambiguous = false;
            var root = OperationHelpers.GetRoot(definition.Operation);
            var writes = local.IsRef ? null : CollectWrites(root, local, cancellationToken);
            if (writes is null)
            {
                ambiguous = true;
                return reads;
            }

            foreach (var operation in root.Descendants())
            {
                if (operation is not ILocalReferenceOperation read
                    || !SymbolEqualityComparer.Default.Equals(read.Local, local)
                    || IsWriteTarget(read))
                {
                    continue;
                }

                var reaching = Reaching(read, writes);
                if (reaching is { } found)
                {
                    if (found.Operation == definition.Operation)
                    {
                        reads.Add(read);
                    }
                }
                else if (read.Syntax.SpanStart > definition.Operation.Syntax.SpanStart)
                {
                    ambiguous = true; // this definition may or may not be what the read sees
                }
            }

            return reads;
        }

        /// <summary>The definition a declarator or a simple assignment statement makes, if it is one the model follows.</summary>
        public static LocalDefinition? AsDefinition(IOperation operation) => operation switch
        {
            IVariableDeclaratorOperation { Initializer: { } initializer } declarator => new LocalDefinition(declarator, initializer.Value),
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation } assignment => new LocalDefinition(assignment, assignment.Value),
            _ => null,
        };

        private static LocalDefinition? Reaching(ILocalReferenceOperation read, List<LocalDefinition> writes)
        {
            var readStart = read.Syntax.SpanStart;
            var readFunction = EnclosingFunction(read);
            LocalDefinition? last = null;
            foreach (var write in writes)
            {
                if (EnclosingFunction(write.Operation) != readFunction)
                {
                    return null; // written in (or read from) a lambda or local function: the order of execution is unknown
                }

                if (write.Operation.Syntax.Span.End <= readStart && (last is null || write.Operation.Syntax.Span.End > last.Value.Operation.Syntax.Span.End))
                {
                    last = write;
                }
            }

            if (last is not { } definition || !Dominates(definition.Operation, read))
            {
                return null;
            }

            foreach (var write in writes)
            {
                if (write.Operation == definition.Operation || write.Operation.Syntax.Span.End <= definition.Operation.Syntax.SpanStart)
                {
                    continue; // the definition overwrites anything before it
                }

                // Later in the text: it reaches the read only through a loop around the read that does not redo the definition.
                for (var loop = read.Parent; loop is not null; loop = loop.Parent)
                {
                    if (loop is ILoopOperation
                        && loop.Syntax.Span.Contains(write.Operation.Syntax.Span)
                        && !loop.Syntax.Span.Contains(definition.Operation.Syntax.Span))
                    {
                        return null;
                    }
                }
            }

            return definition;
        }

        /// <summary>
        /// Every write to the local in the body, or null when one of them is a write the model does not follow
        /// (ref/out argument, compound or deconstruction assignment, increment) or the body uses goto.
        /// </summary>
        private static List<LocalDefinition>? CollectWrites(IOperation root, ILocalSymbol local, CancellationToken cancellationToken)
        {
            var writes = new List<LocalDefinition>();
            foreach (var operation in root.Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation)
                {
                    case ILabeledOperation:
                    case IBranchOperation { BranchKind: BranchKind.GoTo }:
                        return null;
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        if (declarator.Initializer is { } initializer)
                        {
                            writes.Add(new LocalDefinition(declarator, initializer.Value));
                        }

                        break;
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) && IsWriteTarget(reference):
                        if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                        {
                            writes.Add(new LocalDefinition(assignment, assignment.Value));
                        }
                        else
                        {
                            return null;
                        }

                        break;
                }
            }

            return writes;
        }

        /// <summary>True when the reference is written to rather than read.</summary>
        private static bool IsWriteTarget(ILocalReferenceOperation reference) => reference.Parent switch
        {
            ISimpleAssignmentOperation assignment => assignment.Target == reference,
            ICompoundAssignmentOperation compound => compound.Target == reference,
            ICoalesceAssignmentOperation coalesce => coalesce.Target == reference,
            IIncrementOrDecrementOperation => true,
            IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
            ITupleOperation or IDeclarationExpressionOperation => true,
            IAddressOfOperation => true,
            _ => false,
        };

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

        private static IOperation? EnclosingFunction(IOperation operation)
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
