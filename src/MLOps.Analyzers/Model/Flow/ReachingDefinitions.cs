using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// One definition of a local: the local and the syntax of the value it is given (<c>var x = value;</c>,
    /// <c>x = value;</c>). The value's syntax is the same node in the operation tree and in the control-flow graph, so
    /// both sides of the analysis name a definition the same way.
    /// </summary>
    internal sealed class LocalDefinitionKey : IEquatable<LocalDefinitionKey>
    {
        public LocalDefinitionKey(ILocalSymbol local, SyntaxNode value)
        {
            Local = local;
            Value = value;
        }

        public ILocalSymbol Local { get; }

        public SyntaxNode Value { get; }

        public bool Equals(LocalDefinitionKey? other) =>
            other is not null && other.Value == Value && SymbolEqualityComparer.Default.Equals(other.Local, Local);

        public override bool Equals(object? obj) => Equals(obj as LocalDefinitionKey);

        public override int GetHashCode() => Value.GetHashCode();
    }

    /// <summary>
    /// Reaching definitions of locals over Roslyn's control-flow graph (branches, loops, switch, early returns, local
    /// functions): which assignments of a local a read can see. One graph per method body and one pass per local,
    /// computed on the first question and cached by the owner of the instance (one instance per analysed type).
    /// The answer is null ("unknown": the caller falls back to treating every definition of the local as reaching)
    /// when the local is captured by a lambda or a local function, declared outside the function that reads it, the
    /// read is itself a <c>ref</c>/<c>out</c> argument, or no graph can be built. An <c>out</c> argument or a
    /// deconstruction ends the reach of earlier definitions; a <c>ref</c> argument or a compound assignment does not.
    /// Exception handlers are over-approximated: every definition of the local reaches the start of a catch, filter
    /// or finally block.
    /// </summary>
    internal sealed class ReachingDefinitions
    {
        private static readonly object Unknown = new object();

        private readonly object _gate = new object();
        private readonly Dictionary<SyntaxNode, Dictionary<string, int>> _writeCounts = new Dictionary<SyntaxNode, Dictionary<string, int>>();
        private readonly Dictionary<SyntaxNode, HashSet<string>> _namesInNestedFunctions = new Dictionary<SyntaxNode, HashSet<string>>();
        private readonly Dictionary<ControlFlowGraph, Dictionary<ILocalSymbol, List<Event>[]>> _events =
            new Dictionary<ControlFlowGraph, Dictionary<ILocalSymbol, List<Event>[]>>();
        private readonly Dictionary<IOperation, ControlFlowGraph?> _graphs = new Dictionary<IOperation, ControlFlowGraph?>();
        private readonly Dictionary<(ControlFlowGraph Graph, ILocalSymbol Local), Dictionary<SyntaxNode, HashSet<object>>?> _reads =
            new Dictionary<(ControlFlowGraph, ILocalSymbol), Dictionary<SyntaxNode, HashSet<object>>?>();

        /// <summary>The definitions that can reach <paramref name="read"/>, or null when the model cannot tell.</summary>
        public IReadOnlyCollection<LocalDefinitionKey>? Reaching(ILocalReferenceOperation read, CancellationToken cancellationToken) =>
            Reaching(read, cancellationToken, out _);

        /// <summary>
        /// The definitions that can reach <paramref name="read"/> when they are all the model follows (no value written
        /// through <c>out</c>, <c>ref</c> or a deconstruction can reach it); null otherwise. For questions that must hold for
        /// every value the read can see ("is it seeded?").
        /// </summary>
        public IReadOnlyCollection<LocalDefinitionKey>? ReachingExactly(ILocalReferenceOperation read, CancellationToken cancellationToken) =>
            Reaching(read, cancellationToken, out var complete) is { Count: > 0 } found && complete ? found : null;

        private IReadOnlyCollection<LocalDefinitionKey>? Reaching(ILocalReferenceOperation read, CancellationToken cancellationToken, out bool complete)
        {
            complete = false;
            try
            {
                var local = read.Local;
                if (local.IsRef || read.Syntax is null)
                {
                    return null;
                }

                // The common case costs one syntax walk per body and no graph: a local written once, by its initializer.
                lock (_gate)
                {
                    if (InitializerIsOnlyWrite(local) is { } only)
                    {
                        complete = true;
                        return new[] { new LocalDefinitionKey(local, only) };
                    }
                }

                var graph = GetGraph(read, cancellationToken, out var owner);
                if (graph is null)
                {
                    return null;
                }

                Dictionary<SyntaxNode, HashSet<object>>? reads;
                lock (_gate)
                {
                    if (!IsPrivateToOwner(local, owner))
                    {
                        return null;
                    }

                    if (!_reads.TryGetValue((graph, local), out reads))
                    {
                        if (!_events.TryGetValue(graph, out var byLocal))
                        {
                            _events[graph] = byLocal = CollectEvents(graph, cancellationToken);
                        }

                        reads = byLocal.TryGetValue(local, out var events) ? Compute(graph, events, cancellationToken) : null;
                        _reads[(graph, local)] = reads;
                    }
                }

                if (reads is null || !reads.TryGetValue(read.Syntax, out var definitions))
                {
                    return null;
                }

                // A value written through out/ref/deconstruction is not one of the definitions the caller tracks (it
                // comes from elsewhere); the definitions that may still be there are all listed.
                var result = new List<LocalDefinitionKey>(definitions.Count);
                complete = true;
                foreach (var definition in definitions)
                {
                    if (definition is LocalDefinitionKey key)
                    {
                        result.Add(key);
                    }
                    else
                    {
                        complete = false;
                    }
                }

                return result;
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception)
            {
                return null; // never let a graph the compiler could not build turn into an AD0001
            }
        }

        /// <summary>The graph of the function that directly holds <paramref name="read"/>; null inside a lambda.</summary>
        private ControlFlowGraph? GetGraph(IOperation read, CancellationToken cancellationToken, out SyntaxNode? owner)
        {
            owner = null;
            var localFunctions = new List<ILocalFunctionOperation>();
            IOperation root = read;
            for (var current = read.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation:
                        return null;
                    case ILocalFunctionOperation localFunction:
                        owner ??= localFunction.Syntax;
                        localFunctions.Add(localFunction);
                        break;
                }

                root = current;
            }

            ControlFlowGraph? graph;
            lock (_gate)
            {
                if (!_graphs.TryGetValue(root, out graph))
                {
                    graph = root switch
                    {
                        IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
                        IConstructorBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
                        IBlockOperation { Parent: null } block => ControlFlowGraph.Create(block, cancellationToken),
                        _ => null,
                    };
                    _graphs[root] = graph;
                }
            }

            for (var i = localFunctions.Count - 1; i >= 0 && graph is not null; i--)
            {
                graph = graph.GetLocalFunctionControlFlowGraph(localFunctions[i].Symbol, cancellationToken);
            }

            return graph;
        }

        /// <summary>
        /// The initializer of a local declared as <c>var x = value;</c> when nothing else in the body (lambdas and local
        /// functions included) writes a name spelled like it; otherwise null.
        /// </summary>
        private SyntaxNode? InitializerIsOnlyWrite(ILocalSymbol local)
        {
            var references = local.DeclaringSyntaxReferences;
            if (references.Length != 1 || references[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
                || FindBodyScope(declarator) is not { } scope)
            {
                return null;
            }

            if (!_writeCounts.TryGetValue(scope, out var counts))
            {
                _writeCounts[scope] = counts = CountWrites(scope);
            }

            return counts.TryGetValue(local.Name, out var count) && count == 1 ? value : null;
        }

        /// <summary>How many times each name is written in the body, by any form of write (over-counting is safe).</summary>
        private static Dictionary<string, int> CountWrites(SyntaxNode scope)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            void Add(string name, int weight)
            {
                counts.TryGetValue(name, out var count);
                counts[name] = count + weight;
            }

            foreach (var node in scope.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax declarator:
                        Add(declarator.Identifier.ValueText, declarator.Initializer is null ? 0 : 1);
                        break;
                    case AssignmentExpressionSyntax assignment:
                        foreach (var name in assignment.Left.DescendantNodesAndSelf())
                        {
                            if (name is IdentifierNameSyntax identifier)
                            {
                                Add(identifier.Identifier.ValueText, 2);
                            }
                        }

                        break;
                    case ArgumentSyntax { Expression: { } expression } argument when argument.RefKindKeyword.RawKind != 0:
                        foreach (var name in expression.DescendantNodesAndSelf())
                        {
                            if (name is IdentifierNameSyntax identifier)
                            {
                                Add(identifier.Identifier.ValueText, 2);
                            }
                            else if (name is SingleVariableDesignationSyntax designation)
                            {
                                Add(designation.Identifier.ValueText, 2);
                            }
                        }

                        break;
                    case PrefixUnaryExpressionSyntax { Operand: IdentifierNameSyntax operand }:
                        Add(operand.Identifier.ValueText, 2);
                        break;
                    case PostfixUnaryExpressionSyntax { Operand: IdentifierNameSyntax operand }:
                        Add(operand.Identifier.ValueText, 2);
                        break;
                    case SingleVariableDesignationSyntax designation:
                        Add(designation.Identifier.ValueText, 2);
                        break;
                    case RefExpressionSyntax { Expression: IdentifierNameSyntax referenced }:
                        Add(referenced.Identifier.ValueText, 2);
                        break;
                }
            }

            return counts;
        }

        /// <summary>
        /// The local is declared in the function that owns the graph and no lambda or local function inside it names
        /// the local (a capture could write it, or read it at another time).
        /// </summary>
        private bool IsPrivateToOwner(ILocalSymbol local, SyntaxNode? owner)
        {
            var references = local.DeclaringSyntaxReferences;
            if (references.Length != 1)
            {
                return false;
            }

            var declaration = references[0].GetSyntax();
            if (EnclosingFunction(declaration) != owner)
            {
                return false;
            }

            var scope = owner ?? FindBodyScope(declaration);
            if (scope is null)
            {
                return false;
            }

            // One walk per function: the names used inside the lambdas and local functions it contains.
            if (!_namesInNestedFunctions.TryGetValue(scope, out var names))
            {
                names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var node in scope.DescendantNodes())
                {
                    if (node is IdentifierNameSyntax name && EnclosingFunction(name) != owner)
                    {
                        names.Add(name.Identifier.ValueText);
                    }
                }

                _namesInNestedFunctions[scope] = names;
            }

            return !names.Contains(local.Name);
        }

        private static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax:
                        return current;
                    case MemberDeclarationSyntax or CompilationUnitSyntax:
                        return null;
                }
            }

            return null;
        }

        private static SyntaxNode? FindBodyScope(SyntaxNode declaration)
        {
            for (var current = declaration.Parent; current is not null; current = current.Parent)
            {
                if (current is CompilationUnitSyntax || (current is MemberDeclarationSyntax && current is not GlobalStatementSyntax))
                {
                    return current;
                }
            }

            return null;
        }

        /// <summary>For every read of the local in the graph, the definitions that reach it.</summary>
        private static Dictionary<SyntaxNode, HashSet<object>>? Compute(ControlFlowGraph graph, List<Event>[] events, CancellationToken cancellationToken)
        {
            var blocks = graph.Blocks;
            var all = new HashSet<object>();
            var killsOnly = true;
            foreach (var list in events)
            {
                foreach (var item in list ?? NoEvents)
                {
                    if (item.Write is not null)
                    {
                        all.Add(item.Write);
                        killsOnly &= item.Kills;
                    }
                }
            }

            if (all.Count <= 1 && killsOnly)
            {
                // One definition (or none): it is all that can reach any read. No need to walk the graph.
                var single = new Dictionary<SyntaxNode, HashSet<object>>();
                foreach (var list in events)
                {
                    foreach (var item in list ?? NoEvents)
                    {
                        if (item.Read is not null)
                        {
                            single[item.Read] = all;
                        }
                    }
                }

                return single;
            }

            for (var i = 0; i < events.Length; i++)
            {
                events[i] ??= NoEvents;
            }

            var handlerEntries = new HashSet<int>();
            CollectHandlerEntries(graph.Root, handlerEntries);

            // Forward may-analysis: In[b] = union of Out[p]; Out[b] = the last write of b, else In[b].
            var input = new HashSet<object>?[blocks.Length];
            var output = new HashSet<object>[blocks.Length];
            for (var i = 0; i < blocks.Length; i++)
            {
                output[i] = new HashSet<object>();
            }

            var worklist = new Queue<int>();
            var queued = new bool[blocks.Length];
            for (var i = 0; i < blocks.Length; i++)
            {
                worklist.Enqueue(i);
                queued[i] = true;
            }

            var steps = 0;
            while (worklist.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++steps > 50_000)
                {
                    return null; // a pathological graph: stay unknown rather than spend the build's time
                }

                var index = worklist.Dequeue();
                queued[index] = false;
                var block = blocks[index];
                var inSet = new HashSet<object>();
                if (handlerEntries.Contains(index))
                {
                    inSet.UnionWith(all); // reached from anywhere in the try: every definition may be live
                }

                foreach (var predecessor in block.Predecessors)
                {
                    inSet.UnionWith(output[predecessor.Source.Ordinal]);
                }

                input[index] = inSet;
                var outSet = Transfer(inSet, events[index]);

                if (!outSet.SetEquals(output[index]))
                {
                    output[index] = outSet;
                    Enqueue(block.FallThroughSuccessor, worklist, queued);
                    Enqueue(block.ConditionalSuccessor, worklist, queued);
                }
            }

            var reads = new Dictionary<SyntaxNode, HashSet<object>>();
            for (var i = 0; i < blocks.Length; i++)
            {
                var current = input[i] ?? new HashSet<object>();
                foreach (var item in events[i])
                {
                    if (item.Write is not null)
                    {
                        current = Apply(current, item);
                    }
                    else if (item.Read is not null)
                    {
                        if (reads.TryGetValue(item.Read, out var seen))
                        {
                            seen.UnionWith(current);
                        }
                        else
                        {
                            reads[item.Read] = new HashSet<object>(current);
                        }
                    }
                }
            }

            return reads;
        }

        private static void Enqueue(ControlFlowBranch? branch, Queue<int> worklist, bool[] queued)
        {
            if (branch?.Destination is { } destination && !queued[destination.Ordinal])
            {
                queued[destination.Ordinal] = true;
                worklist.Enqueue(destination.Ordinal);
            }
        }

        private static HashSet<object> Transfer(HashSet<object> input, List<Event> events)
        {
            var current = input;
            foreach (var item in events)
            {
                current = Apply(current, item);
            }

            return current;
        }

        /// <summary>A write replaces what reaches (<c>x = v</c>, <c>out x</c>) or adds to it (<c>ref x</c>, <c>x ??= v</c>).</summary>
        private static HashSet<object> Apply(HashSet<object> current, Event item)
        {
            if (item.Write is null)
            {
                return current;
            }

            if (item.Kills)
            {
                return new HashSet<object> { item.Write };
            }

            return new HashSet<object>(current) { item.Write };
        }

        private static void CollectHandlerEntries(ControlFlowRegion region, HashSet<int> entries)
        {
            if (region.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.Finally)
            {
                entries.Add(region.FirstBlockOrdinal);
            }

            foreach (var nested in region.NestedRegions)
            {
                CollectHandlerEntries(nested, entries);
            }
        }

        private static readonly List<Event> NoEvents = new List<Event>();

        /// <summary>
        /// One walk of the graph: for every local, its reads and writes per block, in execution order.
        /// </summary>
        private static Dictionary<ILocalSymbol, List<Event>[]> CollectEvents(ControlFlowGraph graph, CancellationToken cancellationToken)
        {
            var byLocal = new Dictionary<ILocalSymbol, List<Event>[]>(SymbolEqualityComparer.Default);
            var blocks = graph.Blocks;
            var touched = new List<List<Event>>();
            for (var i = 0; i < blocks.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var operation in blocks[i].Operations)
                {
                    AddEvents(operation, i, blocks.Length, byLocal, touched);
                }

                if (blocks[i].BranchValue is { } branchValue)
                {
                    AddEvents(branchValue, i, blocks.Length, byLocal, touched);
                }
            }

            return byLocal;
        }

        private static void AddEvents(IOperation statement, int block, int blockCount, Dictionary<ILocalSymbol, List<Event>[]> byLocal, List<List<Event>> touched)
        {
            touched.Clear();
            foreach (var operation in statement.DescendantsAndSelf())
            {
                if (operation is not ILocalReferenceOperation reference)
                {
                    continue;
                }

                var local = reference.Local;
                if (!byLocal.TryGetValue(local, out var perBlock))
                {
                    byLocal[local] = perBlock = new List<Event>[blockCount];
                }

                var events = perBlock[block] ??= new List<Event>();
                if (!touched.Contains(events))
                {
                    touched.Add(events);
                    events.Add(new Event(-1, null, null)); // marks where this statement's events start
                }

                switch (reference.Parent)
                {
                    case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                        object write = assignment.IsRef || assignment.Value.Syntax is null
                            ? Unknown
                            : new LocalDefinitionKey(local, assignment.Value.Syntax);
                        events.Add(new Event(assignment.Syntax.Span.End, null, write, kills: true));
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Out }:
                    case ITupleOperation or IDeclarationExpressionOperation:
                        // Definitely overwritten with a value the model does not follow (a callee's out, a deconstruction).
                        events.Add(new Event(reference.Syntax.Span.End, null, Unknown, kills: true));
                        break;
                    case ICompoundAssignmentOperation compound when compound.Target == reference:
                    case ICoalesceAssignmentOperation coalesce when coalesce.Target == reference:
                    case IIncrementOrDecrementOperation:
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref }:
                    case IArgumentOperation { Syntax: ArgumentSyntax argument } when argument.RefKindKeyword.RawKind != 0:
                    case IAddressOfOperation:
                        // Maybe overwritten, maybe kept: both reach on.
                        events.Add(new Event(reference.Syntax.Span.End, null, Unknown, kills: false));
                        break;
                    default:
                        events.Add(new Event(reference.Syntax.SpanStart, reference.Syntax, null));
                        break;
                }
            }

            // Inside one statement the tree is visited parent first; what runs first is what ends first in the text
            // (the value of `x = F(x)` is read before x is written).
            foreach (var events in touched)
            {
                var start = events.FindLastIndex(e => e.Position < 0);
                events.RemoveAt(start);
                if (events.Count - start > 1)
                {
                    events.Sort(start, events.Count - start, EventComparer.Instance);
                }
            }
        }

        private readonly struct Event
        {
            public Event(int position, SyntaxNode? read, object? write, bool kills = false)
            {
                Position = position;
                Read = read;
                Write = write;
                Kills = kills;
            }

            /// <summary>The write replaces every definition that reached it.</summary>
            public bool Kills { get; }

            public int Position { get; }

            public SyntaxNode? Read { get; }

            public object? Write { get; }
        }

        private sealed class EventComparer : IComparer<Event>
        {
            public static readonly EventComparer Instance = new EventComparer();

            public int Compare(Event x, Event y) => x.Position.CompareTo(y.Position);
        }
    }
}
