using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.CodeFixes.Reproducibility
{
    /// <summary>MLO1004: replaces the clock/GUID seed expression with a constant (<c>mlops.default_seed</c>, else 42).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClockOrGuidSeedCodeFixProvider)), Shared]
    public sealed class ClockOrGuidSeedCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "MLO1004.UseConstantSeed";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ClockOrGuidSeed);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression)
                {
                    continue;
                }

                var seed = SeedLiteral.GetSeed(context.Document, root.SyntaxTree);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Use the constant seed {seed}",
                        token => ReplaceAsync(context.Document, expression, seed, token),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax expression, int seed, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root is null
                ? document
                : document.WithSyntaxRoot(root.ReplaceNode(expression, SeedLiteral.CreateExpression(seed).WithTriviaFrom(expression)));
        }
    }
}
