using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MLOps.Analyzers.Generators;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// What the test-scaffolding benchmarks run: an ML library compiled once with the manifest generator and emitted to an
    /// assembly image (so it carries the embedded manifest, as after a build), and a small test project (four files,
    /// quality gates among them) that references it, xunit and ML.NET. Two libraries: the 500 synthetic files of the
    /// generator benchmarks (382 pipelines, none built by a callable factory: no test class) and 100 factory files
    /// (<see cref="FactorySources"/>: one callable factory each, 100 test classes).
    /// </summary>
    internal sealed class ScaffoldingWorkload
    {
        public const string Synthetic = "Synthetic500";
        public const string Factories = "Factories100";

        public const string GateBefore = "Minimum = 0.5";
        public const string GateAfter = "Minimum = 0.6";

        private const string TestsDirectory = "/src/Synthetic.Tests";

        private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        private static readonly CSharpCompilationOptions CompilationOptions =
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

        private readonly ImmutableArray<MetadataReference> references;
        private readonly byte[] libraryImage;

        private ScaffoldingWorkload(
            string library,
            int libraryFiles,
            int pipelines,
            byte[] libraryImage,
            ImmutableArray<MetadataReference> references,
            ImmutableArray<SyntaxTree> trees,
            SyntaxTree unrelated,
            SyntaxTree gatesOriginal,
            SyntaxTree gatesEdited)
        {
            Library = library;
            LibraryFiles = libraryFiles;
            Pipelines = pipelines;
            this.libraryImage = libraryImage;
            LibraryReference = MetadataReference.CreateFromImage(libraryImage);
            this.references = references;
            Trees = trees;
            Unrelated = unrelated;
            GatesOriginal = gatesOriginal;
            GatesEdited = gatesEdited;
        }

        public string Library { get; }

        public int LibraryFiles { get; }

        /// <summary>The pipelines in the library's embedded manifest.</summary>
        public int Pipelines { get; }

        public int LibraryBytes => libraryImage.Length;

        /// <summary>The library, one reference kept for the cached cases (as the IDE keeps a project reference across edits).</summary>
        public MetadataReference LibraryReference { get; }

        /// <summary>The test project's files.</summary>
        public ImmutableArray<SyntaxTree> Trees { get; }

        /// <summary>A new test file, added by the unrelated edit.</summary>
        public SyntaxTree Unrelated { get; }

        /// <summary>The gates file as parsed, and after one gate's bound changed (<see cref="GateBefore"/> to <see cref="GateAfter"/>).</summary>
        public SyntaxTree GatesOriginal { get; }

        public SyntaxTree GatesEdited { get; }

        public static ScaffoldingWorkload Create(string library)
        {
            var (sources, gates) = library switch
            {
                Synthetic => (
                    SyntheticSources.Generate(GeneratorWorkload.FileCount, AnalyzerWorkload.Seed).Select(file => (file.Path, file.Text)).ToList(),
                    // The synthetic pipelines are fitted inline into `model`: that is their name in the manifest.
                    new[] { ("model", "AreaUnderRocCurve", GateBefore), ("model", "Accuracy", "Minimum = 0.7") }),
                Factories => (
                    FactorySources.Generate().ToList(),
                    new[]
                    {
                        (FactorySources.FactoryName(0), "RSquared", GateBefore),
                        (FactorySources.FactoryName(1), "AreaUnderRocCurve", "Minimum = 0.7"),
                        (FactorySources.FactoryName(3), "RootMeanSquaredError", "Maximum = 3"),
                    }),
                _ => throw new ArgumentOutOfRangeException(nameof(library), library, "unknown library"),
            };

            var runtimeAndMLNet = AnalyzerWorkload.LoadReferences();
            var (image, pipelines) = BuildLibrary(library + ".MLApp", sources, runtimeAndMLNet);
            var references = runtimeAndMLNet.AddRange(LoadXunit());

            var gatesText = string.Concat(gates.Select(g => $"[assembly: MLOps.Testing.QualityGate(\"{g.Item1}\", \"{g.Item2}\", {g.Item3})]\n"));
            var gatesTree = Parse(gatesText, "QualityGates.cs");
            var trees = ImmutableArray.Create(
                gatesTree,
                Parse(TestSupport, "TestData.cs"),
                Parse(ContextTests, "ContextTests.cs"),
                Parse(MathTests, "MathTests.cs"));
            var unrelated = Parse(AddedTests, "AddedTests.cs");
            var edited = gatesTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(ReplaceFirst(gatesText, GateBefore, GateAfter)));
            return new ScaffoldingWorkload(library, sources.Count, pipelines, image, references, trees, unrelated, gatesTree, edited);
        }

        /// <summary>
        /// A fresh test-project compilation. <paramref name="freshLibrary"/>: the library through a new reference made from
        /// its image, so no assembly symbol (and no decoded attribute) is shared with an earlier compilation, as in a
        /// command-line build; otherwise the kept <see cref="LibraryReference"/>.
        /// </summary>
        public CSharpCompilation CreateCompilation(bool freshLibrary) =>
            CSharpCompilation.Create(
                "Synthetic.Tests",
                Trees,
                references.Add(freshLibrary ? MetadataReference.CreateFromImage(libraryImage) : LibraryReference),
                CompilationOptions);

        /// <summary>Generated test classes (<c>*_Tests.g.cs</c>), the [Fact]s in them, and all generated sources.</summary>
        public static (int TestClasses, int Facts, int Sources) Count(GeneratorDriver driver)
        {
            var result = driver.GetRunResult().Results.Single();
            if (result.Exception is not null)
            {
                throw new InvalidOperationException("The generator failed.", result.Exception);
            }

            var classes = result.GeneratedSources.Where(s => s.HintName.EndsWith("_Tests.g.cs", StringComparison.Ordinal)).ToList();
            int facts = classes.Sum(s => Occurrences(s.SourceText.ToString(), "[global::Xunit.Fact("));
            return (classes.Count, facts, result.GeneratedSources.Length);
        }

        private static int Occurrences(string text, string value)
        {
            int count = 0;
            for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        private static string ReplaceFirst(string text, string before, string after)
        {
            int at = text.IndexOf(before, StringComparison.Ordinal);
            return text.Substring(0, at) + after + text.Substring(at + before.Length);
        }

        private static SyntaxTree Parse(string text, string file) =>
            CSharpSyntaxTree.ParseText(text, ParseOptions, TestsDirectory + "/" + file);

        /// <summary>The library as a build makes it: compiled with the manifest generator, emitted; its image and manifest's pipeline count.</summary>
        private static (byte[] Image, int Pipelines) BuildLibrary(string name, IEnumerable<(string Path, string Text)> sources, ImmutableArray<MetadataReference> references)
        {
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, s.Path));
            var compilation = CSharpCompilation.Create(name, trees, references, CompilationOptions);
            var driver = GeneratorWorkload.CreateDriver(new PipelineManifestGenerator())
                .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            if (!diagnostics.IsEmpty)
            {
                throw new InvalidOperationException("The manifest generator reported: " + string.Join("\n", diagnostics));
            }

            using var stream = new MemoryStream();
            var emit = output.Emit(stream);
            if (!emit.Success)
            {
                throw new InvalidOperationException($"{name} does not compile:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
            }

            return (stream.ToArray(), GeneratorWorkload.Manifest(driver).Pipelines);
        }

        /// <summary>xunit's assemblies (2.9.3, copied next to this program by the xunit package), without runners.</summary>
        private static IEnumerable<MetadataReference> LoadXunit()
        {
            _ = typeof(Xunit.FactAttribute);
            _ = typeof(Xunit.Assert);
            return Directory.GetFiles(AppContext.BaseDirectory, "xunit.*.dll")
                .Where(path => !path.Contains("runner", StringComparison.OrdinalIgnoreCase))
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
        }

        private const string TestSupport = """
            using System;
            using System.IO;

            namespace Synthetic.Tests
            {
                internal static class TestData
                {
                    public static string Directory => Path.Combine(AppContext.BaseDirectory, "data");

                    public static string File(string name) => Path.Combine(Directory, name);
                }
            }
            """;

        private const string ContextTests = """
            using Microsoft.ML;
            using Xunit;

            namespace Synthetic.Tests
            {
                public class ContextTests
                {
                    [Fact]
                    public void A_seeded_context_can_be_created() => Assert.NotNull(new MLContext(seed: 1));

                    [Fact]
                    public void The_data_directory_is_under_the_output() => Assert.EndsWith("data", TestData.Directory);
                }
            }
            """;

        private const string MathTests = """
            using Xunit;

            namespace Synthetic.Tests
            {
                public class MathTests
                {
                    [Theory]
                    [InlineData(1, 2, 3)]
                    [InlineData(-1, 1, 0)]
                    public void Addition(int a, int b, int sum) => Assert.Equal(sum, a + b);
                }
            }
            """;

        private const string AddedTests = """
            using Xunit;

            namespace Synthetic.Tests
            {
                public class AddedTests
                {
                    [Fact]
                    public void Strings_concatenate() => Assert.Equal("ab", "a" + "b");
                }
            }
            """;
    }
}
