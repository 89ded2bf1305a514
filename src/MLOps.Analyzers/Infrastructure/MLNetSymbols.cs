using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Infrastructure
{
    /// <summary>
    /// The ML.NET types and members the rules need, resolved once per compilation, and the models computed once per
    /// compilation and shared by every rule that asks (the per-type <see cref="MLContextFlowAnalysis"/>).
    /// <see cref="TryCreate"/> returns null when the compilation does not reference ML.NET, and then no rule registers anything.
    /// </summary>
    internal sealed class MLNetSymbols
    {
        private readonly Dictionary<INamedTypeSymbol, TrainerFacts> _trainerFacts;

        private MLNetSymbols(Compilation compilation, INamedTypeSymbol mlContext)
        {
            Compilation = compilation;
            MLContext = mlContext;
            DataOperationsCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.DataOperationsCatalog");
            TrainCatalogBase = compilation.GetTypeByMetadataName("Microsoft.ML.TrainCatalogBase");
            CatalogInstantiatorBase = compilation.GetTypeByMetadataName("Microsoft.ML.TrainCatalogBase+CatalogInstantiatorBase");
            Estimator = compilation.GetTypeByMetadataName("Microsoft.ML.IEstimator`1");
            IDataView = compilation.GetTypeByMetadataName("Microsoft.ML.IDataView");
            SystemRandom = compilation.GetTypeByMetadataName("System.Random");
            AutoCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.AutoML.AutoCatalog");

            _trainerFacts = new Dictionary<INamedTypeSymbol, TrainerFacts>(SymbolEqualityComparer.Default);
            foreach (var facts in TrainerFactsTable.All)
            {
                if (compilation.GetTypeByMetadataName(facts.TrainerTypeName) is { } trainerType)
                {
                    _trainerFacts[trainerType] = facts;
                }
            }
        }

        public Compilation Compilation { get; }

        public INamedTypeSymbol MLContext { get; }

        public INamedTypeSymbol? DataOperationsCatalog { get; }

        /// <summary>Base of the task catalogs (<c>BinaryClassification</c>, <c>Regression</c>, ...): their <c>CrossValidate</c> lives here.</summary>
        public INamedTypeSymbol? TrainCatalogBase { get; }

        /// <summary>Base of every <c>*.Trainers</c> catalog: an invocation on one of these creates a trainer.</summary>
        public INamedTypeSymbol? CatalogInstantiatorBase { get; }

        public INamedTypeSymbol? Estimator { get; }

        public INamedTypeSymbol? IDataView { get; }

        public INamedTypeSymbol? SystemRandom { get; }

        /// <summary>Microsoft.ML.AutoML is not served everywhere: recognised by metadata name only.</summary>
        public INamedTypeSymbol? AutoCatalog { get; }

        /// <summary>The symbols of a compilation, shared by every rule that analyses it; null without ML.NET.</summary>
        public static MLNetSymbols? TryCreate(Compilation compilation) =>
            Cache.GetValue(compilation, static c => new Holder(
                c.GetTypeByMetadataName("Microsoft.ML.MLContext") is { } mlContext ? new MLNetSymbols(c, mlContext) : null)).Symbols;

        private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new ConditionalWeakTable<Compilation, Holder>();

        private sealed class Holder
        {
            public Holder(MLNetSymbols? symbols) => Symbols = symbols;

            public MLNetSymbols? Symbols { get; }
        }

        private EstimatorChainSymbols? _chain;
        private DataSchemaSymbols? _schema;
        private MLOps.Analyzers.Evaluation.EvaluationCalls? _evaluation;

        /// <summary>The estimator-chain symbols of the compilation, resolved on first use from this set.</summary>
        internal EstimatorChainSymbols Chain => LazyInitializer.EnsureInitialized(ref _chain, () => new EstimatorChainSymbols(this))!;

        /// <summary>The data-schema attribute symbols of the compilation, resolved on first use from this set.</summary>
        internal DataSchemaSymbols Schema => LazyInitializer.EnsureInitialized(ref _schema, () => new DataSchemaSymbols(this))!;

        /// <summary>The evaluation calls of the compilation, resolved on first use from this set.</summary>
        internal MLOps.Analyzers.Evaluation.EvaluationCalls Evaluation =>
            LazyInitializer.EnsureInitialized(ref _evaluation, () => new MLOps.Analyzers.Evaluation.EvaluationCalls(this))!;

        private readonly ConcurrentDictionary<INamedTypeSymbol, FlowEntry> _flows =
            new ConcurrentDictionary<INamedTypeSymbol, FlowEntry>(SymbolEqualityComparer.Default);

        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _needsContextFlow =
            new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);

        private HashSet<string>? _contextFlowNames;

        /// <summary>
        /// The MLContext flow model of <paramref name="type"/>, built from <paramref name="blocks"/> (every operation block of
        /// its members) by the first rule that asks and shared with the others. A build that is cancelled publishes nothing:
        /// the next rule builds it again.
        /// </summary>
        internal MLContextFlowAnalysis FlowOf(INamedTypeSymbol type, IReadOnlyList<IOperation> blocks, CancellationToken cancellationToken)
        {
            var entry = _flows.GetOrAdd(type, static _ => new FlowEntry());
            lock (entry)
            {
                if (entry.Analysis is null)
                {
                    var analysis = new MLContextFlowAnalysis(this, type);
                    analysis.Build(blocks, cancellationToken);
                    entry.Analysis = analysis;
                }

                return entry.Analysis;
            }
        }

        /// <summary>
        /// False when the type's syntax cannot hold anything the MLContext flow rules report: no identifier <c>MLContext</c>
        /// (or an alias of it), <c>ShuffleRows</c> or <c>BootstrapSample</c>, and no target-typed <c>new(...)</c>. A scan of
        /// tokens, no binding; remembered per type.
        /// </summary>
        internal bool MayNeedContextFlow(INamedTypeSymbol type, CancellationToken cancellationToken) =>
            _needsContextFlow.GetOrAdd(type, t => ScanForContextFlow(t, cancellationToken));

        private bool ScanForContextFlow(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var names = _contextFlowNames ??= ContextFlowNames(Compilation, cancellationToken);
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                // A search of the declaration's source text, not a walk of its tokens: on a type without ML.NET code the walk
                // built every token of the type (the largest cost of the analyzers on the 1,000-file workload). A name in a
                // comment or a string makes the gate answer "may", which costs only the flow model it then builds.
                var text = SourceStrings.Of(reference.SyntaxTree);
                var span = reference.Span;
                foreach (var name in names)
                {
                    if (SourceStrings.ContainsWord(text, name, span.Start, span.End))
                    {
                        return true;
                    }
                }

                if (SourceStrings.ContainsTargetTypedNew(text, span.Start, span.End))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The names the gate looks for: the rules' own, and every using alias whose target names <c>MLContext</c>.</summary>
        private static HashSet<string> ContextFlowNames(Compilation compilation, CancellationToken cancellationToken)
        {
            var names = new HashSet<string>(StringComparer.Ordinal) { "MLContext", "ShuffleRows", "BootstrapSample" };
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (tree.GetRoot(cancellationToken) is CompilationUnitSyntax unit)
                {
                    AddAliases(unit.Usings, unit.Members, names);
                }
            }

            return names;
        }

        private static void AddAliases(SyntaxList<UsingDirectiveSyntax> usings, SyntaxList<MemberDeclarationSyntax> members, HashSet<string> names)
        {
            foreach (var directive in usings)
            {
                if (directive.Alias is { } alias && directive.ToString().IndexOf("MLContext", StringComparison.Ordinal) >= 0)
                {
                    names.Add(alias.Name.Identifier.ValueText);
                }
            }

            foreach (var member in members)
            {
                if (member is BaseNamespaceDeclarationSyntax ns)
                {
                    AddAliases(ns.Usings, ns.Members, names);
                }
            }
        }

        private sealed class FlowEntry
        {
            public MLContextFlowAnalysis? Analysis { get; set; }
        }

        public bool IsMLContext(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, MLContext);

        /// <summary>The facts of the trainer a catalog method returns, when the table knows it.</summary>
        public TrainerFacts? GetTrainerFacts(ITypeSymbol? trainerType) =>
            trainerType is INamedTypeSymbol named && _trainerFacts.TryGetValue(named.OriginalDefinition, out var facts) ? facts : null;

        /// <summary>True for methods called on a <c>*.Trainers</c> catalog (instance or extension): they create a trainer.</summary>
        public bool IsTrainerFactory(IMethodSymbol method)
        {
            if (CatalogInstantiatorBase is null)
            {
                return false;
            }

            var receiverType = method.IsExtensionMethod
                ? (method.ReducedFrom ?? method).Parameters is { Length: > 0 } ps ? ps[0].Type : null
                : method.ContainingType;
            return InheritsFrom(receiverType, CatalogInstantiatorBase);
        }

        public bool IsDataOperation(IMethodSymbol method) =>
            DataOperationsCatalog is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, DataOperationsCatalog);

        /// <summary><c>CrossValidate</c> of any task catalog.</summary>
        public bool IsCrossValidate(IMethodSymbol method) =>
            method.Name == "CrossValidate" && InheritsFrom(method.ContainingType, TrainCatalogBase);

        /// <summary><c>IEstimator&lt;T&gt;.Fit</c>, including the implementations on concrete estimators and chains.</summary>
        public bool IsEstimatorFit(IMethodSymbol method)
        {
            if (method.Name != "Fit" || Estimator is null || method.Parameters.Length != 1)
            {
                return false;
            }

            var containing = method.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(containing?.OriginalDefinition, Estimator))
            {
                return true;
            }

            if (containing is null)
            {
                return false;
            }

            foreach (var implemented in containing.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, Estimator))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the type lives in an ML.NET namespace (<c>Microsoft.ML</c> or below).</summary>
        public static bool IsInMLNetNamespace(ISymbol? symbol)
        {
            var ns = symbol?.ContainingNamespace;
            while (ns is { IsGlobalNamespace: false })
            {
                if (ns.Name == "ML" && ns.ContainingNamespace is { Name: "Microsoft" } parent && parent.ContainingNamespace is { IsGlobalNamespace: true })
                {
                    return true;
                }

                ns = ns.ContainingNamespace;
            }

            return false;
        }

        private static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
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

        // ---- Serving (MLO4xxx): resolved on first use, once per compilation (added for the concurrency model) ----

        private ServingTypes? _serving;

        private ServingTypes Serving => _serving ??= new ServingTypes(Compilation);

        /// <summary><c>PredictionEngineBase&lt;,&gt;</c>.</summary>
        public INamedTypeSymbol? PredictionEngineBase => Serving.PredictionEngineBase;

        /// <summary><c>PredictionEngine&lt;,&gt;</c>.</summary>
        public INamedTypeSymbol? PredictionEngine => Serving.PredictionEngine;

        /// <summary><c>Microsoft.Extensions.ML.PredictionEnginePool&lt;,&gt;</c> (a separate package).</summary>
        public INamedTypeSymbol? PredictionEnginePool => Serving.PredictionEnginePool;

        /// <summary><c>ModelOperationsCatalog</c> (<c>ml.Model</c>).</summary>
        public INamedTypeSymbol? ModelOperationsCatalog => Serving.ModelOperationsCatalog;

        public INamedTypeSymbol? DataViewSchema => Serving.DataViewSchema;

        public INamedTypeSymbol? ITransformer => Serving.ITransformer;

        public INamedTypeSymbol? CustomMappingCatalog => Serving.CustomMappingCatalog;

        /// <summary>Immutable once built; two threads may build it at once, and either result is the same.</summary>
        private sealed class ServingTypes
        {
            public ServingTypes(Compilation compilation)
            {
                PredictionEngineBase = compilation.GetTypeByMetadataName("Microsoft.ML.PredictionEngineBase`2");
                PredictionEngine = compilation.GetTypeByMetadataName("Microsoft.ML.PredictionEngine`2");
                PredictionEnginePool = compilation.GetTypeByMetadataName("Microsoft.Extensions.ML.PredictionEnginePool`2");
                ModelOperationsCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.ModelOperationsCatalog");
                DataViewSchema = compilation.GetTypeByMetadataName("Microsoft.ML.DataViewSchema");
                ITransformer = compilation.GetTypeByMetadataName("Microsoft.ML.ITransformer");
                CustomMappingCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.CustomMappingCatalog");
            }

            public INamedTypeSymbol? PredictionEngineBase { get; }

            public INamedTypeSymbol? PredictionEngine { get; }

            public INamedTypeSymbol? PredictionEnginePool { get; }

            public INamedTypeSymbol? ModelOperationsCatalog { get; }

            public INamedTypeSymbol? DataViewSchema { get; }

            public INamedTypeSymbol? ITransformer { get; }

            public INamedTypeSymbol? CustomMappingCatalog { get; }
        }
    }
}
