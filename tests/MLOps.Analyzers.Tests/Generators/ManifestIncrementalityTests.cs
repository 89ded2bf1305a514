using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Generators;
using Xunit;
using Xunit.Abstractions;
using Names = MLOps.Analyzers.Generators.PipelineManifestGenerator.TrackingNames;

namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>
    /// The generator runs twice on one driver (as the IDE and the compiler server do) and the tracked steps are checked:
    /// an unrelated edit leaves every step Cached or Unchanged; a hyperparameter edit modifies that pipeline only.
    /// </summary>
    public class ManifestIncrementalityTests
    {
        private static readonly string[] AllTrackedSteps =
        {
            Names.Options, Names.Compilation, Names.TrainerCalls, Names.Pipelines, Names.AllPipelines, Names.Manifest, Names.HasManifest,
        };

        private readonly ITestOutputHelper _output;

        public ManifestIncrementalityTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
        {
            var compilation = GeneratorHarness.Compile(ManifestSources.Shop);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

            var unrelated = CSharpSyntaxTree.ParseText("namespace Shop { public static class Clock { public static int Now() => 42; } }", GeneratorHarness.ParseOptions, "/work/src/Shop/Clock.cs");
            var edited = compilation.AddSyntaxTrees(unrelated);
            var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

            Report(second);
            foreach (var name in AllTrackedSteps)
            {
                Assert.True(second.TrackedSteps.ContainsKey(name), "step not run: " + name);
                foreach (var step in second.TrackedSteps[name])
                {
                    foreach (var (_, reason) in step.Outputs)
                    {
                        Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}");
                    }
                }
            }

            Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Fact]
        public void A_comment_in_a_pipeline_file_changes_no_pipeline()
        {
            var compilation = GeneratorHarness.Compile(ManifestSources.Shop);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == ManifestSources.ChurnPath);
            var commented = tree.WithChangedText(tree.GetText().Replace(0, 0, "// Retrained every night.\n"));
            var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, commented)).GetRunResult().Results.Single();

            Report(second);

            // The comment moves the Churn pipeline one line down: its model (which holds source lines) is modified, the
            // other pipeline's is not, and no definition changes.
            var pipelines = second.TrackedSteps[Names.Pipelines].SelectMany(s => s.Outputs).ToList();
            Assert.Single(pipelines, o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Single(pipelines, o => o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);
            var modified = (PipelineModel)pipelines.Single(o => o.Reason == IncrementalStepRunReason.Modified).Value;
            Assert.Equal(ManifestSources.ChurnPath, modified.Source.FilePath);
        }

        [Fact]
        public void A_hyperparameter_edit_modifies_only_that_pipeline()
        {
            var compilation = GeneratorHarness.Compile(ManifestSources.Shop);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var first = driver.GetRunResult().Results.Single();
            var before = Models(first);

            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == ManifestSources.PricePath);
            var text = tree.GetText().ToString();
            var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace("numberOfLeaves: 16", "numberOfLeaves: 31", StringComparison.Ordinal)));
            var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results.Single();

            Report(second);
            var outputs = second.TrackedSteps[Names.Pipelines].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(2, outputs.Count);
            var modified = Assert.Single(outputs, o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Single(outputs, o => o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);

            var after = (PipelineModel)modified.Value;
            Assert.Equal("Shop.PricePipelines.BuildPipeline/Regression.Trainers.FastTree", after.Id);
            Assert.NotEqual(ManifestWriter.DefinitionHash(before[after.Id]), ManifestWriter.DefinitionHash(after));
            var churnId = "Shop.Churn.Train/BinaryClassification.Trainers.SdcaLogisticRegression";
            Assert.Equal(before[churnId], Models(second)[churnId]);

            // The manifest is rewritten, of course: it holds both pipelines.
            Assert.Equal(IncrementalStepRunReason.Modified, second.TrackedSteps[Names.Manifest].Single().Outputs.Single().Reason);
        }

        [Fact]
        public void An_edit_in_another_files_method_body_extracts_no_pipeline_again()
        {
            // The IDE case: typing in a method of a file without pipelines. The extraction step's input (member node,
            // compilation key) is unchanged for every member, so Roslyn does not run it: no member is bound again.
            const string ClockPath = GeneratorHarness.ProjectDirectory + "/Clock.cs";
            var sources = ManifestSources.Shop.Append((ClockPath, "namespace Shop { public static class Clock { public static int Now() { return 42; } } }")).ToArray();
            var compilation = GeneratorHarness.Compile(sources);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var first = driver.GetRunResult().Results.Single();
            Assert.Equal(2, first.TrackedSteps[Names.TrainerCalls].SelectMany(s => s.Outputs).Count());

            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == ClockPath);
            var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.GetText().ToString().Replace("return 42;", "return 43 + 1;", StringComparison.Ordinal)));
            var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results.Single();

            Report(second);
            Assert.Equal(IncrementalStepRunReason.Unchanged, second.TrackedSteps[Names.CompilationKey].Single().Outputs.Single().Reason);
            var extractions = second.TrackedSteps[Names.TrainerCalls].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(2, extractions.Count);
            Assert.All(extractions, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
            Assert.Equal(IncrementalStepRunReason.Cached, second.TrackedSteps[Names.Manifest].Single().Outputs.Single().Reason);
        }

        [Fact]
        public void An_edit_in_a_pipeline_file_extracts_only_that_files_members_again()
        {
            var compilation = GeneratorHarness.Compile(ManifestSources.Shop);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == ManifestSources.PricePath);
            var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.GetText().ToString().Replace("numberOfLeaves: 16", "numberOfLeaves: 31", StringComparison.Ordinal)));
            var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results.Single();

            Report(second);
            var extractions = second.TrackedSteps[Names.TrainerCalls].SelectMany(s => s.Outputs).ToList();
            var rerun = Assert.Single(extractions, o => o.Reason != IncrementalStepRunReason.Cached);
            Assert.Equal(IncrementalStepRunReason.Modified, rerun.Reason);
            Assert.Equal(ManifestSources.PricePath, Assert.Single(((EquatableArray<PipelineModel>)rerun.Value).Items).Source.FilePath);
        }

        [Fact]
        public void A_declaration_change_in_another_file_extracts_every_member_again()
        {
            // Soundness: a declaration elsewhere (here a row type's member, which the manifest's data contract lists) can
            // change what a member's pipelines are, so the compilation key changes and every member is extracted again.
            var compilation = GeneratorHarness.Compile(ManifestSources.Shop);
            var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == ManifestSources.ListingPath);
            var text = tree.GetText().ToString();
            var at = text.LastIndexOf('}');
            at = text.LastIndexOf('}', at - 1);
            var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Insert(at, "    public static class Added { public const int Seed = 3; }\n")));
            var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)).GetRunResult().Results.Single();

            Report(second);
            Assert.Equal(IncrementalStepRunReason.Modified, second.TrackedSteps[Names.CompilationKey].Single().Outputs.Single().Reason);
            var extractions = second.TrackedSteps[Names.TrainerCalls].SelectMany(s => s.Outputs).ToList();
            Assert.Equal(2, extractions.Count);
            Assert.All(extractions, o => Assert.NotEqual(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Fact]
        public void With_the_manifest_disabled_no_member_is_extracted()
        {
            var compilation = GeneratorHarness.Compile(ManifestSources.Shop);
            var result = GeneratorHarness.CreateDriver(enabled: "false").RunGenerators(compilation).GetRunResult().Results.Single();

            Report(result);
            Assert.Null(result.Exception);

            // The key is null, so the extraction step has nothing to bind: every member's output is empty (Roslyn may
            // even skip the steps whose results no output needs).
            if (result.TrackedSteps.TryGetValue(Names.CompilationKey, out var keys))
            {
                Assert.All(keys.SelectMany(s => s.Outputs), o => Assert.Null(o.Value));
            }

            if (result.TrackedSteps.TryGetValue(Names.TrainerCalls, out var extractions))
            {
                Assert.All(extractions.SelectMany(s => s.Outputs), o => Assert.Empty(((EquatableArray<PipelineModel>)o.Value).Items));
            }

            Assert.False(result.TrackedSteps.TryGetValue(Names.Pipelines, out var pipelines) && pipelines.SelectMany(s => s.Outputs).Any());
            Assert.Empty(result.GeneratedSources);
        }

        [Fact]
        public void No_step_output_holds_a_symbol_syntax_node_operation_or_compilation()
        {
            var compilation = GeneratorHarness.Compile(ManifestSources.Shop);
            var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();
            var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var checkedValues = 0;
            foreach (var (name, steps) in result.TrackedSteps)
            {
                if (!AllTrackedSteps.Contains(name))
                {
                    continue; // Roslyn's own input nodes (Compilation, SyntaxTrees, ...) are not the generator's models.
                }

                foreach (var step in steps)
                {
                    foreach (var (value, _) in step.Outputs)
                    {
                        AssertNoRoslynObjects(value, name, visited, 0);
                        checkedValues++;
                    }
                }
            }

            _output.WriteLine($"{checkedValues} step outputs, {visited.Count} objects walked");
            Assert.True(checkedValues >= AllTrackedSteps.Length);
            Assert.Contains(visited, v => v is PipelineModel);
        }

        private static void AssertNoRoslynObjects(object? value, string step, HashSet<object> visited, int depth)
        {
            if (value is null || value is string || value.GetType().IsPrimitive || value is decimal || value is Enum)
            {
                return;
            }

            Assert.False(value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or IOperation or Location,
                $"step {step} holds a {value.GetType().FullName}");
            Assert.True(depth < 40, $"step {step}: object graph too deep");
            if (!value.GetType().IsValueType && !visited.Add(value))
            {
                return;
            }

            if (value is IEnumerable sequence)
            {
                foreach (var item in sequence)
                {
                    AssertNoRoslynObjects(item, step, visited, depth + 1);
                }

                if (value.GetType().Namespace?.StartsWith("MLOps", StringComparison.Ordinal) != true)
                {
                    return;
                }
            }

            for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsPointer)
                    {
                        continue;
                    }

                    AssertNoRoslynObjects(field.GetValue(value), step, visited, depth + 1);
                }
            }
        }

        private static Dictionary<string, PipelineModel> Models(GeneratorRunResult result) =>
            result.TrackedSteps[Names.Pipelines].SelectMany(s => s.Outputs).Select(o => (PipelineModel)o.Value).ToDictionary(p => p.Id);

        private void Report(GeneratorRunResult result)
        {
            foreach (var name in AllTrackedSteps.Prepend(Names.CompilationKey).Prepend(Names.Members))
            {
                if (result.TrackedSteps.TryGetValue(name, out var steps))
                {
                    var reasons = steps.SelectMany(s => s.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Key} x{g.Count()}");
                    _output.WriteLine($"{name,-22} {string.Join(", ", reasons)}");
                }
            }
        }
    }
}
