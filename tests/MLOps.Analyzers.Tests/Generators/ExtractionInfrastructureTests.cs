using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MLOps.Analyzers.Generators;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;

namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>
    /// What the manifest generator binds in and writes with: one semantic model per tree of its compilation (so a member
    /// is bound once per run, however many extractions ask about it), never a shared model in any other compilation, and
    /// JSON objects whose keys are written sorted whatever the order they were added in.
    /// </summary>
    public class ExtractionInfrastructureTests
    {
        private static CSharpCompilation Compilation(NullableContextOptions nullable) => CSharpCompilation.Create(
            "Extraction",
            new[] { CSharpSyntaxTree.ParseText("class A { int M() => 1; }", path: "A.cs"), CSharpSyntaxTree.ParseText("class B { }", path: "B.cs") },
            TestReferences.Runtime,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable));

        [Theory]
        [InlineData(NullableContextOptions.Enable)]
        [InlineData(NullableContextOptions.Disable)]
        public void The_extraction_compilation_has_one_model_per_tree(NullableContextOptions nullable)
        {
            var extraction = ExtractionCompilation.Of(Compilation(nullable));
            var a = extraction.SyntaxTrees.First();
            var b = extraction.SyntaxTrees.Last();

            var first = SemanticModels.Of(extraction, a);
            Assert.Same(first, SemanticModels.Of(extraction, a));
            Assert.NotSame(first, SemanticModels.Of(extraction, b));
            Assert.Same(a, first.SyntaxTree);
            Assert.Same(extraction, first.Compilation);
        }

        [Fact]
        public void Any_other_compilation_gets_what_GetSemanticModel_gives()
        {
            // In an analyzer that is the driver's cached model; a plain compilation makes a new one per call, and
            // SemanticModels must not keep models alive for a compilation it was not told to share.
            var compilation = Compilation(NullableContextOptions.Enable);
            var tree = compilation.SyntaxTrees.First();
            Assert.NotSame(SemanticModels.Of(compilation, tree), SemanticModels.Of(compilation, tree));
        }

        [Fact]
        public void The_extraction_compilation_is_the_original_with_nullable_analysis_off()
        {
            var original = Compilation(NullableContextOptions.Enable);
            var extraction = ExtractionCompilation.Of(original);
            Assert.NotSame(original, extraction);
            Assert.Same(extraction, ExtractionCompilation.Of(original));
            Assert.Equal(NullableContextOptions.Disable, ((CSharpCompilation)extraction).Options.NullableContextOptions);
            Assert.Equal(original.SyntaxTrees, extraction.SyntaxTrees);
        }

        [Fact]
        public void Json_objects_are_written_with_sorted_keys_and_the_last_value_of_a_key()
        {
            var json = new JsonObject()
                .Add("zeta", 1)
                .Add("alpha", "a")
                .Add("Beta", true)
                .Add("alpha", "b")
                .Add("beta", JsonNode.Null)
                .ToJson(indented: false);
            Assert.Equal("{\"Beta\":true,\"alpha\":\"b\",\"beta\":null,\"zeta\":1}", json);
        }
    }
}
