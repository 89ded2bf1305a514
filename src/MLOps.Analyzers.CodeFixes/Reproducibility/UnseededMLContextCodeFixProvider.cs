using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.CodeFixes.Reproducibility
{
    /// <summary>MLO1001: gives the MLContext a seed (<c>mlops.default_seed</c>, else 42).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnseededMLContextCodeFixProvider)), Shared]
    public sealed class UnseededMLContextCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "MLO1001.AddSeed";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnseededMLContext);

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
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation)
                {
                    continue;
                }

                var seed = SeedLiteral.GetSeed(context.Document, root.SyntaxTree);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Seed the MLContext with {seed}",
                        token => AddSeedAsync(context.Document, creation, seed, token),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document> AddSeedAsync(Document document, BaseObjectCreationExpressionSyntax creation, int seed, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var value = SeedLiteral.CreateExpression(seed);
            var arguments = creation.ArgumentList;
            BaseObjectCreationExpressionSyntax fixedCreation;
            if (arguments is null || arguments.Arguments.Count == 0)
            {
                var seedArgument = SyntaxFactory.Argument(value).WithNameColon(SyntaxFactory.NameColon("seed"));
                var list = arguments is null
                    ? SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(seedArgument))
                    : arguments.WithArguments(SyntaxFactory.SingletonSeparatedList(seedArgument));
                fixedCreation = creation.WithArgumentList(list);
            }
            else
            {
                // seed: null, null or default: keep the argument's name, replace its value.
                var existing = arguments.Arguments[0];
                fixedCreation = creation.ReplaceNode(existing, existing.WithExpression(value.WithTriviaFrom(existing.Expression)));
            }

            return document.WithSyntaxRoot(root.ReplaceNode(creation, fixedCreation));
        }
    }
}
