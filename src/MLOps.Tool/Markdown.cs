using System;
using System.Linq;
using System.Text;

namespace MLOps.Tool
{
    /// <summary>Small helpers for Markdown that GitHub renders (tables, code spans) and for Mermaid labels.</summary>
    public static class Md
    {
        /// <summary>Text for a table cell: no line breaks, pipes escaped.</summary>
        public static string Cell(string? text) =>
            (text ?? "").Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

        /// <summary>A code span that survives backticks in the text.</summary>
        public static string Code(string? text)
        {
            text ??= "";
            var fence = text.Contains('`', StringComparison.Ordinal) ? "``" : "`";
            var pad = text.StartsWith('`') || text.EndsWith('`') ? " " : "";
            return fence + pad + text + pad + fence;
        }

        /// <summary>A Mermaid node label in double quotes: quotes and angle brackets as entity codes.</summary>
        public static string MermaidLabel(string text)
        {
            var b = new StringBuilder();
            foreach (var c in text)
            {
                b.Append(c switch
                {
                    '"' => "#quot;",
                    '<' => "#lt;",
                    '>' => "#gt;",
                    '\n' or '\r' => " ",
                    _ => c.ToString(),
                });
            }

            return b.ToString();
        }

        public static string Short(string hash) => hash.Length > 12 ? hash.Substring(0, 12) : hash;

        public static string Verdict(string deterministic) => deterministic switch
        {
            "true" => "✅ deterministic",
            "false" => "❌ not deterministic",
            _ => "❔ determinism unknown",
        };

        public static string Truncate(string text, int max) => text.Length <= max ? text : text.Substring(0, max - 1) + "…";

        public static string List(System.Collections.Generic.IEnumerable<string> items, string empty = "none")
        {
            var list = items.ToList();
            return list.Count == 0 ? empty : string.Join("; ", list);
        }
    }
}
