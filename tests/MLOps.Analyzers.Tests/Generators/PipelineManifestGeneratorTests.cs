using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MLOps.Analyzers.Generators;
using Xunit;

namespace MLOps.Analyzers.Tests.Generators
{
    public class PipelineManifestGeneratorTests
    {
        [Fact]
        public void Shop_project_matches_the_expected_manifest()
        {
            var json = GeneratorHarness.Manifest(ManifestSources.Shop);
            Assert.NotNull(json);
            GeneratorHarness.AssertMatchesExpected("Shop.mlops.json", json!);
        }

        [Fact]
        public void Both_pipelines_are_described_with_their_own_seed_data_and_verdict()
        {
            using var manifest = JsonDocument.Parse(GeneratorHarness.Manifest(ManifestSources.Shop)!);
            var pipelines = manifest.RootElement.GetProperty("pipelines").EnumerateArray().ToList();
            Assert.Equal(2, pipelines.Count);

            // Sorted by file: Pipelines/Churn.cs before Pipelines/PricePipelines.cs.
            var churn = pipelines[0];
            var price = pipelines[1];
            Assert.Equal("Shop.Churn.Train/BinaryClassification.Trainers.SdcaLogisticRegression", churn.GetProperty("id").GetString());
            Assert.Equal("Shop.PricePipelines.BuildPipeline/Regression.Trainers.FastTree", price.GetProperty("id").GetString());

            // The factory: callable, its seed comes from the caller's MLContext, its data and evaluation from the call site.
            Assert.Equal("BuildPipeline", price.GetProperty("name").GetString());
            Assert.True(price.GetProperty("factory").GetProperty("callable").GetBoolean());
            Assert.Equal(7, price.GetProperty("context").GetProperty("seed").GetInt32());
            Assert.Equal("Pipelines/PricePipelines.cs", price.GetProperty("source").GetProperty("file").GetString());
            var trainData = price.GetProperty("data")[0];
            Assert.Equal("train", trainData.GetProperty("role").GetString());
            Assert.Equal("data/listings.csv", trainData.GetProperty("path").GetProperty("value").GetString());
            Assert.Equal("relative", trainData.GetProperty("path").GetProperty("provenance").GetString());
            Assert.Equal(3, trainData.GetProperty("split").GetProperty("arguments").GetProperty("seed").GetProperty("value").GetInt32());
            Assert.Equal("test", price.GetProperty("evaluations")[0].GetProperty("dataRole").GetString());
            Assert.Equal("true", price.GetProperty("persistence").GetProperty("saves")[0].GetProperty("withInputSchema").GetString());
            Assert.True(price.GetProperty("deterministic").GetBoolean());
            var fastTree = price.GetProperty("steps")[2];
            Assert.Equal("const", fastTree.GetProperty("arguments").GetProperty("numberOfTrees").GetProperty("provenance").GetString());
            Assert.Equal(50, fastTree.GetProperty("arguments").GetProperty("numberOfTrees").GetProperty("value").GetInt32());

            // The inline pipeline: seed 11, SDCA on several threads, evaluated on the data it was trained on.
            Assert.Equal("model", churn.GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.Null, churn.GetProperty("factory").ValueKind);
            Assert.Equal(11, churn.GetProperty("context").GetProperty("seed").GetInt32());
            Assert.False(churn.GetProperty("deterministic").GetBoolean());
            Assert.Contains(churn.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("NumberOfThreads = 1", StringComparison.Ordinal));
            Assert.Equal("train", churn.GetProperty("evaluations")[0].GetProperty("dataRole").GetString());
            Assert.Equal("partial", churn.GetProperty("data")[0].GetProperty("path").GetProperty("provenance").GetString());
            Assert.Equal(
                new[] { "transform", "transform", "cacheCheckpoint", "trainer" },
                churn.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("role").GetString()).ToArray());

            // Both row types are data contracts, with their load columns and vector size.
            var contracts = manifest.RootElement.GetProperty("dataContracts").EnumerateArray().ToList();
            Assert.Equal(new[] { "Shop.Customer", "Shop.Listing" }, contracts.Select(c => c.GetProperty("type").GetString()).ToArray());
            var usage = contracts[0].GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("member").GetString() == "Usage");
            Assert.Equal(4, usage.GetProperty("vectorSize").GetInt32());
            Assert.Equal(1, usage.GetProperty("loadColumn").GetProperty("start").GetInt32());
            var price2 = contracts[1].GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("member").GetString() == "Price");
            Assert.Equal("Label", price2.GetProperty("name").GetString());

            // ML.NET's version comes from AssemblyInformationalVersion (the assembly version is always 1.0.0.0).
            var mlnet = manifest.RootElement.GetProperty("compilation").GetProperty("references").EnumerateArray()
                .Single(r => r.GetProperty("name").GetString() == "Microsoft.ML.Data");
            Assert.StartsWith("5.0.1", mlnet.GetProperty("informationalVersion").GetString(), StringComparison.Ordinal);
        }

        [Fact]
        public void The_same_source_in_another_folder_gives_the_same_bytes()
        {
            var here = GeneratorHarness.Manifest(ManifestSources.Shop);
            var elsewhere = GeneratorHarness.Manifest(
                ManifestSources.Shop.Select(s => (s.Path.Replace(GeneratorHarness.ProjectDirectory, "/home/ci/agent/_work/7/s/Shop", StringComparison.Ordinal), s.Text)),
                projectDirectory: "/home/ci/agent/_work/7/s/Shop");
            var windows = GeneratorHarness.Manifest(
                ManifestSources.Shop.Select(s => (s.Path.Replace(GeneratorHarness.ProjectDirectory, @"D:\a\repo\Shop", StringComparison.Ordinal).Replace('/', '\\'), s.Text)),
                projectDirectory: @"D:\a\repo\Shop\");
            Assert.Equal(here, elsewhere);
            Assert.Equal(here, windows);
            Assert.DoesNotContain("/work/src", here, StringComparison.Ordinal);
        }

        [Fact]
        public void The_source_order_of_files_does_not_change_the_manifest()
        {
            var forward = GeneratorHarness.Manifest(ManifestSources.Shop);
            var backward = GeneratorHarness.Manifest(ManifestSources.Shop.Reverse());
            Assert.Equal(forward, backward);
        }

        [Fact]
        public void Formatting_and_comments_keep_the_definition_hash_a_hyperparameter_changes_it()
        {
            var original = Hashes(ManifestSources.Shop);
            var reformatted = Hashes(Replace(ManifestSources.PricePath,
                "ml.Regression.Trainers.FastTree(numberOfLeaves: 16, numberOfTrees: TreeCount)",
                "ml.Regression.Trainers.FastTree( // fewer leaves than the default\n numberOfLeaves:16,\n\n numberOfTrees:TreeCount )"));
            var edited = Hashes(Replace(ManifestSources.PricePath, "numberOfLeaves: 16", "numberOfLeaves: 17"));

            Assert.Equal(original, reformatted);
            Assert.Equal(original["Shop.Churn.Train/BinaryClassification.Trainers.SdcaLogisticRegression"], edited["Shop.Churn.Train/BinaryClassification.Trainers.SdcaLogisticRegression"]);
            Assert.NotEqual(original["Shop.PricePipelines.BuildPipeline/Regression.Trainers.FastTree"], edited["Shop.PricePipelines.BuildPipeline/Regression.Trainers.FastTree"]);
        }

        [Theory]
        [InlineData("private const int TreeCount = 50;", "private const int TreeCount = 51;")]
        [InlineData("new MLContext(seed: 7)", "new MLContext(seed: 8)")]
        [InlineData("testFraction: 0.25, seed: 3", "testFraction: 0.2, seed: 3")]
        [InlineData("\"Features\", \"CategoryEncoded\"", "\"Features2\", \"CategoryEncoded\"")]
        public void Any_definition_change_changes_the_hash(string before, string after)
        {
            var original = Hashes(ManifestSources.Shop);
            var edited = Hashes(Replace(ManifestSources.PricePath, before, after));
            Assert.NotEqual(original["Shop.PricePipelines.BuildPipeline/Regression.Trainers.FastTree"], edited["Shop.PricePipelines.BuildPipeline/Regression.Trainers.FastTree"]);
        }

        [Fact]
        public void User_strings_are_escaped_in_the_json_and_the_generated_code()
        {
            var sources = new[] { (GeneratorHarness.ProjectDirectory + "/Entraînement \"v2\".cs", ManifestSources.Adversarial) };
            var compilation = GeneratorHarness.Compile(sources);
            var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            Assert.Empty(diagnostics);
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

            var json = GeneratorHarness.ManifestOf(driver.GetRunResult())!;
            using var manifest = JsonDocument.Parse(json);
            var pipeline = manifest.RootElement.GetProperty("pipelines")[0];
            Assert.Equal("Entraînement \"v2\".cs", pipeline.GetProperty("source").GetProperty("file").GetString());
            Assert.Equal("données/\"quoted\"/back/slash\n\r\t\u2028\"\"\"日本 😀.csv", pipeline.GetProperty("data")[0].GetProperty("path").GetProperty("value").GetString());
            var trainer = pipeline.GetProperty("steps")[1].GetProperty("arguments");
            Assert.Equal("Prix \"TTC\\\"", trainer.GetProperty("labelColumnName").GetProperty("value").GetString());
            Assert.Equal("Fea\"tures\\", trainer.GetProperty("featureColumnName").GetProperty("value").GetString());
            Assert.Equal("Données.Naïve.Ligne", manifest.RootElement.GetProperty("dataContracts")[0].GetProperty("type").GetString());

            // Raw control characters and line separators never reach the JSON text.
            Assert.DoesNotContain('\r', json);
            Assert.DoesNotContain('\u2028', json);
            Assert.Contains("\\u2028", json, StringComparison.Ordinal);
            GeneratorHarness.AssertMatchesExpected("Adversarial.mlops.json", json);
        }

        [Theory]
        [InlineData(LanguageVersion.CSharp7_3, NullableContextOptions.Disable)]
        [InlineData(LanguageVersion.Latest, NullableContextOptions.Enable)]
        public void Generated_code_compiles_without_warnings(LanguageVersion version, NullableContextOptions nullable)
        {
            var parse = new CSharpParseOptions(version);
            var source = """
                using Microsoft.ML;
                namespace Old
                {
                    public static class Trainer
                    {
                        public static ITransformer Train(IDataView data)
                        {
                            var ml = new MLContext(1);
                            return ml.Regression.Trainers.Sdca("Label", "Features").Fit(data);
                        }

                        public static string Manifest() { return MLOps.Analyzers.Generated.PipelineManifest.Json; }
                    }
                }
                """;
            var compilation = CSharpCompilation.Create(
                "Old",
                new[] { CSharpSyntaxTree.ParseText(source, parse, "/p/Trainer.cs") },
                Verifiers.TestReferences.Runtime.AddRange(Verifiers.TestReferences.MLNet),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable, generalDiagnosticOption: ReportDiagnostic.Error));
            // Embedded (opt-in): the class and the attribute, plus the comment-only manifest file.
            GeneratorHarness.CreateDriver(new PipelineManifestGenerator(), new System.Collections.Generic.Dictionary<string, string> { ["build_property.MLOpsManifestEmbedded"] = "true" }, parse)
                .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            Assert.Empty(diagnostics);
            Assert.Equal(4, output.SyntaxTrees.Count());
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

            using var stream = new MemoryStream();
            Assert.True(output.Emit(stream).Success);

            // At run time the generated class returns the embedded manifest.
            stream.Position = 0;
            var context = new System.Runtime.Loader.AssemblyLoadContext("manifest-" + version, isCollectible: true);
            try
            {
                var assembly = context.LoadFromStream(stream);
                var json = (string)assembly.GetType("Old.Trainer")!.GetMethod("Manifest")!.Invoke(null, null)!;
                using var manifest = JsonDocument.Parse(json);
                Assert.Equal("Old.Trainer.Train/Regression.Trainers.Sdca", manifest.RootElement.GetProperty("pipelines")[0].GetProperty("id").GetString());
            }
            finally
            {
                context.Unload();
            }
        }

        [Fact]
        public void Nothing_is_generated_without_MLNet()
        {
            var compilation = GeneratorHarness.Compile(new[] { ("/p/A.cs", "class A { void M() { var x = new { Trainers = 1 }; } }") }, withMLNet: false);
            var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult();
            Assert.Empty(result.GeneratedTrees);
        }

        [Fact]
        public void Nothing_is_generated_when_switched_off()
        {
            var result = GeneratorHarness.CreateDriver(enabled: "false").RunGenerators(GeneratorHarness.Compile(ManifestSources.Shop)).GetRunResult();
            Assert.Empty(result.GeneratedTrees);
        }

        [Fact]
        public void A_project_with_MLNet_and_no_pipeline_gets_an_empty_manifest()
        {
            var json = GeneratorHarness.Manifest(new[] { ("/work/src/Shop/Score.cs", "using Microsoft.ML; class Score { ITransformer Load(MLContext ml) => ml.Model.Load(\"m.zip\", out _); }") });
            using var manifest = JsonDocument.Parse(json!);
            Assert.Equal(0, manifest.RootElement.GetProperty("pipelines").GetArrayLength());
            Assert.Equal("absent", manifest.RootElement.GetProperty("rubric").GetProperty("infra1ReproducibleTraining").GetProperty("evidence").GetString());
        }

        [Fact]
        public void Incomplete_code_never_fails_the_generator()
        {
            var text = ManifestSources.Churn;
            for (var cut = 0; cut < text.Length; cut += 7)
            {
                var sources = new[] { (ManifestSources.ListingPath, ManifestSources.Listing), (ManifestSources.ChurnPath, text.Substring(0, cut)) };
                var result = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(sources)).GetRunResult();
                Assert.Null(result.Results.Single().Exception);
                Assert.Empty(result.Diagnostics);
            }
        }

        [Theory]
        [InlineData("/work/src/Shop/Program.cs", "/work/src/Shop", "Program.cs")]
        [InlineData("/work/src/Shop/sub/dir/A.cs", "/work/src/Shop/", "sub/dir/A.cs")]
        [InlineData("/work/src/Common/Shared.cs", "/work/src/Shop", "../Common/Shared.cs")]
        [InlineData(@"C:\repo\Shop\Program.cs", @"c:\repo\shop", "Program.cs")]
        [InlineData(@"C:\repo\Shop\Program.cs", @"D:\other", "Program.cs")]
        [InlineData("/work/src/Shop/Program.cs", null, "Program.cs")]
        public void Source_paths_are_relative_to_the_project_and_never_absolute(string file, string? project, string expected) =>
            Assert.Equal(expected, ManifestWriter.RelativePath(file, project));

        private static Dictionary<string, string> Hashes(IEnumerable<(string Path, string Text)> sources)
        {
            using var manifest = JsonDocument.Parse(GeneratorHarness.Manifest(sources)!);
            return manifest.RootElement.GetProperty("pipelines").EnumerateArray().ToDictionary(
                p => p.GetProperty("id").GetString()!,
                p => p.GetProperty("definitionHash").GetProperty("value").GetString()!);
        }

        private static (string Path, string Text)[] Replace(string path, string before, string after) =>
            ManifestSources.Shop.Select(s =>
            {
                if (s.Path != path)
                {
                    return s;
                }

                Assert.Contains(before, s.Text, StringComparison.Ordinal);
                return (s.Path, s.Text.Replace(before, after, StringComparison.Ordinal));
            }).ToArray();
    }
}
