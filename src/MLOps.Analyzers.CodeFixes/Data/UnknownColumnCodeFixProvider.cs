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
    /// MLO2007: replaces a misspelt column name with the one known column within edit distance 2. Only plain string
    /// literals are rewritten; <c>nameof(...)</c>, constants and interpolations are left for the author.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnknownColumnCodeFixProvider)), Shared]
    public sealed class UnknownColumnCodeFixProvider : NodeReplacingCodeFixProvider<LiteralExpressionSyntax>
    {
        public const string EquivalenceKey = "MLO2007.UseKnownColumn";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnknownColumn);

        protected override string GetEquivalenceKey() => EquivalenceKey;

        protected override bool TryGetReplacement(Document document, Diagnostic diagnostic, LiteralExpressionSyntax node, out string title, out SyntaxNode replacement)
        {
            title = string.Empty;
            replacement = node;
            if (!node.IsKind(SyntaxKind.StringLiteralExpression)
                || !diagnostic.Properties.TryGetValue(UnknownColumnAnalyzer.SuggestionProperty, out var suggestion)
                || string.IsNullOrEmpty(suggestion))
            {
                return false;
            }

            title = $"Use column '{suggestion}'";
            replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(suggestion!)).WithTriviaFrom(node);
            return true;
        }
    }
}
