using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.CodeFixes
{
    /// <summary>The seed literal the fixes write, read from <c>mlops.default_seed</c> in the document's .editorconfig.</summary>
    internal static class SeedLiteral
    {
        public static int GetSeed(Document document, SyntaxTree tree) =>
            MLOpsOptions.GetDefaultSeed(document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree));

        public static LiteralExpressionSyntax Create(int seed) =>
            seed < 0
                ? throw new System.ArgumentOutOfRangeException(nameof(seed))
                : SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(seed.ToString(CultureInfo.InvariantCulture), seed));

        public static ExpressionSyntax CreateExpression(int seed) =>
            seed < 0
                ? SyntaxFactory.PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, Create(-seed))
                : Create(seed);
    }
}
