using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers.Infrastructure
{
    /// <summary>
    /// Text searches in a tree's source, for the syntactic gates that decide whether code can hold ML.NET work at all: a
    /// string search rejects a file or a type without creating its syntax nodes or tokens.
    /// </summary>
    internal static class SourceStrings
    {
        private static readonly ConditionalWeakTable<SyntaxTree, string> Texts = new ConditionalWeakTable<SyntaxTree, string>();

        /// <summary>The tree's text as one string, made once per tree (for most files the parser's own string).</summary>
        public static string Of(SyntaxTree tree) =>
            Texts.GetValue(tree, static t => t.GetText().ToString());

        /// <summary>True when <paramref name="word"/> occurs in [start, end) as a whole identifier (not inside a longer one).</summary>
        public static bool ContainsWord(string text, string word, int start, int end)
        {
            end = end > text.Length ? text.Length : end;
            var at = start;
            while (at < end)
            {
                var found = text.IndexOf(word, at, end - at, System.StringComparison.Ordinal);
                if (found < 0 || found + word.Length > end)
                {
                    return false;
                }

                if ((found == 0 || !IsIdentifierPart(text[found - 1])) && (found + word.Length >= text.Length || !IsIdentifierPart(text[found + word.Length])))
                {
                    return true;
                }

                at = found + 1;
            }

            return false;
        }

        /// <summary>True when <c>new</c> followed by <c>(</c> (blanks between allowed) occurs in [start, end): a target-typed creation.</summary>
        public static bool ContainsTargetTypedNew(string text, int start, int end)
        {
            end = end > text.Length ? text.Length : end;
            var at = start;
            while (at < end)
            {
                var found = text.IndexOf("new", at, end - at, System.StringComparison.Ordinal);
                if (found < 0)
                {
                    return false;
                }

                var next = found + 3;
                if (found == 0 || !IsIdentifierPart(text[found - 1]))
                {
                    while (next < end && char.IsWhiteSpace(text[next]))
                    {
                        next++;
                    }

                    if (next < end && text[next] == '(')
                    {
                        return true;
                    }
                }

                at = found + 3;
            }

            return false;
        }

        private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
    }
}
