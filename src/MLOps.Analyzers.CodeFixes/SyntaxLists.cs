using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.CodeFixes
{
    /// <summary>Adds to and removes from argument lists and initializers in the layout they are written in.</summary>
    internal static class SyntaxLists
    {
        private const string IndentUnit = "    ";

        /// <summary>
        /// Appends an argument. After existing arguments, the last one's trailing trivia (a line end before a <c>)</c> on its
        /// own line, a comment) moves after the new one. In an empty list that spans lines, the argument goes on its own
        /// line, indented one level more than the <c>)</c>, after any comment the list holds.
        /// </summary>
        public static ArgumentListSyntax Append(ArgumentListSyntax list, ArgumentSyntax argument)
        {
            var arguments = list.Arguments;
            if (arguments.Count > 0)
            {
                var last = arguments[arguments.Count - 1];
                var items = new List<SyntaxNodeOrToken>(arguments.GetWithSeparators());
                items[items.Count - 1] = last.WithTrailingTrivia();
                items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
                items.Add(argument.WithTrailingTrivia(last.GetTrailingTrivia()));
                return list.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(items));
            }

            var open = list.OpenParenToken;
            var close = list.CloseParenToken;
            var endOfLine = open.TrailingTrivia.Concat(close.LeadingTrivia).FirstOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia));
            if (!endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return list.WithArguments(SyntaxFactory.SingletonSeparatedList(argument));
            }

            // (                      (
            //     // comment    ->       // comment
            // )                          seed: 42
            //                        )
            var closeLeading = close.LeadingTrivia;
            var lastLineEnd = -1;
            for (var i = 0; i < closeLeading.Count; i++)
            {
                if (closeLeading[i].IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    lastLineEnd = i;
                }
            }

            var beforeClose = closeLeading.Take(lastLineEnd + 1).ToList();
            var closeLine = closeLeading.Skip(lastLineEnd + 1).ToList();
            var closeIndent = string.Concat(closeLine.TakeWhile(trivia => trivia.IsKind(SyntaxKind.WhitespaceTrivia)).Select(trivia => trivia.ToFullString()));
            beforeClose.Add(SyntaxFactory.Whitespace(closeIndent + IndentUnit));
            var placed = argument.WithLeadingTrivia(beforeClose).WithTrailingTrivia(endOfLine);
            return list
                .WithArguments(SyntaxFactory.SingletonSeparatedList(placed))
                .WithCloseParenToken(close.WithLeadingTrivia(closeLine));
        }

        /// <summary>
        /// Removes elements. When the last one goes and no separator follows it, its trailing trivia (the space before
        /// <c>}</c>, a line end) stays with the new last element.
        /// </summary>
        public static SeparatedSyntaxList<T> Remove<T>(SeparatedSyntaxList<T> list, IReadOnlyCollection<T> removed)
            where T : SyntaxNode
        {
            var kept = new List<T>();
            var keptSeparators = new List<SyntaxToken>();
            SyntaxTriviaList? lastTrailing = null;
            for (var i = 0; i < list.Count; i++)
            {
                if (removed.Contains(list[i]))
                {
                    continue;
                }

                kept.Add(list[i]);
                if (i < list.SeparatorCount)
                {
                    keptSeparators.Add(list.GetSeparator(i));
                }
            }

            if (kept.Count == 0)
            {
                return SyntaxFactory.SeparatedList<T>();
            }

            var lastRemoved = removed.Contains(list[list.Count - 1]);
            var trailingSeparator = list.SeparatorCount == list.Count;
            if (lastRemoved && !trailingSeparator)
            {
                // The last kept element took a separator that now ends the list: drop it, keep the old last's trailing trivia.
                lastTrailing = list[list.Count - 1].GetTrailingTrivia();
                if (keptSeparators.Count == kept.Count)
                {
                    keptSeparators.RemoveAt(keptSeparators.Count - 1);
                }
            }

            var items = new List<SyntaxNodeOrToken>();
            for (var i = 0; i < kept.Count; i++)
            {
                var element = kept[i];
                if (i == kept.Count - 1 && lastTrailing is { } trailing)
                {
                    element = element.WithTrailingTrivia(element.GetTrailingTrivia().AddRange(trailing));
                }

                items.Add(element);
                if (i < keptSeparators.Count)
                {
                    items.Add(keptSeparators[i]);
                }
            }

            return SyntaxFactory.SeparatedList<T>(items);
        }
    }
}
