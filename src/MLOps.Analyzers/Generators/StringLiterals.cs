using System.Globalization;
using System.Text;

namespace MLOps.Analyzers.Generators
{
    /// <summary>
    /// Quoted string literals for the two languages the generators write, JSON and C#, from any text in user code
    /// (paths with quotes and backslashes, newlines, <c>"""</c>, non-ASCII). Both are <c>"..."</c> with backslash escapes;
    /// they differ in which characters must be escaped.
    /// </summary>
    internal static class StringLiterals
    {
        public enum Kind
        {
            /// <summary>RFC 8259, plus U+2028/U+2029 and lone surrogates escaped; surrogate pairs kept as they are.</summary>
            Json,

            /// <summary>A regular C# literal (C# 1 and later): also NUL, U+0085, U+FEFF and every surrogate escaped.</summary>
            CSharp,
        }

        public static void Append(StringBuilder builder, string value, Kind kind)
        {
            builder.Append('"');
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                switch (c)
                {
                    case '"':
                        builder.Append("\\\"");
                        break;
                    case '\\':
                        builder.Append("\\\\");
                        break;
                    case '\n':
                        builder.Append("\\n");
                        break;
                    case '\r':
                        builder.Append("\\r");
                        break;
                    case '\t':
                        builder.Append("\\t");
                        break;
                    default:
                        if (kind == Kind.Json && char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        {
                            builder.Append(c).Append(value[++i]);
                        }
                        else if (c < ' ' || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c)
                            || (kind == Kind.CSharp && (c == '\u0085' || c == '\uFEFF')))
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            builder.Append('"');
        }
    }
}
