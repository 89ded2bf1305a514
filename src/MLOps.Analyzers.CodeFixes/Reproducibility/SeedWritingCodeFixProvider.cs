using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MLOps.Analyzers.CodeFixes.Reproducibility
{
    /// <summary>
    /// Shared by the fixes that write the project's default seed (<c>mlops.default_seed</c>, else 42) at the diagnostic:
    /// finds the reported node, reads the seed once per document, and rewrites the node. Fix All batches the edits.
    /// </summary>
    public abstract class SeedWritingCodeFixProvider<TNode> : CodeFixProvider
        where TNode : SyntaxNode
    {
        public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            var seed = SeedLiteral.GetSeed(context.Document, root.SyntaxTree);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not TNode node)
                {
                    continue;
                }

                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(GetTitle(seed), token => ReplaceAsync(document, node, seed, token), GetEquivalenceKey()),
                    diagnostic);
            }
        }

        /// <summary>The title shown in the light bulb.</summary>
        protected abstract string GetTitle(int seed);

        /// <summary>The fix's equivalence key (one per provider, so Fix All groups its diagnostics).</summary>
        protected abstract string GetEquivalenceKey();

        /// <summary>The node with the seed written in.</summary>
        protected abstract SyntaxNode WithSeed(TNode node, int seed);

        private async Task<Document> ReplaceAsync(Document document, TNode node, int seed, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, WithSeed(node, seed)));
        }
    }
}
