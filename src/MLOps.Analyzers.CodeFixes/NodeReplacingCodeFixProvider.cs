using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace MLOps.Analyzers.CodeFixes
{
    /// <summary>
    /// Base of the fixes that rewrite the one node a diagnostic is reported on: finds the node, asks the rule for its
    /// replacement (none: no fix offered), and replaces it. Fix All batches the edits of a document.
    /// </summary>
    public abstract class NodeReplacingCodeFixProvider<TNode> : CodeFixProvider
        where TNode : SyntaxNode
    {
        public sealed override FixAllProvider GetFixAllProvider() => MLOpsFixAllProvider.Instance;

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            var document = context.Document;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not TNode node
                    || BrokenCode.Around(node)
                    || !TryGetReplacement(document, diagnostic, node, out var title, out var replacement))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(title, token => ReplaceAsync(document, node, replacement, token), GetEquivalenceKey()),
                    diagnostic);
            }
        }

        /// <summary>The fix's equivalence key (one per provider, so Fix All groups its diagnostics).</summary>
        protected abstract string GetEquivalenceKey();

        /// <summary>The light-bulb title and the node that replaces <paramref name="node"/>; false when no fix is unambiguous.</summary>
        protected abstract bool TryGetReplacement(Document document, Diagnostic diagnostic, TNode node, out string title, out SyntaxNode replacement);

        private static async Task<Document> ReplaceAsync(Document document, TNode node, SyntaxNode replacement, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
        }
    }
}
