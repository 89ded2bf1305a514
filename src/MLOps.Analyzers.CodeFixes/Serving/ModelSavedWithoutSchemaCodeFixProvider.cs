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
    public sealed class ModelSavedWithoutSchemaCodeFixProvider : NodeReplacingCodeFixProvider<ExpressionSyntax>
    {
        public const string EquivalenceKey = "MLO4003.SaveTrainingSchema";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ModelSavedWithoutSchema);

        protected override string GetEquivalenceKey() => EquivalenceKey;

        protected override bool TryGetReplacement(Document document, Diagnostic diagnostic, ExpressionSyntax node, out string title, out SyntaxNode replacement)
        {
            title = string.Empty;
            replacement = node;
            if (!diagnostic.Properties.TryGetValue(ModelSavedWithoutSchemaAnalyzer.SchemaSourceProperty, out var source) || string.IsNullOrEmpty(source))
            {
                return false;
            }

            title = $"Save {source}.Schema with the model";
            replacement = SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseExpression(source!),
                    SyntaxFactory.IdentifierName("Schema"))
                .WithTriviaFrom(node);
            return true;
        }
    }
}
