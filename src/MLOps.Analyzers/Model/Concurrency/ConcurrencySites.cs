using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>How the delegates of a <see cref="ConcurrencySite"/> run with respect to each other.</summary>
    internal enum ConcurrencyKind
    {
        /// <summary>The delegates run concurrently with each other (Parallel.For/ForEach, PLINQ, periodic timers, request handlers).</summary>
        Concurrent,

        /// <summary>Parallel.Invoke: concurrent only between its actions.</summary>
        ConcurrentBetweenDelegates,

        /// <summary>Task.Run, TaskFactory.StartNew, new Thread, ThreadPool.QueueUserWorkItem: concurrent when started repeatedly without waiting.</summary>
        StartedWork,
    }

    /// <summary>Which API a <see cref="ConcurrencySite"/> is.</summary>
    internal enum ConcurrencySiteShape
    {
        /// <summary>Parallel.For, ForEach, ForEachAsync or Invoke.</summary>
        Parallel,

        /// <summary>A System.Linq.ParallelEnumerable operator.</summary>
        Plinq,

        /// <summary>Task.Run, Task.Factory.StartNew, TaskFactory.StartNew, ThreadPool.QueueUserWorkItem.</summary>
        StartedWork,

        /// <summary>A minimal-API request handler: Map*, Run or Use.</summary>
        RequestHandler,

        /// <summary><c>new Thread(...)</c>.</summary>
        Thread,

        /// <summary>A System.Threading.Timer with a positive period.</summary>
        PeriodicTimer,
    }

    /// <summary>A call or creation that runs delegates on other threads.</summary>
    internal sealed class ConcurrencySite
    {
        public ConcurrencySite(IOperation operation, ConcurrencyKind kind, ConcurrencySiteShape shape, string name)
        {
            Operation = operation;
            Kind = kind;
            Shape = shape;
            Name = name;
        }

        /// <summary>The invocation or object creation.</summary>
        public IOperation Operation { get; }

        public ConcurrencyKind Kind { get; }

        public ConcurrencySiteShape Shape { get; }

        /// <summary>How the site is named: <c>Parallel.ForEach</c>, <c>a PLINQ query</c>, <c>Task.Run</c>, <c>MapGet</c>, ...</summary>
        public string Name { get; }

        /// <summary>The lambdas and method groups passed to the site (one per element of a params array).</summary>
        public ImmutableArray<IOperation> Delegates
        {
            get
            {
                var arguments = Operation switch
                {
                    IInvocationOperation invocation => invocation.Arguments,
                    IObjectCreationOperation creation => creation.Arguments,
                    _ => ImmutableArray<IArgumentOperation>.Empty,
                };

                var delegates = ImmutableArray.CreateBuilder<IOperation>();
                foreach (var argument in arguments)
                {
                    var value = OperationHelpers.SkipConversions(argument.Value);
                    if (argument.ArgumentKind == ArgumentKind.ParamArray && value is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        foreach (var element in initializer.ElementValues)
                        {
                            AddDelegate(OperationHelpers.SkipConversions(element), delegates);
                        }
                    }
                    else
                    {
                        AddDelegate(value, delegates);
                    }
                }

                return delegates.ToImmutable();
            }
        }

        private static void AddDelegate(IOperation value, ImmutableArray<IOperation>.Builder delegates)
        {
            if (value is IDelegateCreationOperation creation)
            {
                value = OperationHelpers.SkipConversions(creation.Target);
            }

            if (value is IAnonymousFunctionOperation or IMethodReferenceOperation)
            {
                delegates.Add(value);
            }
        }
    }

    /// <summary>
    /// Which code runs on more than one thread at once: the calls and creations that run delegates on other threads
    /// (<see cref="Classify(IInvocationOperation)"/>), whether they really run them concurrently (a visible degree of
    /// parallelism of 1 does not), where work is started once per item and whether each item waits for it, and whether
    /// code sits under a lock.
    /// </summary>
    internal sealed class ConcurrencySites
    {
        private readonly ConcurrencySymbols _s;

        public ConcurrencySites(ConcurrencySymbols symbols) => _s = symbols;

        public ConcurrencySymbols Symbols => _s;

        // ---- what runs delegates on other threads ----

        public ConcurrencySite? Classify(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var container = method.ContainingType?.OriginalDefinition;
            if (container is null)
            {
                return null;
            }

            if (ConcurrencySymbols.Is(container, _s.Parallel))
            {
                switch (method.Name)
                {
                    case "For":
                    case "ForEach":
                    case "ForEachAsync":
                        return new ConcurrencySite(invocation, ConcurrencyKind.Concurrent, ConcurrencySiteShape.Parallel, "Parallel." + method.Name);
                    case "Invoke":
                        return new ConcurrencySite(invocation, ConcurrencyKind.ConcurrentBetweenDelegates, ConcurrencySiteShape.Parallel, "Parallel.Invoke");
                    default:
                        return null;
                }
            }

            if (ConcurrencySymbols.Is(container, _s.ParallelEnumerable))
            {
                return new ConcurrencySite(invocation, ConcurrencyKind.Concurrent, ConcurrencySiteShape.Plinq, "a PLINQ query");
            }

            if (ConcurrencySymbols.Is(container, _s.Task) && method.Name == "Run" && method.IsStatic)
            {
                return new ConcurrencySite(invocation, ConcurrencyKind.StartedWork, ConcurrencySiteShape.StartedWork, "Task.Run");
            }

            if ((ConcurrencySymbols.Is(container, _s.TaskFactory) || ConcurrencySymbols.Is(container, _s.TaskFactoryOfT)) && method.Name == "StartNew")
            {
                var name = OperationHelpers.SkipConversions(invocation.Instance ?? invocation) is IPropertyReferenceOperation { Property.Name: "Factory" }
                    ? "Task.Factory.StartNew"
                    : "TaskFactory.StartNew";
                return new ConcurrencySite(invocation, ConcurrencyKind.StartedWork, ConcurrencySiteShape.StartedWork, name);
            }

            if (ConcurrencySymbols.Is(container, _s.ThreadPool) && (method.Name == "QueueUserWorkItem" || method.Name == "UnsafeQueueUserWorkItem"))
            {
                return new ConcurrencySite(invocation, ConcurrencyKind.StartedWork, ConcurrencySiteShape.StartedWork, "ThreadPool." + method.Name);
            }

            if ((ConcurrencySymbols.Is(container, _s.EndpointRouteBuilderExtensions) && method.Name.StartsWith("Map", System.StringComparison.Ordinal))
                || (ConcurrencySymbols.Is(container, _s.RunExtensions) && method.Name == "Run")
                || (ConcurrencySymbols.Is(container, _s.UseExtensions) && method.Name == "Use"))
            {
                return new ConcurrencySite(invocation, ConcurrencyKind.Concurrent, ConcurrencySiteShape.RequestHandler, method.Name);
            }

            return null;
        }

        public ConcurrencySite? Classify(IObjectCreationOperation creation)
        {
            var type = creation.Type?.OriginalDefinition;
            if (ConcurrencySymbols.Is(type, _s.Thread))
            {
                return new ConcurrencySite(creation, ConcurrencyKind.StartedWork, ConcurrencySiteShape.Thread, "a new Thread");
            }

            if (ConcurrencySymbols.Is(type, _s.Timer) && IsPeriodicTimer(creation))
            {
                return new ConcurrencySite(creation, ConcurrencyKind.Concurrent, ConcurrencySiteShape.PeriodicTimer, "a periodic Timer");
            }

            return null;
        }

        /// <summary>
        /// A System.Threading.Timer with a visibly positive period: its callbacks can overlap. A one-shot timer
        /// (period 0 or infinite) or a period that cannot be read is left alone.
        /// </summary>
        private bool IsPeriodicTimer(IObjectCreationOperation creation)
        {
            IArgumentOperation? period = null;
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is { Ordinal: 3 })
                {
                    period = argument;
                }
            }

            if (period is null)
            {
                return false;
            }

            var value = OperationHelpers.SkipConversions(period.Value);
            if (value.ConstantValue.HasValue)
            {
                return value.ConstantValue.Value switch
                {
                    int i => i > 0,
                    long l => l > 0,
                    uint u => u > 0 && u != uint.MaxValue,
                    _ => false,
                };
            }

            if (value is IInvocationOperation { TargetMethod: { IsStatic: true } from } fromCall
                && ConcurrencySymbols.Is(from.ContainingType, _s.TimeSpan)
                && from.Name.StartsWith("From", System.StringComparison.Ordinal)
                && fromCall.Arguments.Length > 0)
            {
                var first = OperationHelpers.SkipConversions(fromCall.Arguments[0].Value).ConstantValue;
                return first.HasValue && first.Value switch
                {
                    int i => i > 0,
                    long l => l > 0,
                    double d => d > 0,
                    _ => false,
                };
            }

            return false;
        }

        /// <summary>True when the lambda is passed (directly, as a delegate or in a params array) to a concurrency site.</summary>
        public bool IsPassedToConcurrencySite(IAnonymousFunctionOperation lambda)
        {
            var parent = OperationHelpers.ParentSkippingConversions(lambda);
            if (parent is IDelegateCreationOperation)
            {
                parent = OperationHelpers.ParentSkippingConversions(parent);
            }

            if (parent is IArrayInitializerOperation)
            {
                parent = OperationHelpers.ParentSkippingConversions(parent);
                if (parent is IArrayCreationOperation)
                {
                    parent = OperationHelpers.ParentSkippingConversions(parent);
                }
            }

            return parent is IArgumentOperation { Parent: { } call }
                && (call is IInvocationOperation invocation ? Classify(invocation) is not null
                    : call is IObjectCreationOperation creation && Classify(creation) is not null);
        }

        /// <summary>True inside a lock statement, up to <paramref name="stop"/> or a delegate that another thread runs.</summary>
        public bool IsInsideLock(IOperation operation, IOperation? stop = null)
        {
            for (var current = operation.Parent; current is not null && !ReferenceEquals(current, stop); current = current.Parent)
            {
                if (current is ILockOperation)
                {
                    return true;
                }

                if (current is IAnonymousFunctionOperation lambda && IsPassedToConcurrencySite(lambda))
                {
                    return false;
                }
            }

            return false;
        }

        // ---- do the delegates really run concurrently ----

        /// <summary>False for Parallel.* with a visible MaxDegreeOfParallelism of 1 and PLINQ with WithDegreeOfParallelism(1), or when that setting cannot be read.</summary>
        public bool RunsConcurrently(ConcurrencySite site, IOperation root)
        {
            if (site.Operation is not IInvocationOperation invocation)
            {
                return true;
            }

            var container = invocation.TargetMethod.ContainingType?.OriginalDefinition;
            if (ConcurrencySymbols.Is(container, _s.Parallel))
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (ConcurrencySymbols.Is(argument.Parameter?.Type, _s.ParallelOptions))
                    {
                        return EvaluateParallelOptions(argument.Value, root) == Degree.Parallel;
                    }
                }

                return true;
            }

            if (ConcurrencySymbols.Is(container, _s.ParallelEnumerable))
            {
                var current = invocation.Arguments.Length > 0 ? OperationHelpers.SkipConversions(invocation.Arguments[0].Value) : null;
                while (current is IInvocationOperation previous
                    && ConcurrencySymbols.Is(previous.TargetMethod.ContainingType?.OriginalDefinition, _s.ParallelEnumerable))
                {
                    if (previous.TargetMethod.Name == "WithDegreeOfParallelism" && previous.Arguments.Length > 1)
                    {
                        var degree = EvaluateDegree(previous.Arguments[1].Value);
                        if (degree != Degree.Parallel)
                        {
                            return false;
                        }
                    }

                    current = previous.Arguments.Length > 0 ? OperationHelpers.SkipConversions(previous.Arguments[0].Value) : null;
                }
            }

            return true;
        }

        private enum Degree
        {
            Parallel,
            Sequential,
            Unknown,
        }

        private Degree EvaluateParallelOptions(IOperation options, IOperation root)
        {
            var value = OperationHelpers.SkipConversions(options);
            var degrees = new List<IOperation>();
            if (value is IObjectCreationOperation creation)
            {
                CollectDegreeInitializers(creation, degrees);
            }
            else if (value is ILocalReferenceOperation local)
            {
                var initialized = false;
                foreach (var operation in root.Descendants())
                {
                    if (operation is IVariableDeclaratorOperation declarator && ConcurrencySymbols.Is(declarator.Symbol, local.Local))
                    {
                        if (declarator.GetVariableInitializer()?.Value is { } initializer
                            && OperationHelpers.SkipConversions(initializer) is IObjectCreationOperation localCreation)
                        {
                            CollectDegreeInitializers(localCreation, degrees);
                            initialized = true;
                        }
                    }
                    else if (operation is ISimpleAssignmentOperation
                    {
                        Target: IPropertyReferenceOperation { Property.Name: "MaxDegreeOfParallelism", Instance: ILocalReferenceOperation assigned },
                    } assignment
                        && ConcurrencySymbols.Is(assigned.Local, local.Local))
                    {
                        degrees.Add(assignment.Value);
                    }
                }

                if (!initialized)
                {
                    return Degree.Unknown;
                }
            }
            else
            {
                return Degree.Unknown;
            }

            var result = Degree.Parallel;
            foreach (var degree in degrees)
            {
                var evaluated = EvaluateDegree(degree);
                if (evaluated == Degree.Sequential)
                {
                    return Degree.Sequential;
                }

                if (evaluated == Degree.Unknown)
                {
                    result = Degree.Unknown;
                }
            }

            return result;
        }

        private static void CollectDegreeInitializers(IObjectCreationOperation creation, List<IOperation> degrees)
        {
            if (creation.Initializer is null)
            {
                return;
            }

            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "MaxDegreeOfParallelism" } } assignment)
                {
                    degrees.Add(assignment.Value);
                }
            }
        }

        /// <summary>A degree of parallelism: a constant 1 is sequential, another constant or Environment.ProcessorCount is parallel.</summary>
        private Degree EvaluateDegree(IOperation degree)
        {
            var value = OperationHelpers.SkipConversions(degree);
            if (value.ConstantValue is { HasValue: true, Value: int constant })
            {
                return constant == 1 ? Degree.Sequential : Degree.Parallel;
            }

            return value is IPropertyReferenceOperation { Property.Name: "ProcessorCount" } processorCount
                && ConcurrencySymbols.Is(processorCount.Property.ContainingType, _s.Environment)
                ? Degree.Parallel
                : Degree.Unknown;
        }

        // ---- work started once per item ----

        /// <summary>
        /// The loop whose body starts the work on each iteration, or the per-item lambda (a LINQ or PLINQ operator,
        /// Parallel.*, List.ForEach, Array.ForEach) that does; <paramref name="where"/> says which ("inside a loop",
        /// "inside Select"). Null when the work is started once as far as can be seen.
        /// </summary>
        public IOperation? FindRepeatScope(IOperation site, out string where)
        {
            where = string.Empty;
            for (var child = site; child.Parent is { } parent; child = parent)
            {
                switch (parent)
                {
                    case ILoopOperation loop when ReferenceEquals(loop.Body, child):
                        where = "inside a loop";
                        return loop;
                    case IAnonymousFunctionOperation lambda:
                        if (PerItemCode.GetPerItemOperatorName(lambda, _s) is { } name)
                        {
                            where = "inside " + name;
                            return lambda;
                        }

                        return null;
                    case ILocalFunctionOperation:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// True when each iteration waits for the work it started (await, Wait, Result, GetResult, Thread.Join),
        /// so the iterations do not overlap. An await inside an async per-item lambda does not count: the
        /// lambdas themselves run concurrently.
        /// </summary>
        public bool IsWaitedWithinIteration(ConcurrencySite site, IOperation repeat)
        {
            var allowAwait = repeat is not IAnonymousFunctionOperation { Symbol.IsAsync: true };
            var start = site.Operation;
            var isThread = start is IObjectCreationOperation;
            if (isThread)
            {
                var parent = OperationHelpers.ParentSkippingConversions(start);
                var thread = GetAssignedLocal(start);
                if (thread is null || parent is IInvocationOperation)
                {
                    return false;
                }

                foreach (var operation in repeat.Descendants())
                {
                    if (operation is IInvocationOperation { TargetMethod.Name: "Join", Instance: { } joined }
                        && OperationHelpers.SkipConversions(joined) is ILocalReferenceOperation joinedLocal
                        && ConcurrencySymbols.Is(joinedLocal.Local, thread))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (site.Name.StartsWith("ThreadPool", System.StringComparison.Ordinal))
            {
                return false;
            }

            if (IsWaited(start, allowAwait))
            {
                return true;
            }

            var task = GetAssignedLocal(start);
            if (task is null)
            {
                return false;
            }

            foreach (var operation in repeat.Descendants())
            {
                if (operation is ILocalReferenceOperation reference && ConcurrencySymbols.Is(reference.Local, task) && IsWaited(reference, allowAwait))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsWaited(IOperation task, bool allowAwait)
        {
            var parent = OperationHelpers.ParentSkippingConversions(task);
            switch (parent)
            {
                case IAwaitOperation:
                    return allowAwait;
                case IPropertyReferenceOperation { Property.Name: "Result" } result when IsReceiver(result.Instance, task):
                    return true;
                case IInvocationOperation invocation when IsReceiver(invocation.Instance, task):
                    switch (invocation.TargetMethod.Name)
                    {
                        case "Wait":
                            return true;
                        case "ConfigureAwait":
                            return IsWaited(invocation, allowAwait);
                        case "GetAwaiter":
                            return OperationHelpers.ParentSkippingConversions(invocation) is IInvocationOperation { TargetMethod.Name: "GetResult" } getResult
                                && IsReceiver(getResult.Instance, invocation);
                        default:
                            return false;
                    }

                default:
                    return false;
            }
        }

        private static bool IsReceiver(IOperation? instance, IOperation operation) =>
            instance is not null && ReferenceEquals(OperationHelpers.SkipConversions(instance), operation);

        private static ILocalSymbol? GetAssignedLocal(IOperation value)
        {
            var parent = OperationHelpers.ParentSkippingConversions(value);
            if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
            {
                return declarator.Symbol;
            }

            return parent is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } ? target.Local : null;
        }
    }
}
