using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Generators
{
    /// <summary>
    /// The compilation the manifest generator binds members in: the generator's compilation with the nullable context
    /// switched off (<see cref="NullableContextOptions.Disable"/>), one per compilation.
    /// </summary>
    /// <remarks>
    /// A generator's semantic model is never shared with the compiler: the compiler binds every method again after the
    /// generators ran, with nullable analysis for its warnings. In the generator's own model, a project-wide
    /// <c>&lt;Nullable&gt;enable&lt;/Nullable&gt;</c> makes the first question about a method body also run the nullable
    /// walker over the whole body (about a third of what binding a member costs, measured in a cold csc on the 1,000-file
    /// workload). Nothing the manifest records depends on nullable annotations or flow state: symbols, constants,
    /// operations and types are the same with the context off (<c>string?</c> and <c>string</c> are one type). The trees,
    /// the declaration table and the referenced assemblies' symbols are shared with the original compilation
    /// (<see cref="Compilation.WithOptions"/> keeps them), so the copy costs the source symbols it binds, which the
    /// original compilation would have built for the generator instead. Files with <c>#nullable enable</c> keep their
    /// directive and are still analysed. Its semantic models are shared per tree (<see cref="SemanticModels.Share"/>): a
    /// member is bound once per generator run however many extractions ask about it.
    /// </remarks>
    internal static class ExtractionCompilation
    {
        private static readonly ConditionalWeakTable<Compilation, Compilation> Copies = new ConditionalWeakTable<Compilation, Compilation>();

        public static Compilation Of(Compilation compilation) =>
            SemanticModels.Share(compilation is CSharpCompilation { Options.NullableContextOptions: not NullableContextOptions.Disable }
                ? Copies.GetValue(compilation, static original =>
                    ((CSharpCompilation)original).WithOptions(((CSharpCompilation)original).Options.WithNullableContextOptions(NullableContextOptions.Disable)))
                : compilation);
    }
}
