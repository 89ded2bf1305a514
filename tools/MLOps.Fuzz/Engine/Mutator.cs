using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Fuzz.Engine
{
    /// <summary>
    /// Text mutations of one file of an input, each chosen from a <see cref="Random"/> only: the same random state gives
    /// the same mutant. Truncation, token deletion, statement duplication, identifier swaps, hostile literals (chars,
    /// huge, negative and NaN numbers, odd strings) and preprocessor directives.
    /// </summary>
    public static class Mutator
    {
        public static readonly string[] Kinds = { "truncate", "delete-token", "duplicate-statement", "swap-identifiers", "hostile-literal", "directive", "declare" };

        private static readonly string[] HostileNumbers =
        {
            "'A'", "'\\0'", "'\\uffff'", "-1", "0", "-0.0", "int.MaxValue", "int.MinValue", "long.MaxValue", "2147483648", "9999999999999999999",
            "1e308", "-1e-308", "double.NaN", "float.NaN", "double.PositiveInfinity", "float.NegativeInfinity", "0x7FFFFFFF", "0b1", "1_000",
            "42u", "42L", "3.5m", "(byte)255", "(short)-1", "default", "null", "(1)", "checked(int.MaxValue + 0)", "-(-1)", "1.0f / 3",
        };

        private static readonly string[] HostileStrings =
        {
            "\"\"", "\" \"", "\"\\0\"", "\"\\u202E\"", "\"\\uD800\"", "\"a\\\"b\"", "@\"C:\\data\\train.csv\"", "\"/home/user/data.csv\"",
            "\"..\\\\..\\\\data.csv\"", "\"Label\"", "\"Features\"", "\"Score\"", "null", "default", "$\"{1}\"", "$\"{nameof(System.String)}\"",
            "\"\"\"\n  raw\n  \"\"\"", "\"\\t\"", "\",\"", "\";\"", "\"\\r\\n\"", "\"é\"", "\"\\U0001F600\"", "nameof(System)", "'c'",
            "\"" + new string('x', 600) + "\"", "\"a\" + \"b\"", "\"{0}\"", "\"*.csv\"", "\"https://example.com/data.csv\"",
        };

        // Not `class System`, `class Microsoft`, `class Xunit` in the global namespace, nor a type declared in a namespace of
        // ML.NET: they capture even `global::`-qualified names, which no generated code can avoid.
        private static readonly string[] Declarations =
        {
            "class var { }", "class @dynamic { }", "class MLContext { }", "class IDataView { }", "class Assert { }",
            "class MLOps { }", "class String { }", "class Math { }", "class Double { }",
            "namespace MLOps { class Testing { } }", "namespace MLOps.Testing { class Fact { } }",
            "class Models { }", "class Pipelines { }", "class Path { }", "class File { }", "class Console { }", "class Task { }",
            "class Fact : System.Attribute { }", "class Enumerable { }", "class InvalidOperationException { }", "class Environment { }",
        };

        private static readonly HashSet<string> NamespaceRoots = new HashSet<string>(StringComparer.Ordinal) { "System", "Microsoft", "Xunit", "MLOps" };

        private static readonly string[] FileDirectives =
        {
            "#nullable disable\n", "#nullable enable\n", "#define DEBUG\n", "#pragma warning disable\n", "#line 1 \"other.cs\"\n",
            "#line hidden\n", "#region R\n", "#endregion\n", "#if false\n", "#else\n", "#endif\n", "#if DEBUG\n", "#error fuzz\n", "#undef TRACE\n",
            "#pragma checksum \"file.cs\" \"{406EA660-64CF-4C82-B6F0-42D48172A799}\" \"ab007f1d23d9\"\n", "#line default\n",
        };

        /// <summary>Applies one to three mutations to one file of <paramref name="input"/>; the description says which and where.</summary>
        public static (FuzzInput Mutant, string Description) Mutate(FuzzInput input, Random random)
        {
            var fileIndex = random.Next(input.Files.Length);
            var text = input.Files[fileIndex].Text;
            var steps = new List<string>();
            var count = 1 + (random.Next(4) == 0 ? random.Next(1, 3) : 0);
            for (var i = 0; i < count; i++)
            {
                var kind = Kinds[random.Next(Kinds.Length)];
                var (mutated, where) = Apply(kind, text, random);
                text = mutated;
                steps.Add(kind + " " + where);
            }

            return (input.WithFile(fileIndex, text), input.Files[fileIndex].Path + ": " + string.Join("; ", steps));
        }

        public static (string Text, string Where) Apply(string kind, string text, Random random)
        {
            var root = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest)).GetRoot();
            switch (kind)
            {
                case "truncate":
                {
                    var at = random.Next(text.Length + 1);
                    return (text.Substring(0, at), "at " + at);
                }

                case "delete-token":
                {
                    var tokens = root.DescendantTokens().Where(t => t.Span.Length > 0).ToList();
                    if (tokens.Count == 0)
                    {
                        return (text, "none");
                    }

                    var token = tokens[random.Next(tokens.Count)];
                    return (text.Remove(token.SpanStart, token.Span.Length), $"'{Short(token.Text)}' at {token.SpanStart}");
                }

                case "duplicate-statement":
                {
                    var nodes = root.DescendantNodes().Where(n => n is StatementSyntax and not BlockSyntax || n is MemberDeclarationSyntax and not BaseNamespaceDeclarationSyntax).ToList();
                    if (nodes.Count == 0)
                    {
                        return (text, "none");
                    }

                    var node = nodes[random.Next(nodes.Count)];
                    var copy = text.Substring(node.FullSpan.Start, node.FullSpan.Length);
                    return (text.Insert(node.FullSpan.End, copy), $"{node.Kind()} at {node.SpanStart}");
                }

                case "swap-identifiers":
                {
                    // Not the roots of namespaces (a type renamed `System` captures even `global::System`), nor using directives.
                    var identifiers = root.DescendantTokens()
                        .Where(t => t.IsKind(SyntaxKind.IdentifierToken) && !NamespaceRoots.Contains(t.ValueText) && t.Parent?.FirstAncestorOrSelf<UsingDirectiveSyntax>() is null)
                        .ToList();
                    var names = identifiers.Select(t => t.ValueText).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
                    if (names.Count < 2)
                    {
                        return (text, "none");
                    }

                    var a = names[random.Next(names.Count)];
                    var b = names[random.Next(names.Count)];
                    if (random.Next(3) == 0)
                    {
                        // Everywhere (a rename collision), or just one occurrence (a wrong reference).
                        return (Replace(text, identifiers.Where(t => t.ValueText == a || t.ValueText == b), t => t.ValueText == a ? b : a), $"all {a} <-> {b}");
                    }

                    var one = identifiers[random.Next(identifiers.Count)];
                    var other = random.Next(4) == 0 ? HostileIdentifier(random) : names[random.Next(names.Count)];
                    return (text.Remove(one.SpanStart, one.Span.Length).Insert(one.SpanStart, other), $"{one.ValueText} -> {other} at {one.SpanStart}");
                }

                case "hostile-literal":
                {
                    var literals = root.DescendantNodes().OfType<LiteralExpressionSyntax>().ToList();
                    if (literals.Count == 0)
                    {
                        return (text, "none");
                    }

                    var literal = literals[random.Next(literals.Count)];
                    var pool = literal.IsKind(SyntaxKind.StringLiteralExpression) && random.Next(4) != 0 ? HostileStrings : HostileNumbers;
                    var replacement = pool[random.Next(pool.Length)];
                    return (text.Remove(literal.SpanStart, literal.Span.Length).Insert(literal.SpanStart, replacement), $"{Short(literal.ToString())} -> {Short(replacement)} at {literal.SpanStart}");
                }

                case "directive":
                {
                    var lineStarts = new List<int> { 0 };
                    for (var i = 0; i < text.Length; i++)
                    {
                        if (text[i] == '\n')
                        {
                            lineStarts.Add(i + 1);
                        }
                    }

                    if (random.Next(3) == 0)
                    {
                        // A conditional block around a line range: the code inside is inactive.
                        var first = random.Next(lineStarts.Count);
                        var last = Math.Min(lineStarts.Count - 1, first + random.Next(1, 8));
                        var condition = random.Next(2) == 0 ? "false" : "DEBUG";
                        var inserted = text.Insert(lineStarts[last], "#endif\n").Insert(lineStarts[first], $"#if {condition}\n");
                        return (inserted, $"#if {condition} lines {first + 1}-{last}");
                    }

                    var line = random.Next(lineStarts.Count);
                    var directive = FileDirectives[random.Next(FileDirectives.Length)];
                    return (text.Insert(lineStarts[line], directive), $"{directive.Trim()} before line {line + 1}");
                }

                case "declare":
                {
                    // A user declaration that generated code must not be captured by.
                    var declaration = Declarations[random.Next(Declarations.Length)];
                    return (text + "\n" + declaration + "\n", Short(declaration));
                }

                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown mutation");
            }
        }

        private static string HostileIdentifier(Random random)
        {
            var names = new[] { "var", "@var", "dynamic", "nameof", "value", "global", "@class", "_", "MLContext", "Assert", "ml", "data", "model", "Main", "Fit" };
            return names[random.Next(names.Length)];
        }

        private static string Replace(string text, IEnumerable<SyntaxToken> tokens, Func<SyntaxToken, string> replacement)
        {
            var builder = new StringBuilder(text);
            foreach (var token in tokens.OrderByDescending(t => t.SpanStart))
            {
                builder.Remove(token.SpanStart, token.Span.Length).Insert(token.SpanStart, replacement(token));
            }

            return builder.ToString();
        }

        private static string Short(string text) => text.Length <= 40 ? text.Replace("\n", "\\n", StringComparison.Ordinal) : text.Substring(0, 37).Replace("\n", "\\n", StringComparison.Ordinal) + "...";
    }
}
