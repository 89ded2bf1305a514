using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MLOps.Analyzers.Generators;
using MLOps.Analyzers.Infrastructure;
using Xunit;

namespace MLOps.Analyzers.Tests
{
    /// <summary>
    /// The text gates: a whole-word search in a tree's source (<see cref="SourceStrings"/>) and the manifest generator's
    /// owners per tree (<see cref="PipelineOwners.InTree"/>). A gate may say "maybe" too often (that costs only work); it
    /// must never say "no" where the syntax holds what it looks for.
    /// </summary>
    public class SourceGateTests
    {
        [Theory]
        [InlineData("var ml = new MLContext();", true)]
        [InlineData("MLContext ml;", true)]
        [InlineData("var ml = new @MLContext();", true)]
        [InlineData("Microsoft.ML.MLContext ml;", true)]
        [InlineData("MyMLContext ml;", false)]
        [InlineData("MLContextFactory f;", false)]
        [InlineData("var _MLContext = 1;", false)]
        [InlineData("// MLContext in a comment", true)] // "maybe": costs the flow model, never a finding
        public void ContainsWord_matches_whole_identifiers(string text, bool expected) =>
            Assert.Equal(expected, SourceStrings.ContainsWord(text, "MLContext", 0, text.Length));

        [Fact]
        public void ContainsWord_looks_only_inside_the_span()
        {
            const string text = "class A { MLContext ml; } class B { int x; }";
            var b = text.IndexOf("class B", System.StringComparison.Ordinal);
            Assert.True(SourceStrings.ContainsWord(text, "MLContext", 0, b));
            Assert.False(SourceStrings.ContainsWord(text, "MLContext", b, text.Length));
            Assert.False(SourceStrings.ContainsWord(text, "MLContext", 0, text.IndexOf("MLContext", System.StringComparison.Ordinal) + 4));
        }

        [Theory]
        [InlineData("MLContext ml = new(seed: 1);", true)]
        [InlineData("MLContext ml = new (seed: 1);", true)]
        [InlineData("MLContext ml = new\n    (seed: 1);", true)]
        [InlineData("var list = new List<int>();", false)]
        [InlineData("renew(1);", false)]
        [InlineData("var x = newer(1);", false)]
        public void ContainsTargetTypedNew_finds_new_followed_by_a_parenthesis(string text, bool expected) =>
            Assert.Equal(expected, SourceStrings.ContainsTargetTypedNew(text, 0, text.Length));

        [Fact]
        public void ContainsTargetTypedNew_agrees_with_the_syntax_on_every_creation()
        {
            const string source = """
                class C
                {
                    object a = new();
                    object b = new object();
                    C c = new   ();
                    int[] d = new int[1];
                }
                """;
            var root = CSharpSyntaxTree.ParseText(source).GetRoot();
            foreach (var field in root.DescendantNodes().OfType<FieldDeclarationSyntax>())
            {
                var targetTyped = field.DescendantNodes().OfType<ImplicitObjectCreationExpressionSyntax>().Any();
                Assert.Equal(targetTyped, SourceStrings.ContainsTargetTypedNew(source, field.SpanStart, field.Span.End));
            }
        }

        [Fact]
        public void Owners_of_a_tree_without_Trainers_are_none()
        {
            var tree = CSharpSyntaxTree.ParseText("class C { void M() { var x = Trainer.Create(); } }");
            Assert.Empty(PipelineOwners.InTree(tree));
        }

        [Fact]
        public void Owners_of_a_tree_are_every_owner_kind_in_document_order_and_only_those_with_a_trainer_call()
        {
            const string source = """
                var top = ml.Regression.Trainers.Sdca();
                class C
                {
                    object f = ml.Regression.Trainers.FastTree();
                    object P => ml.Regression.Trainers.Sdca();
                    object Q { get { return ml.Regression.Trainers.Sdca(); } set { } }
                    void M() { var t = ml.Regression.Trainers.Sdca(); void Local() { } }
                    void N() { /* ml.Regression.Trainers.Sdca() in a comment */ }
                    void O() { var s = "Trainers"; }
                }
                """;
            var tree = CSharpSyntaxTree.ParseText(source);
            var owners = PipelineOwners.InTree(tree);
            Assert.Collection(
                owners,
                owner => Assert.IsType<CompilationUnitSyntax>(owner),
                owner => Assert.IsType<FieldDeclarationSyntax>(owner),
                owner => Assert.Equal("P", Assert.IsType<PropertyDeclarationSyntax>(owner).Identifier.ValueText),
                owner => Assert.IsType<AccessorDeclarationSyntax>(owner),
                owner => Assert.Equal("M", Assert.IsType<MethodDeclarationSyntax>(owner).Identifier.ValueText));

            // Every node the syntax-provider predicate would have accepted, and nothing else.
            var expected = tree.GetRoot().DescendantNodesAndSelf().Where(PipelineOwners.IsOwnerWithTrainerCall).ToList();
            Assert.Equal(expected, owners.ToList());

            // One array per tree object: an unchanged tree's owners compare equal in the generator's per-tree step.
            Assert.Equal(owners, PipelineOwners.InTree(tree));
            Assert.True(owners == PipelineOwners.InTree(tree));
        }
    }
}
