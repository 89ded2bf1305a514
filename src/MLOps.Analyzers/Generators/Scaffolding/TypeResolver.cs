using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers.Generators.Scaffolding
{
    /// <summary>
    /// Decides how the generated tests name a pipeline's factory type and row type in the test compilation, so that the
    /// name binds to the type of the ML assembly whatever else the test project sees: <c>global::Models.Pipelines</c>
    /// when no other type is reachable under that name, <c>Alias::Models.Pipelines</c> (with <c>extern alias Alias;</c>)
    /// when the project reference has MSBuild <c>Aliases</c>, and a not-testable reason otherwise (two referenced
    /// assemblies, or the test project itself, declaring the same full name; a type named like the namespace).
    /// A generator cannot give a reference an alias, and reflection would lose the compile-time check of the call, so
    /// an ambiguous name is reported with the alias that resolves it.
    /// </summary>
    internal static class TypeResolver
    {
        /// <summary>How a reason about an ambiguous name starts its fix (the not-testable listing then gives no other advice).</summary>
        public const string AliasHint = "give the project reference an alias";

        public static EquatableArray<ScaffoldPipeline> Resolve(EquatableArray<ScaffoldPipeline> pipelines, Compilation compilation, CancellationToken cancellationToken)
        {
            if (pipelines.Count == 0)
            {
                return pipelines;
            }

            var result = new List<ScaffoldPipeline>(pipelines.Count);
            foreach (var pipeline in pipelines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                result.Add(Resolve(pipeline, compilation));
            }

            return result.ToEquatable();
        }

        private static ScaffoldPipeline Resolve(ScaffoldPipeline pipeline, Compilation compilation)
        {
            if (!pipeline.Callable || pipeline.FactoryType is null || pipeline.FactoryMethod is null)
            {
                return pipeline;
            }

            var factory = Find(compilation, pipeline.FactoryType, pipeline.AssemblyName);
            if (factory.Problem is not null)
            {
                return pipeline with { Callable = false, NotCallableReason = factory.Problem };
            }

            var aliases = new SortedSet<string>(StringComparer.Ordinal);
            if (factory.Alias is not null)
            {
                aliases.Add(factory.Alias);
            }

            string? rowType = null;
            var data = pipeline.Data;
            if (data.Unsupported is null && data.RowType is not null)
            {
                var row = Find(compilation, data.RowType, pipeline.AssemblyName);
                if (row.Problem is not null)
                {
                    data = data with { Unsupported = "the row type " + row.Problem };
                }
                else
                {
                    rowType = row.Code;
                    if (row.Alias is not null)
                    {
                        aliases.Add(row.Alias);
                    }
                }
            }

            return pipeline with { Data = data, Code = new TypeNames(factory.Code, rowType, aliases.ToEquatable()) };
        }

        private readonly struct Found
        {
            public Found(string? code, string? alias, string? problem)
            {
                Code = code;
                Alias = alias;
                Problem = problem;
            }

            public string? Code { get; }

            /// <summary>The extern alias the code uses; null for <c>global::</c>.</summary>
            public string? Alias { get; }

            public string? Problem { get; }
        }

        /// <param name="name">The type as the manifest writes it (C# display form, no <c>global::</c>).</param>
        /// <param name="assemblyName">The ML assembly: its type is the one meant when several have the name.</param>
        private static Found Find(Compilation compilation, string name, string assemblyName)
        {
            var candidates = Candidates(compilation, name);
            var target = candidates.FirstOrDefault(t => t.ContainingAssembly?.Identity.Name == assemblyName);
            if (target is null)
            {
                var accessible = candidates.Where(t => compilation.IsSymbolAccessibleWithin(t, compilation.Assembly)).ToList();
                if (accessible.Count != 1)
                {
                    return new Found(null, null, name + (accessible.Count == 0
                        ? " is not found in the test project's references"
                        : " is declared in several assemblies (" + Describe(compilation, accessible) + ")"));
                }

                target = accessible[0];
            }

            var alias = AliasOf(compilation, target.ContainingAssembly);
            var top = target;
            while (top.ContainingType is { } containing)
            {
                top = containing;
            }

            // Whatever else the qualifier reaches under the top-level name: the same full name in another assembly, or a
            // type named like one of the namespaces (a type in source hides the namespace: CS0437).
            var rivals = new List<INamedTypeSymbol>();
            var metadataName = MetadataName(top);
            rivals.AddRange(compilation.GetTypesByMetadataName(metadataName).Where(t => !SymbolEqualityComparer.Default.Equals(t, top)));
            var namespaceName = top.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null;
            if (namespaceName is not null)
            {
                var parts = namespaceName.Split('.');
                for (var i = 1; i <= parts.Length; i++)
                {
                    rivals.AddRange(compilation.GetTypesByMetadataName(string.Join(".", parts, 0, i)));
                }
            }

            var visible = rivals
                .Where(t => compilation.IsSymbolAccessibleWithin(t, compilation.Assembly) && Reaches(compilation, t.ContainingAssembly, alias))
                .ToList();
            if (visible.Count > 0)
            {
                return new Found(null, null, name + " of " + assemblyName + " cannot be named unambiguously: " + Describe(compilation, visible)
                    + " also declare" + (visible.Count == 1 ? "s" : string.Empty) + " " + string.Join(", ", visible.Select(t => t.ToDisplayString()).Distinct(StringComparer.Ordinal))
                    + " (" + AliasHint + ", <ProjectReference Include=\"...\" Aliases=\"" + SuggestedAlias(assemblyName)
                    + "\" />, and the generated tests use extern alias " + SuggestedAlias(assemblyName) + ")");
            }

            return new Found((alias ?? "global") + "::" + name, alias, null);
        }

        /// <summary>The types whose C# name (namespace and containing types, dot-separated) is <paramref name="name"/>.</summary>
        private static List<INamedTypeSymbol> Candidates(Compilation compilation, string name)
        {
            var found = new List<INamedTypeSymbol>();
            if (name.IndexOf('<') >= 0)
            {
                return found; // a generic type: its metadata name is not its display name
            }

            var parts = name.Replace("@", string.Empty).Split('.');
            for (var split = parts.Length - 1; split >= 0; split--)
            {
                // parts[0..split) is the namespace, the rest are a type and its nested types.
                var metadata = (split == 0 ? string.Empty : string.Join(".", parts, 0, split) + ".") + string.Join("+", parts, split, parts.Length - split);
                found.AddRange(compilation.GetTypesByMetadataName(metadata));
            }

            return found;
        }

        private static string MetadataName(INamedTypeSymbol top) =>
            (top.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." : string.Empty) + top.MetadataName;

        /// <summary>The extern alias a type of the assembly is named through: null for the global alias (no alias, or one of them is global).</summary>
        private static string? AliasOf(Compilation compilation, IAssemblySymbol? assembly)
        {
            if (assembly is null || SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly))
            {
                return null;
            }

            var aliases = compilation.GetMetadataReference(assembly)?.Properties.Aliases ?? default;
            if (aliases.IsDefaultOrEmpty || aliases.Contains("global"))
            {
                return null;
            }

            return aliases.OrderBy(a => a, StringComparer.Ordinal).First();
        }

        /// <summary>Whether <c>alias::</c> (null: <c>global::</c>) reaches the assembly's types.</summary>
        private static bool Reaches(Compilation compilation, IAssemblySymbol? assembly, string? alias)
        {
            if (assembly is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly))
            {
                return alias is null;
            }

            var aliases = compilation.GetMetadataReference(assembly)?.Properties.Aliases ?? default;
            return aliases.IsDefaultOrEmpty ? alias is null : aliases.Contains(alias ?? "global");
        }

        private static string Describe(Compilation compilation, IEnumerable<INamedTypeSymbol> types) =>
            string.Join(", ", types
                .Select(t => SymbolEqualityComparer.Default.Equals(t.ContainingAssembly, compilation.Assembly) ? "the test project" : t.ContainingAssembly?.Identity.Name ?? "?")
                .Distinct(StringComparer.Ordinal)
                .OrderBy(n => n, StringComparer.Ordinal));

        private static string SuggestedAlias(string assemblyName) => TestSourceWriter.Identifier(assemblyName.Replace(".", string.Empty));
    }
}
