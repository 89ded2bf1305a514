using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MLOps.Analyzers.Data;

namespace MLOps.Analyzers.CodeFixes.Data
{
    /// <summary>
    /// MLO2003: removes the label (every input that is the label or a copy of it) from the <c>Concatenate</c> inputs, when
    /// the inputs are written as separate arguments or as an inline array and at least one other input remains.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LabelUsedAsFeatureCodeFixProvider)), Shared]
    public sealed class LabelUsedAsFeatureCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "MLO2003.RemoveLabelFromFeatures";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.LabelUsedAsFeature);

        public override FixAllProvider GetFixAllProvider() => MLOpsFixAllProvider.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax input
                    || BrokenCode.Around(input)
                    || Removal(semanticModel, diagnostic, input, context.CancellationToken) is not { } removal)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Remove the label from the features",
                        token => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(removal.List, removal.Replacement))),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>
        /// The argument list or array initializer without the label and its copies (every input with one of the names the
        /// analyzer lists, else the reported one's name). The fixes of all the diagnostics of one <c>Concatenate</c> are then
        /// the same edit. Null when no other input would remain or a label input is a named argument.
        /// </summary>
        private static (SyntaxNode List, SyntaxNode Replacement)? Removal(SemanticModel semanticModel, Diagnostic diagnostic, ExpressionSyntax input, CancellationToken cancellationToken)
        {
            if (ConstantString(semanticModel, input, cancellationToken) is not { } reported)
            {
                return null;
            }

            var labels = diagnostic.Properties.TryGetValue(LabelUsedAsFeatureAnalyzer.LabelColumnsProperty, out var names) && !string.IsNullOrEmpty(names)
                ? new HashSet<string>(names!.Split(new[] { LabelUsedAsFeatureAnalyzer.LabelColumnsSeparator }, StringSplitOptions.None), StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
            labels.Add(reported);
            bool IsLabel(ExpressionSyntax expression) => ConstantString(semanticModel, expression, cancellationToken) is { } name && labels.Contains(name);

            switch (input.Parent)
            {
                // Concatenate("Features", "A", "Label"): the output and at least one other input remain.
                case ArgumentSyntax { Parent: ArgumentListSyntax list } argument when argument.NameColon is null:
                    var inputs = list.Arguments.Skip(1).ToList();
                    var removedArguments = inputs.Where(candidate => IsLabel(candidate.Expression)).ToList();
                    if (!removedArguments.Contains(argument) || removedArguments.Any(candidate => candidate.NameColon is not null)
                        || removedArguments.Count >= inputs.Count)
                    {
                        return null;
                    }

                    return (list, list.WithArguments(SyntaxLists.Remove(list.Arguments, removedArguments)));
                case InitializerExpressionSyntax initializer:
                    var removedElements = initializer.Expressions.Where(IsLabel).ToList();
                    if (!removedElements.Contains(input) || removedElements.Count >= initializer.Expressions.Count)
                    {
                        return null;
                    }

                    // new[] { "Label", null }: what remains must still give the array its string type.
                    if (initializer.Parent is ImplicitArrayCreationExpressionSyntax
                        && !initializer.Expressions.Except(removedElements).Any(remaining =>
                            semanticModel.GetTypeInfo(remaining, cancellationToken).Type?.SpecialType == SpecialType.System_String))
                    {
                        return null;
                    }

                    return (initializer, initializer.WithExpressions(SyntaxLists.Remove(initializer.Expressions, removedElements)));
                default:
                    return null;
            }
        }

        private static string? ConstantString(SemanticModel semanticModel, ExpressionSyntax expression, CancellationToken cancellationToken) =>
            semanticModel.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: string value } ? value : null;
    }
}
