using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.CodeFixes
{
    /// <summary>
    /// No fix is offered inside code that does not parse (a missing parenthesis, an unterminated string): an edit there
    /// lands in a place the parser guessed and can turn one error into several (found by the fuzzing harness).
    /// </summary>
    internal static class BrokenCode
    {
        /// <summary>The statement, or member without one, that holds <paramref name="node"/> has a syntax error.</summary>
        public static bool Around(SyntaxNode node) =>
            ((SyntaxNode?)node.FirstAncestorOrSelf<StatementSyntax>()
                ?? (SyntaxNode?)node.FirstAncestorOrSelf<MemberDeclarationSyntax>()
                ?? node).ContainsDiagnostics;
    }
}
