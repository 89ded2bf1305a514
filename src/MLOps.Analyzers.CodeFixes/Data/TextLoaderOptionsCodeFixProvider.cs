using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MLOps.Analyzers.Data;

namespace MLOps.Analyzers.CodeFixes.Data
{
    /// <summary>
    /// MLO2006: adds <c>separatorChar: ','</c> to the <c>LoadFromTextFile</c> / <c>CreateTextLoader</c> call that loads a
    /// <c>.csv</c> file with the default tab separator, or <c>hasHeader: true</c> where the shipped file starts with a
    /// header row.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TextLoaderOptionsCodeFixProvider)), Shared]
    public sealed class TextLoaderOptionsCodeFixProvider : CodeFixProvider
    {
        /// <summary>The fix that passes <c>separatorChar: ','</c>.</summary>
        public const string EquivalenceKey = "MLO2006.CommaSeparator";

        /// <summary>The fix that passes <c>hasHeader: true</c>.</summary>
        public const string HeaderEquivalenceKey = "MLO2006.HasHeader";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.TextLoaderOptionsContradictFile);

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
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                    || BrokenCode.Around(invocation))
                {
                    continue;
                }

                var header = diagnostic.Properties.TryGetValue(TextLoaderOptionsAnalyzer.FixProperty, out var fix) && fix == TextLoaderOptionsAnalyzer.HeaderFix;
                var name = header ? "hasHeader" : "separatorChar";
                if (HasArgument(invocation.ArgumentList, name))
                {
                    continue;
                }

                ExpressionSyntax value = header
                    ? SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression)
                    : SyntaxFactory.LiteralExpression(SyntaxKind.CharacterLiteralExpression, SyntaxFactory.Literal(','));
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        header ? "Pass hasHeader: true" : "Pass separatorChar: ','",
                        token => AddArgumentAsync(document, invocation, name, value, token),
                        header ? HeaderEquivalenceKey : EquivalenceKey),
                    diagnostic);
            }
        }

        private static bool HasArgument(ArgumentListSyntax arguments, string name)
        {
            foreach (var argument in arguments.Arguments)
            {
                if (argument.NameColon?.Name.Identifier.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }

        private static async Task<Document> AddArgumentAsync(Document document, InvocationExpressionSyntax invocation, string name, ExpressionSyntax value, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var argument = SyntaxFactory.Argument(
                SyntaxFactory.NameColon(
                    SyntaxFactory.IdentifierName(name),
                    SyntaxFactory.Token(SyntaxKind.ColonToken).WithTrailingTrivia(SyntaxFactory.Space)),
                default,
                value);

            var list = invocation.ArgumentList;
            var newList = SyntaxLists.Append(list, argument);
            return document.WithSyntaxRoot(root.ReplaceNode(list, newList));
        }
    }
}
