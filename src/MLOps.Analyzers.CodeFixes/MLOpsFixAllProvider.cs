using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace MLOps.Analyzers.CodeFixes
{
    /// <summary>
    /// The Fix All of every MLOps code fix. Per document, it asks the provider for each diagnostic's fix (exactly what the
    /// light bulb offers), keeps the text changes of those that do not conflict with a fix already kept (changes identical
    /// to kept ones are merged, not a conflict) and applies them together. Diagnostics without a fix are skipped.
    /// </summary>
    /// <remarks>
    /// Unlike <see cref="WellKnownFixAllProviders.BatchFixer"/>, a context without an equivalence key fixes every diagnostic
    /// with whichever fix it has. <c>dotnet format analyzers</c> takes the key from the first diagnostic of an ID it meets;
    /// when that diagnostic has no fix, the key is null, the batch fixer matches no fix and nothing of that ID is fixed.
    /// The IDE always passes the key of the fix it was invoked from, which is then matched exactly.
    /// </remarks>
    internal sealed class MLOpsFixAllProvider : DocumentBasedFixAllProvider
    {
        public static readonly MLOpsFixAllProvider Instance = new MLOpsFixAllProvider();

        private MLOpsFixAllProvider()
        {
        }

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var cancellationToken = fixAllContext.CancellationToken;
            var accepted = new List<TextChange>();
            var ordered = diagnostics
                .Where(diagnostic => diagnostic.Location.IsInSource)
                .OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start)
                .ThenBy(diagnostic => diagnostic.Location.SourceSpan.End)
                .ThenBy(diagnostic => diagnostic.Id, System.StringComparer.Ordinal);
            foreach (var diagnostic in ordered)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var action = await FindActionAsync(fixAllContext.CodeFixProvider, document, diagnostic, fixAllContext.CodeActionEquivalenceKey, cancellationToken).ConfigureAwait(false);
                if (action is null)
                {
                    continue;
                }

                var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                var changed = operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution.GetDocument(document.Id);
                if (changed is null)
                {
                    continue;
                }

                var changes = (await changed.GetTextChangesAsync(document, cancellationToken).ConfigureAwait(false))
                    .Where(change => !accepted.Contains(change))
                    .ToList();
                if (changes.Any(change => accepted.Any(kept => Conflict(kept.Span, change.Span))))
                {
                    continue; // left for the next run, as the batch fixer does
                }

                accepted.AddRange(changes);
            }

            if (accepted.Count == 0)
            {
                return document;
            }

            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            return document.WithText(text.WithChanges(accepted.OrderBy(change => change.Span.Start).ThenBy(change => change.Span.End)));
        }

        /// <summary>The diagnostic's fix with the requested key; with no key (dotnet format), its first fix.</summary>
        private static async Task<CodeAction?> FindActionAsync(
            CodeFixProvider provider, Document document, Diagnostic diagnostic, string? equivalenceKey, CancellationToken cancellationToken)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
            await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            return equivalenceKey is null
                ? actions.FirstOrDefault()
                : actions.FirstOrDefault(action => action.EquivalenceKey == equivalenceKey);
        }

        /// <summary>Two changes conflict when they overlap, or when one inserts where the other starts (their order is unknown).</summary>
        private static bool Conflict(TextSpan kept, TextSpan change) =>
            kept.OverlapsWith(change)
            || ((kept.IsEmpty || change.IsEmpty) && kept.Start == change.Start)
            || (change.IsEmpty && change.Start > kept.Start && change.Start < kept.End)
            || (kept.IsEmpty && kept.Start > change.Start && kept.Start < change.End);
    }
}
