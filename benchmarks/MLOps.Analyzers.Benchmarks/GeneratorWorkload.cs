using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Generators;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// What the generator benchmarks run: 500 synthetic files (the first 500 of the analyzer workload's sequence, same
    /// seed), the analyzer workload's references, two edits of that compilation (an unrelated new file; one trainer
    /// argument changed in one file) and generator drivers configured as a build configures them
    /// (build_property.MSBuildProjectDirectory through an <see cref="AnalyzerConfigOptionsProvider"/>).
    /// </summary>
    internal sealed class GeneratorWorkload
    {
        public const int FileCount = 500;

        /// <summary>The project directory the manifest's source paths are made relative to (the synthetic paths are relative already).</summary>
        public const string ProjectDirectory = "/src/Synthetic";

        /// <summary>The hyperparameter edit: KMeans' cluster count in the first training file that has one.</summary>
        public const string HyperparameterBefore = "numberOfClusters: 3";
        public const string HyperparameterAfter = "numberOfClusters: 4";

        private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        private static readonly CSharpCompilationOptions CompilationOptions =
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

        /// <summary>The body edit: a message inside a method of the first plain (no ML.NET) file.</summary>
        public const string BodyBefore = "\"Negative amount.\"";
        public const string BodyAfter = "\"Negative amount!\"";

        private GeneratorWorkload(ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references, SyntaxTree unrelated, SyntaxTree editedOriginal, SyntaxTree edited)
        {
            var body = trees.First(tree => tree.GetText().ToString().Contains(BodyBefore, StringComparison.Ordinal));
            var bodyText = body.GetText();
            int bodyAt = bodyText.ToString().IndexOf(BodyBefore, StringComparison.Ordinal);
            BodyEditedOriginal = body;
            BodyEdited = body.WithChangedText(bodyText.Replace(new Microsoft.CodeAnalysis.Text.TextSpan(bodyAt, BodyBefore.Length), BodyAfter));
            Trees = trees;
            References = references;
            Unrelated = unrelated;
            EditedOriginal = editedOriginal;
            Edited = edited;
        }

        public ImmutableArray<SyntaxTree> Trees { get; }

        public ImmutableArray<MetadataReference> References { get; }

        /// <summary>A new file with no ML.NET in it, added by the unrelated edit.</summary>
        public SyntaxTree Unrelated { get; }

        /// <summary>The file the hyperparameter edit changes, as parsed, and the same file after the edit.</summary>
        public SyntaxTree EditedOriginal { get; }

        public SyntaxTree Edited { get; }

        /// <summary>A file without ML.NET, as parsed, and after an edit inside one of its method bodies (the IDE's commonest edit).</summary>
        public SyntaxTree BodyEditedOriginal { get; }

        public SyntaxTree BodyEdited { get; }

        public static GeneratorWorkload Create()
        {
            var trees = SyntheticSources.Generate(FileCount, AnalyzerWorkload.Seed)
                .Select(file => CSharpSyntaxTree.ParseText(file.Text, ParseOptions, file.Path))
                .ToImmutableArray();
            var unrelated = CSharpSyntaxTree.ParseText(
                "namespace Synthetic.Added\n{\n    public static class Clock\n    {\n        public static int Now() => 42;\n    }\n}\n",
                ParseOptions,
                "Synthetic/Plain/Added.cs");
            var original = trees.First(tree => tree.GetText().ToString().Contains(HyperparameterBefore, StringComparison.Ordinal));
            var text = original.GetText();
            int at = text.ToString().IndexOf(HyperparameterBefore, StringComparison.Ordinal);
            var edited = original.WithChangedText(text.Replace(new Microsoft.CodeAnalysis.Text.TextSpan(at, HyperparameterBefore.Length), HyperparameterAfter));
            return new GeneratorWorkload(trees, AnalyzerWorkload.LoadReferences(), unrelated, original, edited);
        }

        /// <summary>The same kind of files, <paramref name="files"/> of them (the floor measurement uses 1,000, like the build workload).</summary>
        public static ImmutableArray<SyntaxTree> CreateTrees(int files) =>
            SyntheticSources.Generate(files, AnalyzerWorkload.Seed)
                .Select(file => CSharpSyntaxTree.ParseText(file.Text, ParseOptions, file.Path))
                .ToImmutableArray();

        /// <summary>A fresh compilation of the 500 files: no semantic state cached.</summary>
        public CSharpCompilation CreateCompilation() =>
            CSharpCompilation.Create("Synthetic.MLApp", Trees, References, CompilationOptions);

        /// <summary>A driver for <paramref name="generator"/> with the build's options; step tracking only when asked (a build does not track).</summary>
        public static GeneratorDriver CreateDriver(IIncrementalGenerator generator, bool trackSteps = false, bool manifestEnabled = true) =>
            CSharpGeneratorDriver.Create(
                new[] { generator.AsSourceGenerator() },
                parseOptions: ParseOptions,
                optionsProvider: new BuildOptions(new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["build_property.MSBuildProjectDirectory"] = ProjectDirectory,
                    ["build_property.MLOpsManifestEnabled"] = manifestEnabled ? "true" : "false",
                    // Embedded too, so the benchmarks can read the manifest back from the generated attribute.
                    ["build_property.MLOpsManifestEmbedded"] = "true",
                }),
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

        /// <summary>The number of pipelines in the manifest the driver's last run generated and the JSON's length in characters; (0, 0) when it generated none.</summary>
        public static (int Pipelines, int JsonLength) Manifest(GeneratorDriver driver)
        {
            string? text = ManifestJson(driver);
            if (text is null)
            {
                return (0, 0);
            }

            using var json = JsonDocument.Parse(text);
            return (json.RootElement.GetProperty("pipelines").GetArrayLength(), text.Length);
        }

        /// <summary>The manifest JSON the driver's last run generated, or null when it generated none.</summary>
        public static string? ManifestJson(GeneratorDriver driver)
        {
            var result = driver.GetRunResult().Results.Single();
            if (result.Exception is not null)
            {
                throw new InvalidOperationException("The generator failed: " + result.Exception, result.Exception);
            }

            // The JSON is the second argument of the generated [assembly: AssemblyMetadata("MLOps.Manifest", "...")].
            var source = result.GeneratedSources.FirstOrDefault(s => s.HintName == PipelineManifestGenerator.GeneratedClass + ".AssemblyMetadata.g.cs");
            if (source.SyntaxTree is null)
            {
                return null;
            }

            var literal = source.SyntaxTree.GetRoot().DescendantNodes().OfType<AttributeSyntax>().Single().ArgumentList!.Arguments[1].Expression;
            return ((LiteralExpressionSyntax)literal).Token.ValueText;
        }

        /// <summary>The global options of a build (build_property.*); no per-file options.</summary>
        private sealed class BuildOptions : AnalyzerConfigOptionsProvider
        {
            private readonly Options global;

            public BuildOptions(Dictionary<string, string> values) => global = new Options(values);

            public override AnalyzerConfigOptions GlobalOptions => global;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.None;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.None;

            private sealed class Options : AnalyzerConfigOptions
            {
                public static readonly Options None = new Options(new Dictionary<string, string>(StringComparer.Ordinal));

                private readonly Dictionary<string, string> values;

                public Options(Dictionary<string, string> values) => this.values = values;

                public override bool TryGetValue(string key, out string value)
                {
                    bool found = values.TryGetValue(key, out var text);
                    value = text ?? string.Empty;
                    return found;
                }
            }
        }
    }
}
