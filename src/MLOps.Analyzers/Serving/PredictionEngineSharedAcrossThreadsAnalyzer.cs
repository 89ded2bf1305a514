using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
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
    /// Every fact comes from the concurrency model (<see cref="ConcurrencyModel"/>); the rule phrases and reports.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PredictionEngineSharedAcrossThreadsAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.PredictionEngineSharedAcrossThreads);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            if (ConcurrencyModel.TryGet(symbols) is not { } model)
            {
                return;
            }

            // No symbol-start/symbol-end pair: it makes the driver track the end of every type of the compilation for this
            // analyzer. Only a type with engine members (fields or auto-properties holding an engine, known from its symbols)
            // needs all its code seen before it can report; such a type is read whole by one symbol action (TypeBlocks). Every
            // other type reports as it goes: its invocations and creations are looked at one by one, as the driver hands
            // them out.
            var analyses = new ConcurrentDictionary<INamedTypeSymbol, TypeAnalysis>(SymbolEqualityComparer.Default);
            TypeAnalysis AnalysisOf(INamedTypeSymbol type) => analyses.GetOrAdd(type, t => new TypeAnalysis(t, model));

            context.RegisterSymbolAction(
                symbolContext =>
                {
                    if (symbolContext.Symbol is INamedTypeSymbol type && AnalysisOf(type) is { HasEngineMembers: true } analysis)
                    {
                        analysis.AnalyzeWhole(symbolContext);
                    }
                },
                SymbolKind.NamedType);
            context.RegisterOperationAction(
                operationContext =>
                {
                    if (operationContext.ContainingSymbol.ContainingType is { } type && AnalysisOf(type) is { HasEngineMembers: false } analysis)
                    {
                        analysis.AnalyzeOne(operationContext);
                    }
                },
                OperationKind.Invocation,
                OperationKind.ObjectCreation);
        }

        private static Diagnostic CreateDiagnostic(Location location, string how) =>
            Diagnostic.Create(DiagnosticDescriptors.PredictionEngineSharedAcrossThreads, location, how);

        /// <summary>The message argument for an engine captured by a delegate of <paramref name="site"/>.</summary>
        private static string CapturePhrase(ConcurrencySite site) => site.Shape switch
        {
            ConcurrencySiteShape.Plinq => "is used in a PLINQ query",
            ConcurrencySiteShape.RequestHandler => "is captured by the request handler passed to " + site.Name,
            ConcurrencySiteShape.PeriodicTimer => "is captured by a periodic Timer callback",
            _ => "is captured by " + site.Name,
        };

        /// <summary>The message argument for an engine used by a method passed as a method group.</summary>
        private static string MethodGroupPhrase(ConcurrencySite site, string methodName) =>
            "is used by '" + methodName + "', which is passed to " + site.Name;

        /// <summary>A same-type method passed as a method group to a concurrency site; resolved once all the type's blocks are read.</summary>
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

        /// <summary>One operation of a member's block, as the type's analysis sees it: the operation, the member, where to report.</summary>
        private readonly struct Visit
        {
            private readonly SymbolAnalysisContext _symbolContext;
            private readonly OperationAnalysisContext _operationContext;
            private readonly bool _fromOperation;

            public Visit(IOperation operation, ISymbol containingSymbol, SymbolAnalysisContext context)
            {
                Operation = operation;
                ContainingSymbol = containingSymbol;
                _symbolContext = context;
                _operationContext = default;
                _fromOperation = false;
            }

            public Visit(IOperation operation, ISymbol containingSymbol, OperationAnalysisContext context)
            {
                Operation = operation;
                ContainingSymbol = containingSymbol;
                _symbolContext = default;
                _operationContext = context;
                _fromOperation = true;
            }

            public IOperation Operation { get; }

            public ISymbol ContainingSymbol { get; }

            public void ReportDiagnostic(Diagnostic diagnostic)
            {
                if (_fromOperation)
                {
                    _operationContext.ReportDiagnostic(diagnostic);
                }
                else
                {
                    _symbolContext.ReportDiagnostic(diagnostic);
                }
            }
        }

        /// <summary>What the rule collects for one named type, reported when all its members' blocks have been read.</summary>
        private sealed class TypeAnalysis
        {
            private readonly object _gate = new object();
            private readonly ConcurrencyModel _model;
            private readonly EngineMemberUsage _usage;
            private readonly List<MethodGroupSite> _methodGroupSites = new List<MethodGroupSite>();

            public TypeAnalysis(INamedTypeSymbol type, ConcurrencyModel model)
            {
                _model = model;
                _usage = model.ForType(type);
            }

            public bool HasEngineMembers => _usage.HasEngineMembers;

            /// <summary>A type with engine members: every operation of its members' blocks, then what needs them all.</summary>
            public void AnalyzeWhole(SymbolAnalysisContext context)
            {
                foreach (var memberBlock in TypeBlocks.OfMembers(_usage.Type, context.Compilation, context.CancellationToken))
                {
                    foreach (var operation in memberBlock.Block.DescendantsAndSelf())
                    {
                        switch (operation.Kind)
                        {
                            case OperationKind.FieldReference:
                            case OperationKind.PropertyReference:
                                OnMemberReference(new Visit(operation, memberBlock.Member, context));
                                break;
                            case OperationKind.Invocation:
                                OnInvocation(new Visit(operation, memberBlock.Member, context));
                                break;
                            case OperationKind.ObjectCreation:
                                OnObjectCreation(new Visit(operation, memberBlock.Member, context));
                                break;
                        }
                    }
                }

                OnEnd(context);
            }

            /// <summary>A type without engine members: one invocation or creation, reported at once (nothing waits for the rest).</summary>
            public void AnalyzeOne(OperationAnalysisContext context)
            {
                var visit = new Visit(context.Operation, context.ContainingSymbol, context);
                if (context.Operation.Kind == OperationKind.Invocation)
                {
                    OnInvocation(visit);
                }
                else
                {
                    OnObjectCreation(visit);
                }
            }

            private void OnMemberReference(Visit context)
            {
                if (_usage.IsOwnCode(context.ContainingSymbol))
                {
                    _usage.ObserveMemberReference(context.Operation, context.ContainingSymbol);
                }
            }

            private void OnInvocation(Visit context)
            {
                if (!_usage.IsOwnCode(context.ContainingSymbol) || context.Operation is not IInvocationOperation invocation)
                {
                    return;
                }

                if (_usage.HasEngineMembers)
                {
                    _usage.ObserveInvocation(invocation, context.ContainingSymbol);
                }

                if (_model.Singletons.Find(invocation) is { } registration)
                {
                    var how = registration.Holder is null
                        ? "is registered as a singleton"
                        : "is held in the field '" + registration.Field + "' of '" + registration.Holder.Name + "', which is registered as a singleton";
                    context.ReportDiagnostic(CreateDiagnostic(invocation.Syntax.GetLocation(), how));
                    return;
                }

                if (_model.Sites.Classify(invocation) is { } site)
                {
                    AnalyzeSite(site, context);
                }
            }

            private void OnObjectCreation(Visit context)
            {
                if (!_usage.IsOwnCode(context.ContainingSymbol) || context.Operation is not IObjectCreationOperation creation)
                {
                    return;
                }

                if (_usage.HasEngineMembers)
                {
                    _usage.ObserveCreation(creation, context.ContainingSymbol);
                }

                if (_model.Sites.Classify(creation) is { } site)
                {
                    AnalyzeSite(site, context);
                }
            }

            private void AnalyzeSite(ConcurrencySite site, Visit context)
            {
                if (site.Delegates.IsEmpty)
                {
                    return;
                }

                var root = OperationHelpers.GetRoot(site.Operation);
                var captures = _model.Captures.Collect(site, root);

                // Methods of this type passed as method groups: what they use is known once all the type's blocks are read.
                if (_usage.HasEngineMembers)
                {
                    foreach (var reference in captures.MethodGroups)
                    {
                        var method = reference.Method;
                        if (ConcurrencySymbols.Is(method.ContainingType?.OriginalDefinition, _usage.Type.OriginalDefinition)
                            && site.Kind == ConcurrencyKind.Concurrent
                            && _model.Sites.RunsConcurrently(site, root))
                        {
                            lock (_gate)
                            {
                                _methodGroupSites.Add(new MethodGroupSite(method.OriginalDefinition, reference.Syntax.GetLocation(), MethodGroupPhrase(site, method.Name)));
                            }
                        }
                    }
                }

                if (captures.Engines.Count == 0 || !_model.Sites.RunsConcurrently(site, root))
                {
                    return;
                }

                foreach (var engine in captures.Engines)
                {
                    if (site.Kind == ConcurrencyKind.ConcurrentBetweenDelegates && engine.DelegateCount < 2)
                    {
                        continue;
                    }

                    var phrase = CapturePhrase(site);
                    if (site.Kind == ConcurrencyKind.StartedWork)
                    {
                        var repeat = _model.Sites.FindRepeatScope(site.Operation, out var where);
                        if (repeat is null || EngineCaptures.IsDeclaredInside(engine.Symbol, repeat) || _model.Sites.IsWaitedWithinIteration(site, repeat))
                        {
                            continue;
                        }

                        phrase += " " + where;
                    }

                    context.ReportDiagnostic(CreateDiagnostic(engine.Reference.Syntax.GetLocation(), phrase));
                }
            }

            private void OnEnd(SymbolAnalysisContext context)
            {
                if (!_usage.HasEngineMembers)
                {
                    return;
                }

                List<MethodGroupSite> methodGroupSites;
                lock (_gate)
                {
                    methodGroupSites = new List<MethodGroupSite>(_methodGroupSites);
                }

                var reportedStatics = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                var isMiddleware = _usage.IsConventionalMiddleware();
                foreach (var member in _usage.EngineMembers)
                {
                    string? how = null;
                    if (member.IsStatic)
                    {
                        if (_usage.IsStaticReachedByOtherThreads(member))
                        {
                            how = StaticPhrase(member);
                            reportedStatics.Add(member);
                        }
                    }
                    else if (isMiddleware && _usage.IsUsedOutsideConstructors(member))
                    {
                        how = "is a field of the middleware '" + _usage.Type.Name + "'";
                    }

                    if (how is not null && member.Locations.Length > 0)
                    {
                        context.ReportDiagnostic(CreateDiagnostic(member.Locations[0], how));
                    }
                }

                foreach (var site in methodGroupSites)
                {
                    foreach (var member in _usage.MembersUsedUnprotectedBy(site.Method))
                    {
                        if (!reportedStatics.Contains(member)
                            && !(member.IsStatic && member.DeclaredAccessibility != Accessibility.Private)
                            && !_model.Symbols.IsThreadStatic(member))
                        {
                            context.ReportDiagnostic(CreateDiagnostic(site.Location, site.Phrase));
                            break;
                        }
                    }
                }
            }

            private string StaticPhrase(ISymbol member) =>
                _model.Symbols.IsLazyEngine(member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type)
                    ? "is held in the static Lazy<> '" + member.Name + "'"
                    : member is IFieldSymbol
                        ? "is held in the static field '" + member.Name + "'"
                        : "is held in the static property '" + member.Name + "'";
        }
    }
}
