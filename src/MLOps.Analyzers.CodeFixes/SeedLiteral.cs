using System;
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

        /// <summary><c>42</c>, or <c>-7</c> for a negative seed.</summary>
        public static ExpressionSyntax CreateExpression(int seed)
        {
            // The token's value has the type C# gives the literal's text: int, or uint for 2147483648 (int.MinValue's magnitude).
            var magnitude = Math.Abs((long)seed);
            var text = magnitude.ToString(CultureInfo.InvariantCulture);
            var token = magnitude <= int.MaxValue ? SyntaxFactory.Literal(text, (int)magnitude) : SyntaxFactory.Literal(text, (uint)magnitude);
            var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, token);
            return seed < 0 ? SyntaxFactory.PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, literal) : literal;
        }
    }
}
