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
    public sealed class EvaluatedOnTrainingDataCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "MLO3002.EvaluateOnTestSet";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.EvaluatedOnTrainingData);

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
                if (!diagnostic.Properties.TryGetValue(EvaluatedOnTrainingDataAnalyzer.TestSetReplacementProperty, out var replacement)
                    || string.IsNullOrEmpty(replacement)
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not MemberAccessExpressionSyntax trainSet
                    || trainSet.Name.Identifier.ValueText != "TrainSet")
                {
                    continue;
                }

                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create($"Evaluate on {replacement}", token => ReplaceAsync(document, trainSet, token), EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document> ReplaceAsync(Document document, MemberAccessExpressionSyntax trainSet, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var testSet = trainSet.WithName(SyntaxFactory.IdentifierName("TestSet").WithTriviaFrom(trainSet.Name));
            return document.WithSyntaxRoot(root.ReplaceNode(trainSet, testSet));
        }
    }
}
