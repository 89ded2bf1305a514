using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers.Infrastructure
{
    /// <summary>
    /// The semantic model the model classes ask for a tree: one per tree in a compilation that <see cref="Share"/> was called
    /// for (the manifest generator's), else <see cref="Compilation.GetSemanticModel"/>.
    /// </summary>
    /// <remarks>
    /// In an analyzer, <see cref="Compilation.GetSemanticModel"/> already answers with the driver's cached model, so a
    /// method body is bound once however many rules ask. A generator's compilation has no such cache: every call made a new
    /// model, so a method the generator had bound while extracting a member (a factory) was bound again when
    /// <c>MethodSummaries</c> followed a call to it from another member. The generator's compilation is private to one
    /// generator run, so keeping its models for its lifetime keeps only what the run bound.
    /// </remarks>
    internal static class SemanticModels
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> Shared =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>>();

        /// <summary>From now on, one model per tree of <paramref name="compilation"/>. Never call it on an analyzer's compilation.</summary>
        public static Compilation Share(Compilation compilation)
        {
            Shared.GetValue(compilation, static _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>());
            return compilation;
        }

        public static SemanticModel Of(Compilation compilation, SyntaxTree tree)
        {
#pragma warning disable RS1030 // In an analyzer the driver's caching provider answers; in the generator, the shared models below.
            if (!Shared.TryGetValue(compilation, out var models))
            {
                return compilation.GetSemanticModel(tree);
            }

            if (!models.TryGetValue(tree, out var model))
            {
                model = models.GetOrAdd(tree, compilation.GetSemanticModel(tree));
            }

            return model;
#pragma warning restore RS1030
        }
    }
}
