using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Fuzz.Engine
{
    /// <summary>One C# file of an input.</summary>
    public sealed class FuzzFile
    {
        public FuzzFile(string path, string text)
        {
            Path = path;
            Text = text;
        }

        public string Path { get; }

        public string Text { get; }
    }

    /// <summary>A program the harness mutates and checks: one or more files compiled together.</summary>
    public sealed class FuzzInput
    {
        public FuzzInput(string name, ImmutableArray<FuzzFile> files)
        {
            Name = name;
            Files = files;
        }

        /// <summary>Where it comes from: the test file and the literal's line, or the sample project.</summary>
        public string Name { get; }

        public ImmutableArray<FuzzFile> Files { get; }

        public FuzzInput WithFile(int index, string text) =>
            new FuzzInput(Name, Files.SetItem(index, new FuzzFile(Files[index].Path, text)));

        public override string ToString() => Name;
    }

    /// <summary>
    /// The seed corpus: the C# programs embedded as string literals in the analyzer tests (each literal, or concatenation
    /// of literals and string constants, that parses without error as a compilation unit using Microsoft.ML, with the
    /// test markup removed), and the samples (each project's .cs files together).
    /// </summary>
    public static class FuzzCorpus
    {
        private static readonly Regex MarkupOpen = new Regex(@"\{\|[^:|{}\s]*:|\[\|", RegexOptions.CultureInvariant);
        private static readonly Regex MarkupClose = new Regex(@"\|\}|\|\]", RegexOptions.CultureInvariant);

        /// <summary>Every input under <paramref name="repositoryRoot"/>, in a fixed order.</summary>
        public static ImmutableArray<FuzzInput> Load(string repositoryRoot)
        {
            var inputs = new List<FuzzInput>();
            inputs.AddRange(FromTests(Path.Combine(repositoryRoot, "tests", "MLOps.Analyzers.Tests"), repositoryRoot));
            inputs.AddRange(FromSamples(Path.Combine(repositoryRoot, "samples"), repositoryRoot));
            return inputs.ToImmutableArray();
        }

        public static IEnumerable<FuzzInput> FromTests(string testDirectory, string repositoryRoot)
        {
            var files = Directory.GetFiles(testDirectory, "*.cs", SearchOption.AllDirectories)
                .Where(path => !IsBuildOutput(path))
                .OrderBy(path => Relative(repositoryRoot, path), StringComparer.Ordinal)
                .Select(path => (Path: Relative(repositoryRoot, path), Tree: CSharpSyntaxTree.ParseText(File.ReadAllText(path))))
                .ToList();

            // String constants of every test file, by simple and by qualified name (ManifestSources.Price).
            var constants = new Dictionary<string, ExpressionSyntax>(StringComparer.Ordinal);
            foreach (var (_, tree) in files)
            {
                foreach (var field in tree.GetRoot().DescendantNodes().OfType<FieldDeclarationSyntax>())
                {
                    var type = field.Parent as TypeDeclarationSyntax;
                    foreach (var variable in field.Declaration.Variables.Where(v => v.Initializer is not null))
                    {
                        constants[variable.Identifier.ValueText] = variable.Initializer!.Value;
                        if (type is not null)
                        {
                            constants[type.Identifier.ValueText + "." + variable.Identifier.ValueText] = variable.Initializer.Value;
                        }
                    }
                }
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, tree) in files)
            {
                foreach (var expression in tree.GetRoot().DescendantNodes().OfType<ExpressionSyntax>())
                {
                    if (expression.Parent is BinaryExpressionSyntax parent && parent.IsKind(SyntaxKind.AddExpression) && Evaluate(parent, constants, 0) is not null)
                    {
                        continue; // a part of a larger program
                    }

                    if (expression is not (LiteralExpressionSyntax or BinaryExpressionSyntax))
                    {
                        continue;
                    }

                    var text = Evaluate(expression, constants, 0);
                    if (text is null || !seen.Add(text) || !IsProgram(StripMarkup(text)))
                    {
                        continue;
                    }

                    var line = expression.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    yield return new FuzzInput($"{path}:{line}", ImmutableArray.Create(new FuzzFile("/src/Fuzz/Program.cs", StripMarkup(text))));
                }
            }
        }

        public static IEnumerable<FuzzInput> FromSamples(string samplesDirectory, string repositoryRoot)
        {
            foreach (var project in Directory.GetFiles(samplesDirectory, "*.csproj", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
            {
                var directory = Path.GetDirectoryName(project)!;
                var sources = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
                    .Where(path => !IsBuildOutput(path))
                    .OrderBy(path => path, StringComparer.Ordinal)
                    .Select(path => new FuzzFile("/src/" + Path.GetFileName(directory) + "/" + Path.GetRelativePath(directory, path).Replace('\\', '/'), File.ReadAllText(path)))
                    .ToImmutableArray();
                if (sources.Any(file => IsProgram(file.Text)))
                {
                    yield return new FuzzInput(Relative(repositoryRoot, project), sources);
                }
            }
        }

        /// <summary>The test markup removed: <c>{|MLO1001:x|}</c>, <c>{|#0:x|}</c> and <c>[|x|]</c> become <c>x</c>.</summary>
        public static string StripMarkup(string text) => MarkupClose.Replace(MarkupOpen.Replace(text, string.Empty), string.Empty);

        /// <summary>Parses without error, uses Microsoft.ML, declares something.</summary>
        public static bool IsProgram(string text)
        {
            var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest));
            var root = (CompilationUnitSyntax)tree.GetRoot();
            return !tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
                && root.DescendantNodes().OfType<UsingDirectiveSyntax>().Any(u => u.Name is not null && u.Name.ToString().StartsWith("Microsoft.ML", StringComparison.Ordinal))
                && root.DescendantNodes().Any(n => n is BaseTypeDeclarationSyntax or GlobalStatementSyntax);
        }

        private static string? Evaluate(ExpressionSyntax expression, Dictionary<string, ExpressionSyntax> constants, int depth)
        {
            if (depth > 20)
            {
                return null;
            }

            switch (expression)
            {
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                    return literal.Token.ValueText;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                    var left = Evaluate(binary.Left, constants, depth + 1);
                    var right = left is null ? null : Evaluate(binary.Right, constants, depth + 1);
                    return right is null ? null : left + right;
                case ParenthesizedExpressionSyntax parenthesized:
                    return Evaluate(parenthesized.Expression, constants, depth + 1);
                case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                    return constants.TryGetValue(expression.ToString(), out var value) ? Evaluate(value, constants, depth + 1) : null;
                default:
                    return null;
            }
        }

        private static bool IsBuildOutput(string path)
        {
            var separator = Path.DirectorySeparatorChar;
            return path.Contains(separator + "obj" + separator, StringComparison.Ordinal) || path.Contains(separator + "bin" + separator, StringComparison.Ordinal);
        }

        private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
    }
}
