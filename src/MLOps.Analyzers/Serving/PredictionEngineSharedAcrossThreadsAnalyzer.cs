using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Serving
{
    /// <summary>
    /// MLO4001: a <c>PredictionEngine</c> (not thread-safe) that several threads can reach at once: held in a static
    /// member used by code anyone can call, registered as a singleton, held by conventional ASP.NET Core middleware,
    /// or captured by code that runs concurrently (Parallel.*, PLINQ, Task.Run/threads started in a loop, periodic
    /// timers, minimal-API request handlers). Controllers and hosted services are not flagged for their fields alone:
    /// MVC creates a controller per request, and a hosted service is only reached by what it starts itself.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PredictionEngineSharedAcrossThreadsAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.PredictionEngineSharedAcrossThreads);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var serving = ServingSymbols.TryCreate(context.Compilation);
            if (serving is null)
            {
                return;
            }

            context.RegisterSymbolStartAction(start => TypeAnalysis.Register(start, serving), SymbolKind.NamedType);
        }

        private static Diagnostic CreateDiagnostic(Location location, string how) =>
            Diagnostic.Create(DiagnosticDescriptors.PredictionEngineSharedAcrossThreads, location, how);

        /// <summary>The framework types the rule needs, resolved once per compilation.</summary>
        private sealed class ServingSymbols
        {
            private ServingSymbols(Compilation c, INamedTypeSymbol engineBase)
            {
                EngineBase = engineBase;
                Engine = c.GetTypeByMetadataName("Microsoft.ML.PredictionEngine`2");
                Lazy = c.GetTypeByMetadataName("System.Lazy`1");
                ThreadStaticAttribute = c.GetTypeByMetadataName("System.ThreadStaticAttribute");
                PredictionEnginePool = c.GetTypeByMetadataName("Microsoft.Extensions.ML.PredictionEnginePool`2");

                Parallel = c.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
                ParallelOptions = c.GetTypeByMetadataName("System.Threading.Tasks.ParallelOptions");
                ParallelEnumerable = c.GetTypeByMetadataName("System.Linq.ParallelEnumerable");
                Enumerable = c.GetTypeByMetadataName("System.Linq.Enumerable");
                List = c.GetTypeByMetadataName("System.Collections.Generic.List`1");
                Array = c.GetTypeByMetadataName("System.Array");
                Task = c.GetTypeByMetadataName("System.Threading.Tasks.Task");
                TaskFactory = c.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
                TaskFactoryOfT = c.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");
                Thread = c.GetTypeByMetadataName("System.Threading.Thread");
                ThreadPool = c.GetTypeByMetadataName("System.Threading.ThreadPool");
                Timer = c.GetTypeByMetadataName("System.Threading.Timer");
                TimeSpan = c.GetTypeByMetadataName("System.TimeSpan");
                Environment = c.GetTypeByMetadataName("System.Environment");

                Monitor = c.GetTypeByMetadataName("System.Threading.Monitor");
                SemaphoreSlim = c.GetTypeByMetadataName("System.Threading.SemaphoreSlim");
                WaitHandle = c.GetTypeByMetadataName("System.Threading.WaitHandle");
                ReaderWriterLockSlim = c.GetTypeByMetadataName("System.Threading.ReaderWriterLockSlim");
                SpinLock = c.GetTypeByMetadataName("System.Threading.SpinLock");
                Lock = c.GetTypeByMetadataName("System.Threading.Lock");

                ServiceCollectionServiceExtensions = c.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions");
                ServiceCollectionDescriptorExtensions = c.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions");
                ServiceDescriptor = c.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ServiceDescriptor");

                HttpContext = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext");
                RequestDelegate = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.RequestDelegate");
                IMiddleware = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IMiddleware");
                EndpointRouteBuilderExtensions = c.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
                RunExtensions = c.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.RunExtensions");
                UseExtensions = c.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.UseExtensions");
            }

            public INamedTypeSymbol EngineBase { get; }
            public INamedTypeSymbol? Engine { get; }
            public INamedTypeSymbol? Lazy { get; }
            public INamedTypeSymbol? ThreadStaticAttribute { get; }
            public INamedTypeSymbol? PredictionEnginePool { get; }
            public INamedTypeSymbol? Parallel { get; }
            public INamedTypeSymbol? ParallelOptions { get; }
            public INamedTypeSymbol? ParallelEnumerable { get; }
            public INamedTypeSymbol? Enumerable { get; }
            public INamedTypeSymbol? List { get; }
            public INamedTypeSymbol? Array { get; }
            public INamedTypeSymbol? Task { get; }
            public INamedTypeSymbol? TaskFactory { get; }
            public INamedTypeSymbol? TaskFactoryOfT { get; }
            public INamedTypeSymbol? Thread { get; }
            public INamedTypeSymbol? ThreadPool { get; }
            public INamedTypeSymbol? Timer { get; }
            public INamedTypeSymbol? TimeSpan { get; }
            public INamedTypeSymbol? Environment { get; }
            public INamedTypeSymbol? Monitor { get; }
            public INamedTypeSymbol? SemaphoreSlim { get; }
            public INamedTypeSymbol? WaitHandle { get; }
            public INamedTypeSymbol? ReaderWriterLockSlim { get; }
            public INamedTypeSymbol? SpinLock { get; }
            public INamedTypeSymbol? Lock { get; }
            public INamedTypeSymbol? ServiceCollectionServiceExtensions { get; }
            public INamedTypeSymbol? ServiceCollectionDescriptorExtensions { get; }
            public INamedTypeSymbol? ServiceDescriptor { get; }
            public INamedTypeSymbol? HttpContext { get; }
            public INamedTypeSymbol? RequestDelegate { get; }
            public INamedTypeSymbol? IMiddleware { get; }
            public INamedTypeSymbol? EndpointRouteBuilderExtensions { get; }
            public INamedTypeSymbol? RunExtensions { get; }
            public INamedTypeSymbol? UseExtensions { get; }

            public static ServingSymbols? TryCreate(Compilation compilation) =>
                compilation.GetTypeByMetadataName("Microsoft.ML.PredictionEngineBase`2") is { } engineBase
                    ? new ServingSymbols(compilation, engineBase)
                    : null;

            /// <summary><c>PredictionEngine&lt;,&gt;</c>, <c>PredictionEngineBase&lt;,&gt;</c> or a type derived from them (open or closed).</summary>
            public bool IsEngine(ITypeSymbol? type)
            {
                for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
                {
                    var definition = current.OriginalDefinition;
                    if (Is(definition, EngineBase) || Is(definition, Engine))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>An engine, or a <c>Lazy&lt;&gt;</c> of one.</summary>
            public bool IsEngineHolder(ITypeSymbol? type) =>
                IsEngine(type) || IsLazyEngine(type);

            public bool IsLazyEngine(ITypeSymbol? type) =>
                type is INamedTypeSymbol { TypeArguments.Length: 1 } named
                && Is(named.OriginalDefinition, Lazy)
                && IsEngine(named.TypeArguments[0]);

            public bool IsThreadStatic(ISymbol member)
            {
                if (ThreadStaticAttribute is null)
                {
                    return false;
                }

                foreach (var attribute in member.GetAttributes())
                {
                    if (Is(attribute.AttributeClass, ThreadStaticAttribute))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>Calls that take a lock or wait on a synchronisation primitive (a write lock for reader/writer locks).</summary>
            public bool IsSynchronization(IMethodSymbol method)
            {
                var type = method.ContainingType?.OriginalDefinition;
                switch (method.Name)
                {
                    case "Enter":
                    case "TryEnter":
                        return Is(type, Monitor) || Is(type, SpinLock) || Is(type, Lock);
                    case "EnterScope":
                        return Is(type, Lock);
                    case "Wait":
                    case "WaitAsync":
                        return Is(type, SemaphoreSlim);
                    case "WaitOne":
                        return InheritsFrom(type, WaitHandle);
                    case "EnterWriteLock":
                    case "TryEnterWriteLock":
                        return Is(type, ReaderWriterLockSlim);
                    default:
                        return false;
                }
            }

            public static bool Is(ISymbol? symbol, ISymbol? other) =>
                other is not null && SymbolEqualityComparer.Default.Equals(symbol, other);

            public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
            {
                if (baseType is null)
                {
                    return false;
                }

                for (var current = type; current is not null; current = current.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        private enum SiteKind
        {
            /// <summary>The delegates run concurrently with each other (Parallel.For/ForEach, PLINQ, periodic timers, request handlers).</summary>
            Concurrent,

            /// <summary>Parallel.Invoke: concurrent only between its actions.</summary>
            ConcurrentBetweenDelegates,

            /// <summary>Task.Run, TaskFactory.StartNew, new Thread, ThreadPool.QueueUserWorkItem: concurrent when started repeatedly without waiting.</summary>
            StartedWork,
        }

        /// <summary>A call or creation that runs delegates on other threads.</summary>
        private sealed class ConcurrencySite
        {
            public ConcurrencySite(IOperation operation, SiteKind kind, string name, string capturePhrase)
            {
                Operation = operation;
                Kind = kind;
                Name = name;
                CapturePhrase = capturePhrase;
            }

            public IOperation Operation { get; }

            public SiteKind Kind { get; }

            /// <summary>How the site is named in messages: <c>Parallel.ForEach</c>, <c>Task.Run</c>, ...</summary>
            public string Name { get; }

            /// <summary>The message argument for an engine captured by a delegate of this site.</summary>
            public string CapturePhrase { get; }

            /// <summary>The message argument for an engine used by a method passed as a method group.</summary>
            public string MethodGroupPhrase(string methodName) => "is used by '" + methodName + "', which is passed to " + Name;
        }

        /// <summary>A use of one of the analysed type's own engine members.</summary>
        private readonly struct MemberUse
        {
            public MemberUse(ISymbol member, ISymbol user, bool isProtected)
            {
                Member = member;
                User = user;
                IsProtected = isProtected;
            }

            public ISymbol Member { get; }

            /// <summary>The method, accessor, field or property whose code reads the member.</summary>
            public ISymbol User { get; }

            /// <summary>Inside a <c>lock</c> statement.</summary>
            public bool IsProtected { get; }
        }

        /// <summary>A same-type method passed as a method group to a concurrency site; resolved at symbol end.</summary>
        private readonly struct MethodGroupSite
        {
            public MethodGroupSite(IMethodSymbol method, Location location, string phrase)
            {
                Method = method;
                Location = location;
                Phrase = phrase;
            }

            public IMethodSymbol Method { get; }

            public Location Location { get; }

            public string Phrase { get; }
        }

        /// <summary>Everything the rule collects for one named type, reported at symbol end.</summary>
        private sealed class TypeAnalysis
        {
            private readonly object _gate = new object();
            private readonly INamedTypeSymbol _type;
            private readonly ServingSymbols _s;

            /// <summary>The type's own fields and auto-properties that hold an engine (or a Lazy of one).</summary>
            private readonly HashSet<ISymbol> _engineMembers = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            private readonly HashSet<ISymbol> _autoProperties = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            private readonly List<MemberUse> _uses = new List<MemberUse>();
            private readonly Dictionary<ISymbol, List<ISymbol>> _callers = new Dictionary<ISymbol, List<ISymbol>>(SymbolEqualityComparer.Default);
            private readonly HashSet<ISymbol> _synchronizedMembers = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            private readonly List<MethodGroupSite> _methodGroupSites = new List<MethodGroupSite>();

            private TypeAnalysis(INamedTypeSymbol type, ServingSymbols symbols)
            {
                _type = type;
                _s = symbols;
                foreach (var member in type.GetMembers())
                {
                    if (member is IFieldSymbol field)
                    {
                        if (field.AssociatedSymbol is IPropertySymbol property)
                        {
                            _autoProperties.Add(property);
                        }
                        else if (!field.IsConst && !field.IsImplicitlyDeclared && symbols.IsEngineHolder(field.Type))
                        {
                            _engineMembers.Add(field);
                        }
                    }
                }

                foreach (var member in type.GetMembers())
                {
                    if (member is IPropertySymbol property && _autoProperties.Contains(property) && symbols.IsEngineHolder(property.Type))
                    {
                        _engineMembers.Add(property);
                    }
                }
            }

            private bool HasEngineMembers => _engineMembers.Count > 0;

            public static void Register(SymbolStartAnalysisContext context, ServingSymbols symbols)
            {
                if (context.Symbol is not INamedTypeSymbol type)
                {
                    return;
                }

                var analysis = new TypeAnalysis(type, symbols);
                if (analysis.HasEngineMembers)
                {
                    context.RegisterOperationAction(analysis.OnMemberReference, OperationKind.FieldReference, OperationKind.PropertyReference);
                }

                context.RegisterOperationAction(analysis.OnInvocation, OperationKind.Invocation);
                context.RegisterOperationAction(analysis.OnObjectCreation, OperationKind.ObjectCreation);
                context.RegisterSymbolEndAction(analysis.OnEnd);
            }

            // ---- collection ----

            private void OnMemberReference(OperationAnalysisContext context)
            {
                if (!IsOwnCode(context.ContainingSymbol))
                {
                    return;
                }

                var member = context.Operation switch
                {
                    IFieldReferenceOperation fieldReference => (ISymbol)fieldReference.Field.OriginalDefinition,
                    IPropertyReferenceOperation propertyReference => propertyReference.Property.OriginalDefinition,
                    _ => null,
                };
                if (member is null || !ServingSymbols.Is(member.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
                {
                    return;
                }

                if (member is IPropertySymbol property)
                {
                    AddCall(context.ContainingSymbol, property.GetMethod);
                    AddCall(context.ContainingSymbol, property.SetMethod);
                }

                if (!_engineMembers.Contains(member) || IsWriteTarget(context.Operation))
                {
                    return;
                }

                var use = new MemberUse(member, context.ContainingSymbol.OriginalDefinition, IsInsideLock(context.Operation));
                lock (_gate)
                {
                    _uses.Add(use);
                }
            }

            private void OnInvocation(OperationAnalysisContext context)
            {
                if (!IsOwnCode(context.ContainingSymbol) || context.Operation is not IInvocationOperation invocation)
                {
                    return;
                }

                var method = invocation.TargetMethod;
                if (HasEngineMembers)
                {
                    if (method.MethodKind != MethodKind.LocalFunction)
                    {
                        AddCall(context.ContainingSymbol, method);
                    }

                    if (_s.IsSynchronization(method))
                    {
                        lock (_gate)
                        {
                            _synchronizedMembers.Add(context.ContainingSymbol.OriginalDefinition);
                        }
                    }
                }

                if (GetSingletonRegistrationHow(invocation) is { } how)
                {
                    context.ReportDiagnostic(CreateDiagnostic(invocation.Syntax.GetLocation(), how));
                    return;
                }

                if (ClassifyInvocation(invocation) is { } site)
                {
                    AnalyzeSite(site, context);
                }
            }

            private void OnObjectCreation(OperationAnalysisContext context)
            {
                if (!IsOwnCode(context.ContainingSymbol) || context.Operation is not IObjectCreationOperation creation)
                {
                    return;
                }

                if (HasEngineMembers && creation.Constructor is { } constructor)
                {
                    AddCall(context.ContainingSymbol, constructor);
                }

                if (ClassifyCreation(creation) is { } site)
                {
                    AnalyzeSite(site, context);
                }
            }

            private bool IsOwnCode(ISymbol? containingSymbol)
            {
                var containingType = containingSymbol switch
                {
                    IMethodSymbol method => method.ContainingType,
                    IFieldSymbol field => field.ContainingType,
                    IPropertySymbol property => property.ContainingType,
                    IEventSymbol @event => @event.ContainingType,
                    _ => null,
                };
                return containingType is not null && ServingSymbols.Is(containingType.OriginalDefinition, _type.OriginalDefinition);
            }

            private void AddCall(ISymbol caller, IMethodSymbol? callee)
            {
                if (callee is null || !ServingSymbols.Is(callee.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
                {
                    return;
                }

                var callerDefinition = caller.OriginalDefinition;
                var calleeDefinition = callee.OriginalDefinition;
                lock (_gate)
                {
                    if (!_callers.TryGetValue(calleeDefinition, out var list))
                    {
                        list = new List<ISymbol>();
                        _callers[calleeDefinition] = list;
                    }

                    list.Add(callerDefinition);
                }
            }

            // ---- singletons ----

            /// <summary>The message argument when the invocation registers an engine, or a class holding one, as a singleton.</summary>
            private string? GetSingletonRegistrationHow(IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod;
                var container = method.ContainingType?.OriginalDefinition;
                var isSingleton = method.Name switch
                {
                    "AddSingleton" or "AddKeyedSingleton" => ServingSymbols.Is(container, _s.ServiceCollectionServiceExtensions),
                    "TryAddSingleton" or "TryAddKeyedSingleton" => ServingSymbols.Is(container, _s.ServiceCollectionDescriptorExtensions),
                    "Singleton" or "KeyedSingleton" => ServingSymbols.Is(container, _s.ServiceDescriptor),
                    _ => false,
                };
                if (!isSingleton)
                {
                    return null;
                }

                var candidates = new List<ITypeSymbol>();
                foreach (var typeArgument in method.TypeArguments)
                {
                    candidates.Add(typeArgument);
                }

                foreach (var argument in invocation.Arguments)
                {
                    var value = OperationHelpers.SkipConversions(argument.Value);
                    if (value is ITypeOfOperation typeOf)
                    {
                        candidates.Add(typeOf.TypeOperand);
                    }
                    else if (argument.Parameter?.Type.SpecialType == SpecialType.System_Object && value.Type is { } instanceType)
                    {
                        candidates.Add(instanceType);
                    }
                }

                foreach (var candidate in candidates)
                {
                    if (_s.IsEngineHolder(candidate))
                    {
                        return "is registered as a singleton";
                    }
                }

                foreach (var candidate in candidates)
                {
                    if (candidate is INamedTypeSymbol { TypeKind: TypeKind.Class } named
                        && !ServingSymbols.Is(named.OriginalDefinition, _s.PredictionEnginePool)
                        && FindEngineField(named) is { } field
                        && !Synchronizes(named))
                    {
                        return "is held in the field '" + field + "' of '" + named.Name + "', which is registered as a singleton";
                    }
                }

                return null;
            }

            /// <summary>The name of an instance field or auto-property declared in source that holds an engine.</summary>
            private string? FindEngineField(INamedTypeSymbol type)
            {
                for (var current = type; current is not null && OperationHelpers.IsInSource(current); current = current.BaseType)
                {
                    foreach (var member in current.GetMembers())
                    {
                        if (member is IFieldSymbol { IsStatic: false, IsConst: false } field && _s.IsEngineHolder(field.Type))
                        {
                            return field.AssociatedSymbol is IPropertySymbol property ? property.Name : field.Name;
                        }
                    }
                }

                return null;
            }

            /// <summary>
            /// True when the class's source takes a lock or waits on a synchronisation primitive anywhere: the author
            /// guarded something, and the rule does not try to prove it is not the engine. Read only for the rare
            /// classes registered as singletons that hold an engine.
            /// </summary>
            private static bool Synchronizes(INamedTypeSymbol type)
            {
                for (var current = type; current is not null && OperationHelpers.IsInSource(current); current = current.BaseType)
                {
                    foreach (var reference in current.DeclaringSyntaxReferences)
                    {
                        foreach (var node in reference.GetSyntax().DescendantNodes())
                        {
                            if (node is LockStatementSyntax)
                            {
                                return true;
                            }

                            if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
                            {
                                switch (access.Name.Identifier.ValueText)
                                {
                                    case "Enter":
                                    case "TryEnter":
                                    case "EnterScope":
                                    case "Wait":
                                    case "WaitAsync":
                                    case "WaitOne":
                                    case "EnterWriteLock":
                                    case "TryEnterWriteLock":
                                        return true;
                                }
                            }
                        }
                    }
                }

                return false;
            }

            // ---- concurrency sites ----

            private ConcurrencySite? ClassifyInvocation(IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod;
                var container = method.ContainingType?.OriginalDefinition;
                if (container is null)
                {
                    return null;
                }

                if (ServingSymbols.Is(container, _s.Parallel))
                {
                    switch (method.Name)
                    {
                        case "For":
                        case "ForEach":
                        case "ForEachAsync":
                            return new ConcurrencySite(invocation, SiteKind.Concurrent, "Parallel." + method.Name, "is captured by Parallel." + method.Name);
                        case "Invoke":
                            return new ConcurrencySite(invocation, SiteKind.ConcurrentBetweenDelegates, "Parallel.Invoke", "is captured by Parallel.Invoke");
                        default:
                            return null;
                    }
                }

                if (ServingSymbols.Is(container, _s.ParallelEnumerable))
                {
                    return new ConcurrencySite(invocation, SiteKind.Concurrent, "a PLINQ query", "is used in a PLINQ query");
                }

                if (ServingSymbols.Is(container, _s.Task) && method.Name == "Run" && method.IsStatic)
                {
                    return new ConcurrencySite(invocation, SiteKind.StartedWork, "Task.Run", "is captured by Task.Run");
                }

                if ((ServingSymbols.Is(container, _s.TaskFactory) || ServingSymbols.Is(container, _s.TaskFactoryOfT)) && method.Name == "StartNew")
                {
                    var name = OperationHelpers.SkipConversions(invocation.Instance ?? invocation) is IPropertyReferenceOperation { Property.Name: "Factory" }
                        ? "Task.Factory.StartNew"
                        : "TaskFactory.StartNew";
                    return new ConcurrencySite(invocation, SiteKind.StartedWork, name, "is captured by " + name);
                }

                if (ServingSymbols.Is(container, _s.ThreadPool) && (method.Name == "QueueUserWorkItem" || method.Name == "UnsafeQueueUserWorkItem"))
                {
                    var name = "ThreadPool." + method.Name;
                    return new ConcurrencySite(invocation, SiteKind.StartedWork, name, "is captured by " + name);
                }

                if ((ServingSymbols.Is(container, _s.EndpointRouteBuilderExtensions) && method.Name.StartsWith("Map", System.StringComparison.Ordinal))
                    || (ServingSymbols.Is(container, _s.RunExtensions) && method.Name == "Run")
                    || (ServingSymbols.Is(container, _s.UseExtensions) && method.Name == "Use"))
                {
                    return new ConcurrencySite(invocation, SiteKind.Concurrent, method.Name, "is captured by the request handler passed to " + method.Name);
                }

                return null;
            }

            private ConcurrencySite? ClassifyCreation(IObjectCreationOperation creation)
            {
                var type = creation.Type?.OriginalDefinition;
                if (ServingSymbols.Is(type, _s.Thread))
                {
                    return new ConcurrencySite(creation, SiteKind.StartedWork, "a new Thread", "is captured by a new Thread");
                }

                if (ServingSymbols.Is(type, _s.Timer) && IsPeriodicTimer(creation))
                {
                    return new ConcurrencySite(creation, SiteKind.Concurrent, "a periodic Timer", "is captured by a periodic Timer callback");
                }

                return null;
            }

            /// <summary>
            /// A System.Threading.Timer with a visibly positive period: its callbacks can overlap. A one-shot timer
            /// (period 0 or infinite) or a period the rule cannot read is left alone.
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
                    && ServingSymbols.Is(from.ContainingType, _s.TimeSpan)
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

            private void AnalyzeSite(ConcurrencySite site, OperationAnalysisContext context)
            {
                var arguments = site.Operation switch
                {
                    IInvocationOperation invocation => invocation.Arguments,
                    IObjectCreationOperation creation => creation.Arguments,
                    _ => ImmutableArray<IArgumentOperation>.Empty,
                };

                var delegates = new List<IOperation>();
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

                if (delegates.Count == 0)
                {
                    return;
                }

                var root = OperationHelpers.GetRoot(site.Operation);

                // Captured engine -> first captured reference, and in how many delegates it is captured.
                var captured = new Dictionary<ISymbol, IOperation>(SymbolEqualityComparer.Default);
                var delegateCounts = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
                foreach (var target in delegates)
                {
                    var inThisDelegate = new Dictionary<ISymbol, IOperation>(SymbolEqualityComparer.Default);
                    switch (target)
                    {
                        case IAnonymousFunctionOperation lambda:
                            CollectCaptures(lambda.Body, lambda.Syntax, inThisDelegate);
                            break;
                        case IMethodReferenceOperation reference:
                            CollectMethodGroup(reference, root, site, inThisDelegate);
                            break;
                    }

                    foreach (var pair in inThisDelegate)
                    {
                        delegateCounts[pair.Key] = delegateCounts.TryGetValue(pair.Key, out var count) ? count + 1 : 1;
                        if (!captured.ContainsKey(pair.Key))
                        {
                            captured.Add(pair.Key, pair.Value);
                        }
                    }
                }

                if (captured.Count == 0 || !RunsConcurrently(site, root))
                {
                    return;
                }

                foreach (var pair in captured)
                {
                    if (site.Kind == SiteKind.ConcurrentBetweenDelegates && delegateCounts[pair.Key] < 2)
                    {
                        continue;
                    }

                    var phrase = site.CapturePhrase;
                    if (site.Kind == SiteKind.StartedWork)
                    {
                        var repeat = FindRepeatScope(site.Operation, out var where);
                        if (repeat is null || IsDeclaredInside(pair.Key, repeat) || IsWaitedWithinIteration(site, repeat))
                        {
                            continue;
                        }

                        phrase += " " + where;
                    }

                    context.ReportDiagnostic(CreateDiagnostic(pair.Value.Syntax.GetLocation(), phrase));
                }
            }

            private static void AddDelegate(IOperation value, List<IOperation> delegates)
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

            /// <summary>
            /// Engines referenced in <paramref name="body"/> that were created outside <paramref name="scope"/>: captured
            /// locals and parameters, fields and auto-properties of objects that live outside it. Uses under a lock,
            /// or in a body that waits on a synchronisation primitive, are left out.
            /// </summary>
            private void CollectCaptures(IOperation? body, SyntaxNode scope, Dictionary<ISymbol, IOperation> captured)
            {
                if (body is null)
                {
                    return;
                }

                List<IOperation>? candidates = null;
                foreach (var operation in body.Descendants())
                {
                    if (operation is IInvocationOperation invocation && _s.IsSynchronization(invocation.TargetMethod))
                    {
                        return;
                    }

                    if (operation is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                        && _s.IsEngineHolder(operation.Type))
                    {
                        (candidates ??= new List<IOperation>()).Add(operation);
                    }
                }

                if (candidates is null)
                {
                    return;
                }

                foreach (var reference in candidates)
                {
                    if (IsWriteTarget(reference) || IsInsideLock(reference, body))
                    {
                        continue;
                    }

                    var symbol = GetSharedSymbol(reference, scope);
                    if (symbol is not null && !captured.ContainsKey(symbol))
                    {
                        captured.Add(symbol, reference);
                    }
                }
            }

            /// <summary>The symbol of an engine reference whose value is shared by every run of the delegate, or null.</summary>
            private ISymbol? GetSharedSymbol(IOperation reference, SyntaxNode scope)
            {
                switch (reference)
                {
                    case ILocalReferenceOperation local:
                        return IsDeclaredOutside(local.Local, scope) ? local.Local : null;
                    case IParameterReferenceOperation parameter:
                        return IsDeclaredOutside(parameter.Parameter, scope) ? parameter.Parameter : null;
                    case IFieldReferenceOperation field:
                        return IsSharedMember(field.Field, field.Instance, scope) ? field.Field.OriginalDefinition : null;
                    case IPropertyReferenceOperation property:
                        return IsAutoProperty(property.Property) && IsSharedMember(property.Property, property.Instance, scope)
                            ? property.Property.OriginalDefinition
                            : null;
                    default:
                        return null;
                }
            }

            private bool IsSharedMember(ISymbol member, IOperation? instance, SyntaxNode scope)
            {
                if (member is IFieldSymbol { IsConst: true } || _s.IsThreadStatic(member))
                {
                    return false;
                }

                if (member.IsStatic)
                {
                    // A static member the rule reports at its declaration (any non-private one in source) is not reported again here.
                    return member.DeclaredAccessibility == Accessibility.Private || !OperationHelpers.IsInSource(member);
                }

                return IsRootedOutside(instance, scope);
            }

            /// <summary>True when the object the member is read from exists outside the delegate (this, a captured variable, a static).</summary>
            private static bool IsRootedOutside(IOperation? instance, SyntaxNode scope)
            {
                for (var current = instance is null ? null : OperationHelpers.SkipConversions(instance); current is not null;)
                {
                    switch (current)
                    {
                        case IInstanceReferenceOperation:
                            return true;
                        case ILocalReferenceOperation local:
                            return IsDeclaredOutside(local.Local, scope);
                        case IParameterReferenceOperation parameter:
                            return IsDeclaredOutside(parameter.Parameter, scope);
                        case IFieldReferenceOperation field:
                            if (field.Instance is null)
                            {
                                return true;
                            }

                            current = OperationHelpers.SkipConversions(field.Instance);
                            continue;
                        default:
                            return false;
                    }
                }

                return false;
            }

            private static bool IsDeclaredOutside(ISymbol symbol, SyntaxNode scope)
            {
                var references = symbol.DeclaringSyntaxReferences;
                if (references.Length == 0)
                {
                    return false;
                }

                foreach (var reference in references)
                {
                    if (reference.SyntaxTree == scope.SyntaxTree && scope.Span.Contains(reference.Span))
                    {
                        return false;
                    }
                }

                return true;
            }

            /// <summary>A local or parameter declared in the loop or per-item lambda: each iteration has its own.</summary>
            private static bool IsDeclaredInside(ISymbol symbol, IOperation scope) =>
                symbol is ILocalSymbol or IParameterSymbol && !IsDeclaredOutside(symbol, scope.Syntax);

            private bool IsAutoProperty(IPropertySymbol property)
            {
                var definition = property.OriginalDefinition;
                if (ServingSymbols.Is(definition.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
                {
                    return _autoProperties.Contains(definition);
                }

                if (definition.ContainingType is null || !OperationHelpers.IsInSource(definition.ContainingType))
                {
                    return false;
                }

                foreach (var member in definition.ContainingType.GetMembers())
                {
                    if (member is IFieldSymbol field && ServingSymbols.Is(field.AssociatedSymbol, definition))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>Method groups: <c>engine.Predict</c>, a local function, or a method of this type (resolved at symbol end).</summary>
            private void CollectMethodGroup(IMethodReferenceOperation reference, IOperation root, ConcurrencySite site, Dictionary<ISymbol, IOperation> captured)
            {
                if (reference.Instance is { } instance && _s.IsEngineHolder(instance.Type))
                {
                    var target = OperationHelpers.SkipConversions(instance);
                    var symbol = target switch
                    {
                        ILocalReferenceOperation local => (ISymbol)local.Local,
                        IParameterReferenceOperation parameter => parameter.Parameter,
                        IFieldReferenceOperation field when IsSharedMember(field.Field, field.Instance, reference.Syntax) => field.Field.OriginalDefinition,
                        IPropertyReferenceOperation property when IsAutoProperty(property.Property) && IsSharedMember(property.Property, property.Instance, reference.Syntax) => property.Property.OriginalDefinition,
                        _ => null,
                    };
                    if (symbol is not null)
                    {
                        captured[symbol] = target;
                    }

                    return;
                }

                var method = reference.Method;
                if (method.MethodKind == MethodKind.LocalFunction)
                {
                    foreach (var operation in root.Descendants())
                    {
                        if (operation is ILocalFunctionOperation localFunction && ServingSymbols.Is(localFunction.Symbol, method.OriginalDefinition))
                        {
                            CollectCaptures(localFunction.Body ?? localFunction.IgnoredBody, localFunction.Syntax, captured);
                            return;
                        }
                    }

                    return;
                }

                if (HasEngineMembers && ServingSymbols.Is(method.ContainingType?.OriginalDefinition, _type.OriginalDefinition))
                {
                    var methodGroupSite = new MethodGroupSite(method.OriginalDefinition, reference.Syntax.GetLocation(), site.MethodGroupPhrase(method.Name));
                    if (site.Kind == SiteKind.Concurrent && RunsConcurrently(site, root))
                    {
                        lock (_gate)
                        {
                            _methodGroupSites.Add(methodGroupSite);
                        }
                    }
                }
            }

            /// <summary>False for Parallel.* with a visible MaxDegreeOfParallelism of 1 and PLINQ with WithDegreeOfParallelism(1), or when that setting cannot be read.</summary>
            private bool RunsConcurrently(ConcurrencySite site, IOperation root)
            {
                if (site.Operation is not IInvocationOperation invocation)
                {
                    return true;
                }

                var container = invocation.TargetMethod.ContainingType?.OriginalDefinition;
                if (ServingSymbols.Is(container, _s.Parallel))
                {
                    foreach (var argument in invocation.Arguments)
                    {
                        if (ServingSymbols.Is(argument.Parameter?.Type, _s.ParallelOptions))
                        {
                            return EvaluateParallelOptions(argument.Value, root) == Degree.Parallel;
                        }
                    }

                    return true;
                }

                if (ServingSymbols.Is(container, _s.ParallelEnumerable))
                {
                    var current = invocation.Arguments.Length > 0 ? OperationHelpers.SkipConversions(invocation.Arguments[0].Value) : null;
                    while (current is IInvocationOperation previous
                        && ServingSymbols.Is(previous.TargetMethod.ContainingType?.OriginalDefinition, _s.ParallelEnumerable))
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
                        if (operation is IVariableDeclaratorOperation declarator && ServingSymbols.Is(declarator.Symbol, local.Local))
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
                            && ServingSymbols.Is(assigned.Local, local.Local))
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
                    && ServingSymbols.Is(processorCount.Property.ContainingType, _s.Environment)
                    ? Degree.Parallel
                    : Degree.Unknown;
            }

            /// <summary>
            /// The loop whose body starts the work on each iteration, or the per-item lambda (a LINQ operator,
            /// List.ForEach, Array.ForEach) that does. Null when the work is started once as far as the rule can see.
            /// </summary>
            private IOperation? FindRepeatScope(IOperation site, out string where)
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
                            if (GetPerItemMethodName(lambda) is { } name)
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

            private string? GetPerItemMethodName(IAnonymousFunctionOperation lambda)
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
                if (ServingSymbols.Is(container, _s.Enumerable) || ServingSymbols.Is(container, _s.ParallelEnumerable) || ServingSymbols.Is(container, _s.Parallel))
                {
                    return method.Name;
                }

                return method.Name == "ForEach" && (ServingSymbols.Is(container, _s.List) || ServingSymbols.Is(container, _s.Array))
                    ? method.Name
                    : null;
            }

            /// <summary>
            /// True when each iteration waits for the work it started (await, Wait, Result, GetResult, Thread.Join),
            /// so the iterations do not overlap. An await inside an async per-item lambda does not count: the
            /// lambdas themselves run concurrently.
            /// </summary>
            private bool IsWaitedWithinIteration(ConcurrencySite site, IOperation repeat)
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
                            && ServingSymbols.Is(joinedLocal.Local, thread))
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
                    if (operation is ILocalReferenceOperation reference && ServingSymbols.Is(reference.Local, task) && IsWaited(reference, allowAwait))
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

            // ---- helpers ----

            private static bool IsWriteTarget(IOperation reference) =>
                reference.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, reference);

            /// <summary>True inside a lock statement, up to <paramref name="stop"/> or a delegate that another thread runs.</summary>
            private bool IsInsideLock(IOperation operation, IOperation? stop = null)
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

            private bool IsPassedToConcurrencySite(IAnonymousFunctionOperation lambda)
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
                    && (call is IInvocationOperation invocation ? ClassifyInvocation(invocation) is not null
                        : call is IObjectCreationOperation creation && ClassifyCreation(creation) is not null);
            }

            // ---- reporting ----

            private void OnEnd(SymbolAnalysisContext context)
            {
                if (!HasEngineMembers)
                {
                    return;
                }

                List<MemberUse> uses;
                List<MethodGroupSite> methodGroupSites;
                lock (_gate)
                {
                    uses = new List<MemberUse>(_uses);
                    methodGroupSites = new List<MethodGroupSite>(_methodGroupSites);
                }

                var reachable = new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
                var reportedStatics = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                var isMiddleware = IsConventionalMiddleware(_type);

                foreach (var member in _engineMembers)
                {
                    var how = member.IsStatic ? GetStaticHow(member, uses, reachable) : isMiddleware ? GetMiddlewareHow(member, uses) : null;
                    if (how is null)
                    {
                        continue;
                    }

                    if (member.IsStatic)
                    {
                        reportedStatics.Add(member);
                    }

                    if (member.Locations.Length > 0)
                    {
                        context.ReportDiagnostic(CreateDiagnostic(member.Locations[0], how));
                    }
                }

                foreach (var site in methodGroupSites)
                {
                    foreach (var use in uses)
                    {
                        if (!use.IsProtected
                            && ServingSymbols.Is(use.User, site.Method)
                            && !_synchronizedMembers.Contains(use.User)
                            && !reportedStatics.Contains(use.Member)
                            && !(use.Member.IsStatic && use.Member.DeclaredAccessibility != Accessibility.Private)
                            && !_s.IsThreadStatic(use.Member))
                        {
                            context.ReportDiagnostic(CreateDiagnostic(site.Location, site.Phrase));
                            break;
                        }
                    }
                }
            }

            private string? GetStaticHow(ISymbol member, List<MemberUse> uses, Dictionary<ISymbol, bool> reachable)
            {
                if (_s.IsThreadStatic(member) || (member is IPropertySymbol && BackingFieldIsThreadStatic(member)))
                {
                    return null;
                }

                var how = _s.IsLazyEngine(member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type)
                    ? "is held in the static Lazy<> '" + member.Name + "'"
                    : member is IFieldSymbol
                        ? "is held in the static field '" + member.Name + "'"
                        : "is held in the static property '" + member.Name + "'";

                if (member.DeclaredAccessibility != Accessibility.Private)
                {
                    return how;
                }

                foreach (var use in uses)
                {
                    if (ServingSymbols.Is(use.Member, member)
                        && !use.IsProtected
                        && !_synchronizedMembers.Contains(use.User)
                        && IsReachableFromOutside(use.User, reachable))
                    {
                        return how;
                    }
                }

                return null;
            }

            private bool BackingFieldIsThreadStatic(ISymbol property)
            {
                foreach (var member in _type.GetMembers())
                {
                    if (member is IFieldSymbol field && ServingSymbols.Is(field.AssociatedSymbol, property))
                    {
                        return _s.IsThreadStatic(field);
                    }
                }

                return false;
            }

            private string? GetMiddlewareHow(ISymbol member, List<MemberUse> uses)
            {
                var how = "is a field of the middleware '" + _type.Name + "'";
                if (member.DeclaredAccessibility != Accessibility.Private)
                {
                    return how;
                }

                foreach (var use in uses)
                {
                    if (ServingSymbols.Is(use.Member, member)
                        && !use.IsProtected
                        && !_synchronizedMembers.Contains(use.User)
                        && use.User is IMethodSymbol { MethodKind: not MethodKind.Constructor })
                    {
                        return how;
                    }
                }

                return null;
            }

            /// <summary>
            /// True when code outside the type can run the member: it is not private (or implements an interface),
            /// or a private member calls it that is. The static constructor, static initializers and Main run once.
            /// </summary>
            private bool IsReachableFromOutside(ISymbol user, Dictionary<ISymbol, bool> reachable)
            {
                if (reachable.TryGetValue(user, out var known))
                {
                    return known;
                }

                reachable[user] = false; // cycles
                bool result;
                switch (user)
                {
                    case IMethodSymbol method:
                        result = IsEntryFromOutside(method);
                        break;
                    case IFieldSymbol or IPropertySymbol when !user.IsStatic:
                        // An instance initializer runs in every constructor.
                        result = HasAccessibleInstanceConstructor();
                        break;
                    default:
                        result = false;
                        break;
                }

                if (!result && _callers.TryGetValue(user, out var callers))
                {
                    foreach (var caller in callers)
                    {
                        if (IsReachableFromOutside(caller, reachable))
                        {
                            result = true;
                            break;
                        }
                    }
                }

                reachable[user] = result;
                return result;
            }

            private static bool IsEntryFromOutside(IMethodSymbol method)
            {
                if (method.MethodKind == MethodKind.StaticConstructor
                    || (method.IsStatic && (method.Name == "Main" || method.Name == "<Main>$")))
                {
                    return false;
                }

                return method.DeclaredAccessibility != Accessibility.Private
                    || method.ExplicitInterfaceImplementations.Length > 0
                    || method.MethodKind == MethodKind.Destructor;
            }

            private bool HasAccessibleInstanceConstructor()
            {
                foreach (var constructor in _type.InstanceConstructors)
                {
                    if (constructor.DeclaredAccessibility != Accessibility.Private)
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// ASP.NET Core convention-based middleware: a public constructor taking a RequestDelegate and a public
            /// Invoke/InvokeAsync(HttpContext, ...) returning Task. UseMiddleware builds it once per application, so
            /// every request runs Invoke on the same instance. IMiddleware implementations are resolved per request
            /// with their registered lifetime and are not matched.
            /// </summary>
            private bool IsConventionalMiddleware(INamedTypeSymbol type)
            {
                if (type.TypeKind != TypeKind.Class || type.IsStatic || _s.HttpContext is null || _s.RequestDelegate is null)
                {
                    return false;
                }

                foreach (var implemented in type.AllInterfaces)
                {
                    if (ServingSymbols.Is(implemented, _s.IMiddleware))
                    {
                        return false;
                    }
                }

                var hasInvoke = false;
                foreach (var member in type.GetMembers())
                {
                    if (member is IMethodSymbol { Name: "Invoke" or "InvokeAsync", IsStatic: false, DeclaredAccessibility: Accessibility.Public, Parameters.Length: > 0 } method
                        && ServingSymbols.Is(method.Parameters[0].Type, _s.HttpContext)
                        && ServingSymbols.Is(method.ReturnType, _s.Task))
                    {
                        hasInvoke = true;
                        break;
                    }
                }

                if (!hasInvoke)
                {
                    return false;
                }

                foreach (var constructor in type.InstanceConstructors)
                {
                    if (constructor.DeclaredAccessibility != Accessibility.Public)
                    {
                        continue;
                    }

                    foreach (var parameter in constructor.Parameters)
                    {
                        if (ServingSymbols.Is(parameter.Type, _s.RequestDelegate))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }
        }
    }
}
