using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MLOps.Analyzers.Generators;
using Xunit;

namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>Every string from user code round-trips through the JSON and the C# literal the generators write.</summary>
    public class StringLiteralsTests
    {
        public static readonly TheoryData<string> Texts = new TheoryData<string>
        {
            string.Empty,
            "plain",
            "C:\\data\\\"quoted\"\\file.csv",
            "line\nbreak\r\n\ttab",
            "\"\"\" raw-literal-like \"\"\"",
            "naïve 日本 😀",
            "nul\0 bell\a esc\u001b",
            "separators \u2028 \u2029 next-line \u0085 bom \uFEFF",
            "lone high \ud800 and low \udc00 surrogates",
        };

        [Theory]
        [MemberData(nameof(Texts))]
        public void The_json_string_reads_back_as_the_same_text(string text)
        {
            var builder = new StringBuilder();
            StringLiterals.Append(builder, text, StringLiterals.Kind.Json);
            var json = builder.ToString();
            Assert.DoesNotContain(json.Skip(1).Take(json.Length - 2), c => c < ' ' || c == '\u2028' || c == '\u2029');

            // Lone surrogates are escaped as \uXXXX: System.Text.Json reads them back as the same UTF-16 units.
            Assert.Equal(text, JsonSerializer.Deserialize<string>(json));
            Assert.Equal(text, JsonReader.Parse(json).String);
        }

        [Theory]
        [MemberData(nameof(Texts))]
        public void The_csharp_literal_compiles_to_the_same_text(string text)
        {
            var builder = new StringBuilder();
            StringLiterals.Append(builder, text, StringLiterals.Kind.CSharp);
            var source = "class C { const string S = " + builder + "; }";
            var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp1));
            Assert.Empty(tree.GetDiagnostics());
            var literal = tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>().Single();
            Assert.Equal(text, literal.Token.ValueText);
        }
    }
}
