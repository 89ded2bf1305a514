using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.CodeFixes.Reproducibility
{
    /// <summary>MLO1004: replaces the clock/GUID seed expression with a constant (<c>mlops.default_seed</c>, else 42).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClockOrGuidSeedCodeFixProvider)), Shared]
    public sealed class ClockOrGuidSeedCodeFixProvider : SeedWritingCodeFixProvider<ExpressionSyntax>
    {
        public const string EquivalenceKey = "MLO1004.UseConstantSeed";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ClockOrGuidSeed);

        protected override string GetTitle(int seed) => $"Use the constant seed {seed}";

        protected override string GetEquivalenceKey() => EquivalenceKey;

        protected override SyntaxNode WithSeed(ExpressionSyntax node, int seed) => SeedLiteral.CreateExpression(seed).WithTriviaFrom(node);
    }
}
