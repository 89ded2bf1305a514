using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.CodeFixes.Reproducibility
{
    /// <summary>MLO1004: replaces the clock/GUID seed expression with a constant (<c>mlops.default_seed</c>, else 42).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClockOrGuidSeedCodeFixProvider)), Shared]
    public sealed class ClockOrGuidSeedCodeFixProvider : NodeReplacingCodeFixProvider<ExpressionSyntax>
    {
        public const string EquivalenceKey = "MLO1004.UseConstantSeed";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ClockOrGuidSeed);

        protected override string GetEquivalenceKey() => EquivalenceKey;

        protected override bool TryGetReplacement(Document document, Diagnostic diagnostic, ExpressionSyntax node, out string title, out SyntaxNode replacement)
        {
            var seed = SeedLiteral.GetSeed(document, node.SyntaxTree);
            title = $"Use the constant seed {seed}";
            replacement = SeedLiteral.CreateExpression(seed).WithTriviaFrom(node);
            return true;
        }
    }
}
