using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.Generators
{
    /// <summary>
    /// The syntactic gate of the manifest generator: which member bodies hold a trainer-shaped call
    /// (<c>x.Trainers.Name(...)</c>). The generator extracts once per such member (the "owner" of its trainer calls), so
    /// the per-method work (operation tree, local definitions, data flow) is shared by all pipelines of that member, and
    /// members and files without one cost one syntax walk and nothing else.
    /// </summary>
    /// <remarks>
    /// Owners do not nest: a method, constructor, operator or accessor body (with the local functions and lambdas in it);
    /// a property's or indexer's expression body or initializer (not its accessors, which are owners of their own); a field's
    /// or event field's initializers; the top-level statements of a file (the compilation unit, looking at its global
    /// statements only); a primary constructor's base-type arguments. Types cannot be declared inside these bodies.
    /// </remarks>
    internal static class PipelineOwners
    {
        private static readonly ConditionalWeakTable<SyntaxTree, OwnerList> ByTree = new ConditionalWeakTable<SyntaxTree, OwnerList>();

        /// <summary>
        /// The owners with trainer calls of one tree, in document order, computed once per tree object (the same array while
        /// the tree is unchanged, so the generator's per-tree step compares equal and caches). A tree whose text does not
        /// contain <c>Trainers</c> is rejected by a text search, without a syntax walk; in the others the walk stops at
        /// owners (they do not nest) and at statements and expressions.
        /// </summary>
        /// <remarks>
        /// This replaces a syntax provider whose predicate the generator driver called on every node of every tree: on
        /// the 1,000-file workload that walk (and the red nodes it built) cost about as much as a quarter of the extraction.
        /// </remarks>
        public static ImmutableArray<SyntaxNode> InTree(SyntaxTree tree) =>
            ByTree.GetValue(tree, static t => new OwnerList(Find(t))).Owners;

        private static ImmutableArray<SyntaxNode> Find(SyntaxTree tree)
        {
            var text = Infrastructure.SourceStrings.Of(tree);
            if (!Infrastructure.SourceStrings.ContainsWord(text, "Trainers", 0, text.Length))
            {
                return ImmutableArray<SyntaxNode>.Empty;
            }

            var owners = ImmutableArray.CreateBuilder<SyntaxNode>();
            foreach (var node in tree.GetRoot().DescendantNodesAndSelf(static n => !StopsWalk(n)))
            {
                if (IsOwnerWithTrainerCall(node))
                {
                    owners.Add(node);
                }
            }

            return owners.ToImmutable();
        }

        /// <summary>Nodes whose children hold no owner: owners other than types, properties and the compilation unit, statements and expressions.</summary>
        private static bool StopsWalk(SyntaxNode node) =>
            node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BaseFieldDeclarationSyntax or GlobalStatementSyntax
                or StatementSyntax or ExpressionSyntax or AttributeListSyntax or BaseListSyntax or ParameterListSyntax
                or EqualsValueClauseSyntax or ArrowExpressionClauseSyntax;

        private sealed class OwnerList
        {
            public OwnerList(ImmutableArray<SyntaxNode> owners) => Owners = owners;

            public ImmutableArray<SyntaxNode> Owners { get; }
        }

        /// <summary><paramref name="node"/> is an owner with at least one trainer-shaped call.</summary>
        public static bool IsOwnerWithTrainerCall(SyntaxNode node)
        {
            switch (node)
            {
                case BaseMethodDeclarationSyntax method:
                    return ContainsTrainerCall(method.Body) || ContainsTrainerCall(method.ExpressionBody);
                case AccessorDeclarationSyntax accessor:
                    return ContainsTrainerCall(accessor.Body) || ContainsTrainerCall(accessor.ExpressionBody);
                case PropertyDeclarationSyntax property:
                    return ContainsTrainerCall(property.ExpressionBody) || ContainsTrainerCall(property.Initializer);
                case IndexerDeclarationSyntax indexer:
                    return ContainsTrainerCall(indexer.ExpressionBody);
                case BaseFieldDeclarationSyntax field:
                    return ContainsTrainerCall(field.Declaration);
                case TypeDeclarationSyntax type:
                    return type.BaseList is { } baseList && HasPrimaryConstructorBaseArguments(baseList) && ContainsTrainerCall(baseList);
                case CompilationUnitSyntax unit:
                    foreach (var member in unit.Members)
                    {
                        if (member is GlobalStatementSyntax && ContainsTrainerCall(member))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        /// <summary>The trainer-shaped calls an owner holds, in source order (for a compilation unit: in its global statements).</summary>
        public static List<InvocationExpressionSyntax> TrainerCalls(SyntaxNode owner)
        {
            var calls = new List<InvocationExpressionSyntax>();
            switch (owner)
            {
                case BaseMethodDeclarationSyntax method:
                    Add(method.Body, calls);
                    Add(method.ExpressionBody, calls);
                    break;
                case AccessorDeclarationSyntax accessor:
                    Add(accessor.Body, calls);
                    Add(accessor.ExpressionBody, calls);
                    break;
                case PropertyDeclarationSyntax property:
                    Add(property.ExpressionBody, calls);
                    Add(property.Initializer, calls);
                    break;
                case IndexerDeclarationSyntax indexer:
                    Add(indexer.ExpressionBody, calls);
                    break;
                case BaseFieldDeclarationSyntax field:
                    Add(field.Declaration, calls);
                    break;
                case TypeDeclarationSyntax type:
                    Add(type.BaseList, calls);
                    break;
                case CompilationUnitSyntax unit:
                    foreach (var member in unit.Members)
                    {
                        if (member is GlobalStatementSyntax)
                        {
                            Add(member, calls);
                        }
                    }

                    break;
            }

            return calls;
        }

        /// <summary>
        /// <c>x.Trainers.Name(...)</c>, the shape of every ML.NET trainer factory call
        /// (<c>ml.Regression.Trainers.FastTree(...)</c>). Cheap, and exact enough: the extraction checks the symbol.
        /// </summary>
        public static bool IsTrainerCall(SyntaxNode node) =>
            node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Trainers" } } };

        private static bool HasPrimaryConstructorBaseArguments(BaseListSyntax baseList)
        {
            foreach (var type in baseList.Types)
            {
                if (type is PrimaryConstructorBaseTypeSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ContainsTrainerCall(SyntaxNode? node)
        {
            if (node is null)
            {
                return false;
            }

            // The identifier "Trainers" must occur: a token scan rejects almost every body without building node lists.
            foreach (var token in node.DescendantTokens())
            {
                if (token.RawKind == (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken && token.ValueText == "Trainers"
                    && token.Parent?.Parent is MemberAccessExpressionSyntax inner
                    && inner.Parent is MemberAccessExpressionSyntax outer && outer.Expression == inner
                    && outer.Parent is InvocationExpressionSyntax invocation && invocation.Expression == outer
                    && inner.Name == token.Parent)
                {
                    return true;
                }
            }

            return false;
        }

        private static void Add(SyntaxNode? node, List<InvocationExpressionSyntax> calls)
        {
            if (node is null)
            {
                return;
            }

            foreach (var descendant in node.DescendantNodes())
            {
                if (IsTrainerCall(descendant))
                {
                    calls.Add((InvocationExpressionSyntax)descendant);
                }
            }
        }
    }
}
