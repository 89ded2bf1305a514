using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MLOps.Analyzers.Serving;

namespace MLOps.Analyzers.CodeFixes.Serving
{
    /// <summary>
    /// MLO4003: replaces the null schema with <c>&lt;data&gt;.Schema</c>, where the analyzer found exactly one obvious
    /// training-data candidate: the data view the model was <c>Fit</c> on in the same method, else the only
    /// <c>IDataView</c> local or parameter in scope. No fix otherwise.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelSavedWithoutSchemaCodeFixProvider)), Shared]
    public sealed class ModelSavedWithoutSchemaCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "MLO4003.SaveTrainingSchema";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ModelSavedWithoutSchema);

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
                if (!diagnostic.Properties.TryGetValue(ModelSavedWithoutSchemaAnalyzer.SchemaSourceProperty, out var source)
                    || string.IsNullOrEmpty(source)
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax schema)
                {
                    continue;
                }

                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create($"Save {source}.Schema with the model", token => ReplaceAsync(document, schema, source!, token), EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax schema, string source, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var replacement = SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseExpression(source),
                    SyntaxFactory.IdentifierName("Schema"))
                .WithTriviaFrom(schema);
            return document.WithSyntaxRoot(root.ReplaceNode(schema, replacement));
        }
    }
}
