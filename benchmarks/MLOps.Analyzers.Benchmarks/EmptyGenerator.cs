using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers.Benchmarks
{
    /// <summary>
    /// The generator benchmarks' baseline: a syntax provider whose predicate rejects every node (so the driver walks
    /// every syntax tree, as it does for any generator with a syntax provider) and a source output that adds nothing.
    /// What the generator driver costs before a generator does any work of its own.
    /// </summary>
    // Created by the benchmark itself, never loaded by a compiler: no [Generator] attribute.
    internal sealed class EmptyGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var nothing = context.SyntaxProvider.CreateSyntaxProvider(static (_, _) => false, static (_, _) => 0);
            context.RegisterSourceOutput(nothing.Collect(), static (_, _) => { });
        }
    }
}
