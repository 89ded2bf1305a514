using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.CodeFixes.Reproducibility
{
    /// <summary>MLO1001: gives the MLContext a seed (<c>mlops.default_seed</c>, else 42).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnseededMLContextCodeFixProvider)), Shared]
    public sealed class UnseededMLContextCodeFixProvider : NodeReplacingCodeFixProvider<BaseObjectCreationExpressionSyntax>
    {
        public const string EquivalenceKey = "MLO1001.AddSeed";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnseededMLContext);

        protected override string GetEquivalenceKey() => EquivalenceKey;

        protected override bool TryGetReplacement(Document document, Diagnostic diagnostic, BaseObjectCreationExpressionSyntax node, out string title, out SyntaxNode replacement)
        {
            var seed = SeedLiteral.GetSeed(document, node.SyntaxTree);
            title = $"Seed the MLContext with {seed}";
            replacement = WithSeed(node, seed);
            return true;
        }

        private static SyntaxNode WithSeed(BaseObjectCreationExpressionSyntax creation, int seed)
        {
            var value = SeedLiteral.CreateExpression(seed);
            var arguments = creation.ArgumentList;
            if (arguments is null || arguments.Arguments.Count == 0)
            {
                var seedArgument = SyntaxFactory.Argument(value).WithNameColon(SyntaxFactory.NameColon("seed"));
                return creation.WithArgumentList(arguments is null
                    ? SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(seedArgument))
                    : SyntaxLists.Append(arguments, seedArgument));
            }

            // seed: null, null or default: keep the argument's name, replace its value.
            var existing = arguments.Arguments[0];
            return creation.ReplaceNode(existing, existing.WithExpression(value.WithTriviaFrom(existing.Expression)));
        }
    }
}
