using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MLOps.Analyzers.Performance;

namespace MLOps.Analyzers.CodeFixes.Performance
{
    /// <summary>
    /// MLO5001: inserts <c>.AppendCacheCheckpoint(ml)</c> before the <c>.Append(trainer)</c> call
    /// (<c>x.Append(ml.Clustering.Trainers.KMeans())</c> becomes <c>x.AppendCacheCheckpoint(ml).Append(ml.Clustering.Trainers.KMeans())</c>),
    /// or, when the trainer starts the chain and there is nothing before it to cache, caches the data the chain is fitted on:
    /// <c>kmeans.Fit(data)</c> becomes <c>kmeans.Fit(ml.Data.Cache(data))</c>. The analyzer says which one applies and
    /// where; no fix is offered when neither is unambiguous or the context cannot be named at that place.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CacheCheckpointMissingCodeFixProvider)), Shared]
    public sealed class CacheCheckpointMissingCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "MLO5001.CacheBeforeTrainer";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.CacheCheckpointMissing);

        public override FixAllProvider GetFixAllProvider() => MLOpsFixAllProvider.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(CacheCheckpointMissingAnalyzer.FixProperty, out var kind)
                    || diagnostic.AdditionalLocations.Count != 2
                    || Find(root, diagnostic.AdditionalLocations[0]) is not { } target
                    || BrokenCode.Around(target)
                    || Find(root, diagnostic.AdditionalLocations[1]) is not { } mlContext
                    || !BindsTheSameAt(semanticModel, mlContext, target.SpanStart, context.CancellationToken))
                {
                    continue;
                }

                var contextText = mlContext.WithoutTrivia();
                switch (kind)
                {
                    case CacheCheckpointMissingAnalyzer.FixAppendCacheCheckpoint
                        when target.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Append", Parent: InvocationExpressionSyntax } memberAccess
                            && memberAccess.Expression == target:
                        context.RegisterCodeFix(
                            CodeAction.Create(
                                "Add AppendCacheCheckpoint before the trainer",
                                token => ReplaceAsync(document, target, InsertCheckpoint(target, memberAccess.OperatorToken, contextText), token),
                                EquivalenceKey),
                            diagnostic);
                        break;
                    case CacheCheckpointMissingAnalyzer.FixCacheData:
                        context.RegisterCodeFix(
                            CodeAction.Create(
                                "Cache the training data with Data.Cache",
                                token => ReplaceAsync(document, target, CacheData(target, contextText), token),
                                EquivalenceKey),
                            diagnostic);
                        break;
                }
            }
        }

        private static ExpressionSyntax? Find(SyntaxNode root, Location location) =>
            location.IsInSource && location.SourceTree == root.SyntaxTree
                ? root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax
                : null;

        /// <summary>The context expression, written at the place of the fix, must name the same context.</summary>
        private static bool BindsTheSameAt(SemanticModel semanticModel, ExpressionSyntax mlContext, int position, CancellationToken cancellationToken)
        {
            var original = semanticModel.GetSymbolInfo(mlContext, cancellationToken).Symbol;
            var moved = semanticModel.GetSpeculativeSymbolInfo(position, mlContext.WithoutTrivia(), SpeculativeBindingOption.BindAsExpression).Symbol;
            return original is not null && SymbolEqualityComparer.Default.Equals(original, moved);
        }

        /// <summary>
        /// <c>x.Append(t)</c> becomes <c>x.AppendCacheCheckpoint(ml).Append(t)</c>; a chain written one call per line gets
        /// the checkpoint on a line of its own, indented like the <c>.Append</c> after it.
        /// </summary>
        private static ExpressionSyntax InsertCheckpoint(ExpressionSyntax receiver, SyntaxToken appendDot, ExpressionSyntax mlContext)
        {
            var trailing = receiver.GetTrailingTrivia();
            var lineBreak = SyntaxTriviaList.Empty;
            foreach (var trivia in trailing)
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    lineBreak = SyntaxFactory.TriviaList(trivia);
                    break;
                }
            }

            var memberAccess = SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                receiver,
                SyntaxFactory.Token(SyntaxKind.DotToken).WithLeadingTrivia(lineBreak.Count > 0 ? Indentation(appendDot.LeadingTrivia) : SyntaxTriviaList.Empty),
                SyntaxFactory.IdentifierName("AppendCacheCheckpoint"));
            return SyntaxFactory.InvocationExpression(
                    memberAccess,
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(mlContext))))
                .WithTrailingTrivia(lineBreak);
        }

        /// <summary>
        /// The indentation of the <c>.Append</c> line: the whitespace after the last line break or directive of its leading
        /// trivia. Comments and directives (<c>#if</c>, <c>#region</c>) stay where they are, written once.
        /// </summary>
        private static SyntaxTriviaList Indentation(SyntaxTriviaList leading)
        {
            var start = leading.Count;
            while (start > 0 && leading[start - 1].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                start--;
            }

            var indentation = SyntaxTriviaList.Empty;
            for (var i = start; i < leading.Count; i++)
            {
                indentation = indentation.Add(leading[i]);
            }

            return indentation;
        }

        /// <summary><c>data</c> becomes <c>ml.Data.Cache(data)</c>.</summary>
        private static ExpressionSyntax CacheData(ExpressionSyntax data, ExpressionSyntax mlContext) =>
            SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, mlContext, SyntaxFactory.IdentifierName("Data")),
                        SyntaxFactory.IdentifierName("Cache")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(data.WithoutTrivia()))))
                .WithTriviaFrom(data);

        private static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode));
        }
    }
}
