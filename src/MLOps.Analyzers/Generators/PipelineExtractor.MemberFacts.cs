using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Generators
{
    internal static partial class PipelineExtractor
    {
        /// <summary>
        /// What the pipelines of one member share, computed at most once per member extraction: the uses of every fitted
        /// model in a body (evaluations, saves, loads), the metrics read from each evaluation's result, the contexts of
        /// locals and fields, the call sites of a factory, and the trainer calls of a declaration (for ordinals). Without it
        /// each pipeline walked the whole body again, and each fit again per pipeline: K pipelines or K fits in one method
        /// cost K^2 walks and K^2 resolutions.
        /// </summary>
        private sealed class MemberFacts
        {
            private readonly SemanticModel _semanticModel;
            private readonly CancellationToken _cancellationToken;
            private readonly Dictionary<IOperation, FitUses> _uses = new Dictionary<IOperation, FitUses>();
            private readonly Dictionary<IOperation, Dictionary<ILocalSymbol, SortedSet<string>>> _propertiesReadOnLocals = new Dictionary<IOperation, Dictionary<ILocalSymbol, SortedSet<string>>>();
            private readonly Dictionary<IMethodSymbol, List<IInvocationOperation>> _callSites = new Dictionary<IMethodSymbol, List<IInvocationOperation>>(SymbolEqualityComparer.Default);
            private readonly Dictionary<SyntaxNode, Dictionary<string, List<int>>> _trainerCalls = new Dictionary<SyntaxNode, Dictionary<string, List<int>>>();
            private readonly Dictionary<IMethodSymbol, TupleReturn?> _tupleReturns = new Dictionary<IMethodSymbol, TupleReturn?>(SymbolEqualityComparer.Default);
            private Dictionary<string, List<InvocationExpressionSyntax>>? _invocationsByName;
            private Dictionary<string, int>? _mentions;

            public MemberFacts(SemanticModel semanticModel, CancellationToken cancellationToken)
            {
                _semanticModel = semanticModel;
                _cancellationToken = cancellationToken;
            }

            /// <summary>The context model of a local or readonly field, per symbol.</summary>
            public Dictionary<ISymbol, ContextModel> Contexts { get; } = new Dictionary<ISymbol, ContextModel>(SymbolEqualityComparer.Default);

            public FitUses UsesOf(IOperation root, Extraction extraction)
            {
                if (!_uses.TryGetValue(root, out var uses))
                {
                    uses = extraction.FindUses(root);
                    _uses[root] = uses;
                }

                return uses;
            }

            /// <summary>What the callers of a method returning a tuple literal do with its elements, once per method (null: not followed).</summary>
            public TupleReturn? TupleReturnOf(IMethodSymbol method, Extraction extraction)
            {
                if (!_tupleReturns.TryGetValue(method, out var found))
                {
                    _tupleReturns[method] = null; // a method the model fails to read is asked once
                    found = extraction.ComputeTupleReturn(method);
                    _tupleReturns[method] = found;
                }

                return found;
            }

            /// <summary>
            /// The metrics read from an evaluation's result: the property read on it directly, or every property read on the
            /// local it initializes (one walk of the body for all locals).
            /// </summary>
            public EquatableArray<string> MetricsRead(IInvocationOperation evaluation, IOperation root)
            {
                var parent = OperationHelpers.ParentSkippingConversions(evaluation);
                if (parent is IPropertyReferenceOperation direct)
                {
                    return new[] { direct.Property.Name }.ToEquatable();
                }

                if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
                {
                    if (!_propertiesReadOnLocals.TryGetValue(root, out var byLocal))
                    {
                        byLocal = new Dictionary<ILocalSymbol, SortedSet<string>>(SymbolEqualityComparer.Default);
                        foreach (var operation in root.Descendants())
                        {
                            if (operation is IPropertyReferenceOperation { Instance: ILocalReferenceOperation local } property)
                            {
                                if (!byLocal.TryGetValue(local.Local, out var names))
                                {
                                    names = new SortedSet<string>(StringComparer.Ordinal);
                                    byLocal[local.Local] = names;
                                }

                                names.Add(property.Property.Name);
                            }
                        }

                        _propertiesReadOnLocals[root] = byLocal;
                    }

                    if (byLocal.TryGetValue(declarator.Symbol, out var read))
                    {
                        return read.ToEquatable();
                    }
                }

                return EquatableArray<string>.Empty;
            }

            /// <summary>The calls of <paramref name="method"/> in this file (the type's declarations in this tree).</summary>
            public List<IInvocationOperation> CallSitesOf(IMethodSymbol method)
            {
                if (_callSites.TryGetValue(method, out var found))
                {
                    return found;
                }

                found = new List<IInvocationOperation>();
                if (_invocationsByName is null)
                {
                    // One syntax walk of the file for every factory of the member: invocations by the name they call.
                    _invocationsByName = new Dictionary<string, List<InvocationExpressionSyntax>>(StringComparer.Ordinal);
                    foreach (var node in _semanticModel.SyntaxTree.GetRoot(_cancellationToken).DescendantNodes())
                    {
                        if (node is not InvocationExpressionSyntax invocation)
                        {
                            continue;
                        }

                        var name = invocation.Expression switch
                        {
                            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                            _ => null,
                        };
                        if (name is null)
                        {
                            continue;
                        }

                        if (!_invocationsByName.TryGetValue(name, out var list))
                        {
                            list = new List<InvocationExpressionSyntax>();
                            _invocationsByName[name] = list;
                        }

                        list.Add(invocation);
                    }
                }

                if (_invocationsByName.TryGetValue(method.Name, out var candidates))
                {
                    foreach (var invocation in candidates)
                    {
                        if (_semanticModel.GetOperation(invocation, _cancellationToken) is IInvocationOperation call
                            && SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition))
                        {
                            found.Add(call);
                        }
                    }
                }

                _callSites[method] = found;
                return found;
            }

            /// <summary>How many identifiers of this file spell <paramref name="name"/> (one syntax walk for every name asked).</summary>
            public int MentionsOf(string name)
            {
                if (_mentions is null)
                {
                    _mentions = new Dictionary<string, int>(StringComparer.Ordinal);
                    foreach (var node in _semanticModel.SyntaxTree.GetRoot(_cancellationToken).DescendantNodes())
                    {
                        if (node is IdentifierNameSyntax identifier)
                        {
                            var text = identifier.Identifier.ValueText;
                            _mentions[text] = _mentions.TryGetValue(text, out var count) ? count + 1 : 1;
                        }
                    }
                }

                return _mentions.TryGetValue(name, out var found) ? found : 0;
            }

            /// <summary>How many trainer-shaped calls of the same name come before <paramref name="call"/> in <paramref name="declaration"/>.</summary>
            public int TrainerCallsBefore(SyntaxNode declaration, string name, SyntaxNode call)
            {
                if (!_trainerCalls.TryGetValue(declaration, out var byName))
                {
                    byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                    foreach (var node in declaration.DescendantNodes())
                    {
                        if (PipelineOwners.IsTrainerCall(node))
                        {
                            var calledName = ((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)node).Expression).Name.Identifier.ValueText;
                            if (!byName.TryGetValue(calledName, out var starts))
                            {
                                starts = new List<int>();
                                byName[calledName] = starts;
                            }

                            starts.Add(node.SpanStart); // in document order: sorted
                        }
                    }

                    _trainerCalls[declaration] = byName;
                }

                if (!byName.TryGetValue(name, out var positions))
                {
                    return 0;
                }

                var index = positions.BinarySearch(call.SpanStart);
                return index >= 0 ? index : ~index;
            }
        }

        /// <summary>The uses of the fitted models of one body, by the fit's syntax, in the order of the body.</summary>
        private sealed class FitUses
        {
            public Dictionary<SyntaxNode, List<FitUse>> ByFit { get; } = new Dictionary<SyntaxNode, List<FitUse>>();

            /// <summary>Every <c>Model.Load</c> of the body (a pipeline keeps those that read a file it saves).</summary>
            public List<LoadModel> Loads { get; } = new List<LoadModel>();

            public void Add(SyntaxNode fit, FitUse use)
            {
                if (!ByFit.TryGetValue(fit, out var list))
                {
                    list = new List<FitUse>();
                    ByFit[fit] = list;
                }

                list.Add(use);
            }
        }

        /// <summary>An evaluation or a save of a fitted model.</summary>
        private sealed class FitUse
        {
            public FitUse(ResolvedEvaluation? evaluation, SaveModel? save)
            {
                Evaluation = evaluation;
                Save = save;
            }

            public ResolvedEvaluation? Evaluation { get; }

            public SaveModel? Save { get; }
        }

        /// <summary>An evaluation resolved to the fit whose model scored its data, with everything but the data's role.</summary>
        private sealed class ResolvedEvaluation
        {
            public ResolvedEvaluation(SyntaxNode fit, DataSource? evaluated, string catalog, string metricsType, string? label, EquatableArray<string> metrics, SourceModel source)
            {
                Fit = fit;
                Evaluated = evaluated;
                Catalog = catalog;
                MetricsType = metricsType;
                Label = label;
                Metrics = metrics;
                Source = source;
            }

            public SyntaxNode Fit { get; }

            public DataSource? Evaluated { get; }

            public string Catalog { get; }

            public string MetricsType { get; }

            public string? Label { get; }

            public EquatableArray<string> Metrics { get; }

            public SourceModel Source { get; }
        }
    }
}
