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

            context.RegisterSymbolStartAction(start => TypeAnalysis.Register(start, model), SymbolKind.NamedType);
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

        /// <summary>What the rule collects for one named type, reported at symbol end.</summary>
        private sealed class TypeAnalysis
        {
            private readonly object _gate = new object();
            private readonly ConcurrencyModel _model;
            private readonly EngineMemberUsage _usage;
            private readonly List<MethodGroupSite> _methodGroupSites = new List<MethodGroupSite>();

            private TypeAnalysis(INamedTypeSymbol type, ConcurrencyModel model)
            {
                _model = model;
                _usage = model.ForType(type);
            }

            public static void Register(SymbolStartAnalysisContext context, ConcurrencyModel model)
            {
                if (context.Symbol is not INamedTypeSymbol type)
                {
                    return;
                }

                var analysis = new TypeAnalysis(type, model);
                if (analysis._usage.HasEngineMembers)
                {
                    context.RegisterOperationAction(analysis.OnMemberReference, OperationKind.FieldReference, OperationKind.PropertyReference);
                }

                context.RegisterOperationAction(analysis.OnInvocation, OperationKind.Invocation);
                context.RegisterOperationAction(analysis.OnObjectCreation, OperationKind.ObjectCreation);
                context.RegisterSymbolEndAction(analysis.OnEnd);
            }

            private void OnMemberReference(OperationAnalysisContext context)
            {
                if (_usage.IsOwnCode(context.ContainingSymbol))
                {
                    _usage.ObserveMemberReference(context.Operation, context.ContainingSymbol);
                }
            }

            private void OnInvocation(OperationAnalysisContext context)
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

            private void OnObjectCreation(OperationAnalysisContext context)
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

            private void AnalyzeSite(ConcurrencySite site, OperationAnalysisContext context)
            {
                if (site.Delegates.IsEmpty)
                {
                    return;
                }

                var root = OperationHelpers.GetRoot(site.Operation);
                var captures = _model.Captures.Collect(site, root);

                // Methods of this type passed as method groups: what they use is known at symbol end.
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
