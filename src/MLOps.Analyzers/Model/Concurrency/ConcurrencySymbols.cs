using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// The framework types the concurrency and serving model needs (threading, LINQ, dependency injection, ASP.NET Core,
    /// file and path helpers), resolved once per compilation and shared by every rule that asks. The ML.NET types come
    /// from <see cref="MLNetSymbols"/>.
    /// </summary>
    internal sealed class ConcurrencySymbols
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrencySymbols> Cache = new ConditionalWeakTable<Compilation, ConcurrencySymbols>();

        private ConcurrencySymbols(MLNetSymbols ml)
        {
            var c = ml.Compilation;
            ML = ml;
            EngineBase = ml.PredictionEngineBase;
            Engine = ml.PredictionEngine;
            PredictionEnginePool = ml.PredictionEnginePool;
            ModelCatalog = ml.ModelOperationsCatalog;

            Lazy = c.GetTypeByMetadataName("System.Lazy`1");
            ThreadStaticAttribute = c.GetTypeByMetadataName("System.ThreadStaticAttribute");

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

            String = c.GetSpecialType(SpecialType.System_String);
            Path = c.GetTypeByMetadataName("System.IO.Path");
            File = c.GetTypeByMetadataName("System.IO.File");
            AppContext = c.GetTypeByMetadataName("System.AppContext");
            AppDomain = c.GetTypeByMetadataName("System.AppDomain");
            Console = c.GetTypeByMetadataName("System.Console");
            Debug = c.GetTypeByMetadataName("System.Diagnostics.Debug");
            Trace = c.GetTypeByMetadataName("System.Diagnostics.Trace");
        }

        public MLNetSymbols ML { get; }

        /// <summary><c>PredictionEngineBase&lt;,&gt;</c>; without it there is no engine to share.</summary>
        public INamedTypeSymbol? EngineBase { get; }

        public INamedTypeSymbol? Engine { get; }

        public INamedTypeSymbol? PredictionEnginePool { get; }

        /// <summary><c>ModelOperationsCatalog</c> (<c>ml.Model</c>): where engines and models are created.</summary>
        public INamedTypeSymbol? ModelCatalog { get; }

        public INamedTypeSymbol? Lazy { get; }
        public INamedTypeSymbol? ThreadStaticAttribute { get; }
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
        public INamedTypeSymbol String { get; }
        public INamedTypeSymbol? Path { get; }
        public INamedTypeSymbol? File { get; }
        public INamedTypeSymbol? AppContext { get; }
        public INamedTypeSymbol? AppDomain { get; }
        public INamedTypeSymbol? Console { get; }
        public INamedTypeSymbol? Debug { get; }
        public INamedTypeSymbol? Trace { get; }

        /// <summary>The symbols of the compilation <paramref name="ml"/> belongs to, resolved on first use.</summary>
        public static ConcurrencySymbols Get(MLNetSymbols ml) =>
            Cache.GetValue(ml.Compilation, _ => new ConcurrencySymbols(ml));

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
}
