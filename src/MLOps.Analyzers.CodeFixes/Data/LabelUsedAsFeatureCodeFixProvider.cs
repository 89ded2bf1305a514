using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.CodeFixes.Data
{
    /// <summary>
    /// MLO2003: removes the label from the <c>Concatenate</c> inputs, when the inputs are written as separate arguments
    /// or as an inline array and at least one other input remains.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LabelUsedAsFeatureCodeFixProvider)), Shared]
    public sealed class LabelUsedAsFeatureCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "MLO2003.RemoveLabelFromFeatures";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.LabelUsedAsFeature);

        public override FixAllProvider GetFixAllProvider() => MLOpsFixAllProvider.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax input
                    || RemovableNode(input) is null)
                {
                    continue;
                }

                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create("Remove the label from the features", token => RemoveAsync(document, input, token), EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>The argument or array element to remove; null when removing it would leave no input or the input is named.</summary>
        private static SyntaxNode? RemovableNode(ExpressionSyntax input) => input.Parent switch
        {
            // Concatenate("Features", "A", "Label"): the output and at least one other input remain.
            ArgumentSyntax { NameColon: null, Parent: ArgumentListSyntax list } argument when list.Arguments.Count > 2 => argument,
            InitializerExpressionSyntax initializer when initializer.Expressions.Count > 1 => input,
            _ => null,
        };

        private static async Task<Document> RemoveAsync(Document document, ExpressionSyntax input, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || RemovableNode(input) is not { } node)
            {
                return document;
            }

            SyntaxNode? updated = node.Parent switch
            {
                ArgumentListSyntax list when node is ArgumentSyntax argument =>
                    root.ReplaceNode(list, list.WithArguments(list.Arguments.Remove(argument))),
                InitializerExpressionSyntax initializer when node is ExpressionSyntax element =>
                    root.ReplaceNode(initializer, initializer.WithExpressions(initializer.Expressions.Remove(element))),
                _ => null,
            };
            return updated is null ? document : document.WithSyntaxRoot(updated);
        }
    }
}
