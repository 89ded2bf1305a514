using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MLOps.Analyzers.Evaluation;

namespace MLOps.Analyzers.CodeFixes.Evaluation
{
    /// <summary>
    /// MLO3002: replaces <c>split.TrainSet</c> with <c>split.TestSet</c> in <c>model.Transform(split.TrainSet)</c> when the
    /// model was fitted on that same <c>split.TrainSet</c>: the held-out half of the same split. The analyzer offers the
    /// replacement only then; no fix otherwise (which data is held out is the author's call).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EvaluatedOnTrainingDataCodeFixProvider)), Shared]
    public sealed class EvaluatedOnTrainingDataCodeFixProvider : NodeReplacingCodeFixProvider<MemberAccessExpressionSyntax>
    {
        public const string EquivalenceKey = "MLO3002.EvaluateOnTestSet";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.EvaluatedOnTrainingData);

        protected override string GetEquivalenceKey() => EquivalenceKey;

        protected override bool TryGetReplacement(Document document, Diagnostic diagnostic, MemberAccessExpressionSyntax node, out string title, out SyntaxNode replacement)
        {
            title = string.Empty;
            replacement = node;
            if (node.Name.Identifier.ValueText != "TrainSet"
                || !diagnostic.Properties.TryGetValue(EvaluatedOnTrainingDataAnalyzer.TestSetReplacementProperty, out var testSet)
                || string.IsNullOrEmpty(testSet))
            {
                return false;
            }

            title = $"Evaluate on {testSet}";
            replacement = node.WithName(SyntaxFactory.IdentifierName("TestSet").WithTriviaFrom(node.Name));
            return true;
        }
    }
}
