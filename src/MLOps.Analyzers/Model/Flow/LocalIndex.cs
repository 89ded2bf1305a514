using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// The locals of one operation tree (a method body, a field initializer, ...) indexed in one walk: for every local its
    /// declarator initializer, its writes and its reads, in source order. Built once per tree on the first question and
    /// shared by every rule and every question about that tree: the operation tree is the key of a weak table, so the
    /// index lives as long as the tree and no longer, whoever asks, on any thread.
    /// </summary>
    internal sealed class LocalIndex
    {
        private static readonly ConditionalWeakTable<IOperation, LocalIndex> Cache = new ConditionalWeakTable<IOperation, LocalIndex>();
        private static readonly ConditionalWeakTable<IOperation, LocalIndex>.CreateValueCallback Build = root => new LocalIndex(root);

        private readonly Dictionary<ILocalSymbol, LocalFacts> _locals = new Dictionary<ILocalSymbol, LocalFacts>(SymbolEqualityComparer.Default);

        private LocalIndex(IOperation root)
        {
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case ILabeledOperation:
                    case IBranchOperation { BranchKind: BranchKind.GoTo }:
                        HasGoTo = true;
                        break;
                    case IVariableDeclaratorOperation declarator:
                        var declared = Get(declarator.Symbol);
                        declared.Initializer = declarator.Initializer?.Value;
                        if (declarator.Initializer is { } initializer)
                        {
                            declared.Writes?.Add(new LocalDefinition(declarator, initializer.Value));
                        }

                        break;
                    case ILocalReferenceOperation reference:
                        var facts = Get(reference.Local);
                        facts.References.Add(reference);
                        if (IsWriteTarget(reference))
                        {
                            if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                            {
                                facts.Writes?.Add(new LocalDefinition(assignment, assignment.Value));
                            }
                            else
                            {
                                facts.Writes = null; // a write the model does not follow
                            }
                        }
                        else
                        {
                            facts.Reads.Add(reference);
                        }

                        if (reference.Parent is IAssignmentOperation { } anyAssignment && anyAssignment.Target == reference
                            || reference.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None })
                        {
                            facts.AssignedAfterDeclaration = true;
                        }

                        break;
                }
            }
        }

        /// <summary>The body uses <c>goto</c> or labels: the straight-line model does not follow it.</summary>
        public bool HasGoTo { get; }

        public static LocalIndex Of(IOperation operation) => Cache.GetValue(OperationHelpers.GetRoot(operation), Build);

        /// <summary>What the body does with <paramref name="local"/>; null when it neither declares, reads nor writes it.</summary>
        public LocalFacts? Facts(ILocalSymbol local) => _locals.TryGetValue(local, out var facts) ? facts : null;

        private LocalFacts Get(ILocalSymbol local)
        {
            if (!_locals.TryGetValue(local, out var facts))
            {
                _locals[local] = facts = new LocalFacts();
            }

            return facts;
        }

        /// <summary>True when the reference is written to rather than read.</summary>
        internal static bool IsWriteTarget(ILocalReferenceOperation reference) => reference.Parent switch
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
    }

    /// <summary>One local of a body: see <see cref="LocalIndex"/>.</summary>
    internal sealed class LocalFacts
    {
        private readonly object _gate = new object();
        private Dictionary<IOperation, LocalDefinition?>? _reaching;
        private Dictionary<IOperation, List<ILocalReferenceOperation>>? _readsOf;
        private int _lastUnknownRead = -1;

        /// <summary>The value of the last declarator of the local (null when it has none).</summary>
        public IOperation? Initializer { get; set; }

        /// <summary>Assigned (by any assignment) or passed by <c>ref</c>/<c>out</c> somewhere in the body.</summary>
        public bool AssignedAfterDeclaration { get; set; }

        /// <summary>Every definition (initializer or simple assignment) in source order; null when a write is not one of these.</summary>
        public List<LocalDefinition>? Writes { get; set; } = new List<LocalDefinition>();

        /// <summary>Every reference to the local (reads and writes), in source order.</summary>
        public List<ILocalReferenceOperation> References { get; } = new List<ILocalReferenceOperation>();

        /// <summary>Every reference that reads the local, in source order.</summary>
        public List<ILocalReferenceOperation> Reads { get; } = new List<ILocalReferenceOperation>();

        /// <summary>The answers of <see cref="LocalDefinitions"/> for every read, computed together on the first question.</summary>
        public LocalDefinition? ReachingOf(ILocalReferenceOperation read, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Compute(cancellationToken);
                return _reaching!.TryGetValue(read, out var found) ? found : null;
            }
        }

        public List<ILocalReferenceOperation> ReadsOf(LocalDefinition definition, out bool ambiguous, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Compute(cancellationToken);
                ambiguous = _lastUnknownRead > definition.Operation.Syntax.SpanStart;
                return _readsOf!.TryGetValue(definition.Operation, out var reads) ? new List<ILocalReferenceOperation>(reads) : new List<ILocalReferenceOperation>();
            }
        }

        private void Compute(CancellationToken cancellationToken)
        {
            if (_reaching is not null)
            {
                return;
            }

            var reaching = new Dictionary<IOperation, LocalDefinition?>();
            LocalDefinition[] byEnd = System.Array.Empty<LocalDefinition>();
            IOperation? writesFunction = null;
            var mixedFunctions = false;
            if (Writes is not null)
            {
                byEnd = Writes.ToArray();
                System.Array.Sort(byEnd, (a, b) => a.Operation.Syntax.Span.End.CompareTo(b.Operation.Syntax.Span.End));
                for (var i = 0; i < byEnd.Length; i++)
                {
                    var function = LocalDefinitions.EnclosingFunction(byEnd[i].Operation);
                    if (i == 0)
                    {
                        writesFunction = function;
                    }
                    else if (function != writesFunction)
                    {
                        mixedFunctions = true;
                    }
                }
            }

            var readsOf = new Dictionary<IOperation, List<ILocalReferenceOperation>>();
            foreach (var read in Reads)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var found = Writes is null ? null : LocalDefinitions.ReachingAmong(read, byEnd, writesFunction, mixedFunctions);
                reaching[read] = found;
                if (found is { } definition)
                {
                    if (!readsOf.TryGetValue(definition.Operation, out var list))
                    {
                        readsOf[definition.Operation] = list = new List<ILocalReferenceOperation>();
                    }

                    list.Add(read);
                }
                else if (read.Syntax.SpanStart > _lastUnknownRead)
                {
                    _lastUnknownRead = read.Syntax.SpanStart;
                }
            }

            _readsOf = readsOf;
            _reaching = reaching;
        }
    }
}
