using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Generators
{
    /// <summary>
    /// Emits the pipeline manifest of the compilation (docs/manifest.md) as a generated file holding only comments
    /// (<see cref="ManifestCarrier"/>): the compiler writes it to its generated-files output and the package's MSBuild
    /// task copies the JSON to <c>$(OutDir)$(AssemblyName).mlops.json</c> after build; the assembly gets nothing. With
    /// <c>MLOpsManifestEmbedded=true</c> it also embeds the manifest, <c>[assembly: AssemblyMetadata("MLOps.Manifest", json)]</c>,
    /// and a generated class that reads it at run time. Nothing is generated without ML.NET or with
    /// <c>MLOpsManifestEnabled=false</c>. It never reports diagnostics and never throws (a failed pipeline is left out).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class PipelineManifestGenerator : IIncrementalGenerator
    {
        public const string MetadataKey = "MLOps.Manifest";
        public const string GeneratedNamespace = "MLOps.Analyzers.Generated";
        public const string GeneratedClass = "PipelineManifest";

        /// <summary>The tracking names of the generator's steps (the incrementality tests read them).</summary>
        public static class TrackingNames
        {
            public const string Options = "MLOps.Options";
            public const string Compilation = "MLOps.Compilation";
            public const string Members = "MLOps.Members";
            public const string CompilationKey = "MLOps.CompilationKey";

            /// <summary>The extraction step: one output per member with trainer calls (the pipelines of that member).</summary>
            public const string TrainerCalls = "MLOps.TrainerCalls";
            public const string Pipelines = "MLOps.Pipelines";
            public const string AllPipelines = "MLOps.AllPipelines";
            public const string Manifest = "MLOps.Manifest";
            public const string HasManifest = "MLOps.HasManifest";
        }

        internal static readonly string GeneratorVersion = ReadVersion();

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var options = context.AnalyzerConfigOptionsProvider
                .Select(static (provider, _) =>
                {
                    provider.GlobalOptions.TryGetValue("build_property.MLOpsManifestEnabled", out var enabled);
                    provider.GlobalOptions.TryGetValue("build_property.MSBuildProjectDirectory", out var directory);
                    return new GeneratorOptionsModel(
                        !string.Equals(enabled?.Trim(), "false", StringComparison.OrdinalIgnoreCase),
                        string.IsNullOrWhiteSpace(directory) ? null : directory!.Trim());
                })
                .WithTrackingName(TrackingNames.Options);

            // Opt-in (MLOpsManifestEmbedded=true): the manifest also goes into the assembly, for code that reads it at run time.
            var embedded = context.AnalyzerConfigOptionsProvider
                .Select(static (provider, _) =>
                    provider.GlobalOptions.TryGetValue("build_property.MLOpsManifestEmbedded", out var value)
                    && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase));

            // Switched off, the compilation is not looked at (the manifest and the class need it only when enabled).
            var compilation = context.CompilationProvider
                .Combine(options)
                .Select(static (input, _) => input.Right.Enabled ? DescribeCompilation(input.Left) : Disabled)
                .WithTrackingName(TrackingNames.Compilation);

            // Keyed by member: the owners step finds the members that hold a trainer-shaped call (text and syntax only, per tree, so it costs
            // a text search per file and nothing else) and yields the member's node. The extraction step binds one member and
            // extracts all its pipelines; its input is ((member node, compilation key), compilation), compared without the
            // compilation (MemberInputComparer): a node of an unchanged file is the same object, and the key is equal while
            // no declaration, reference or option changed, so after an edit in another file's method body Roslyn finds the
            // input unchanged and does not run the step (CompilationKey says why that is sound). With
            // MLOpsManifestEnabled=false or without ML.NET the key is null and nothing is bound.
            // Per tree, not per node: a syntax provider's predicate runs on every node of every tree. The trees of the
            // compilation are items of their own (a tree object is unchanged while its file is), each mapped to its owners
            // once (PipelineOwners.InTree: a text search, then a walk that stops at owners, cached per tree object), so an
            // edit in one file maps that file again and leaves every other tree's owners cached.
            var members = context.CompilationProvider
                .Combine(options)
                .SelectMany(static (input, _) => input.Right.Enabled ? input.Left.SyntaxTrees : Enumerable.Empty<SyntaxTree>())
                .Select(static (tree, _) => PipelineOwners.InTree(tree))
                .SelectMany(static (owners, _) => owners)
                .WithTrackingName(TrackingNames.Members);

            var gate = context.CompilationProvider
                .Combine(options)
                .Select(static (input, _) =>
                    input.Right.Enabled && MLNetSymbols.TryCreate(input.Left) is not null
                        ? CompilationKey.Create(input.Left)
                        : null)
                .WithTrackingName(TrackingNames.CompilationKey);

            var pipelines = members
                .Combine(gate)
                .Combine(context.CompilationProvider)
                .WithComparer(MemberInputComparer.Instance)
                .Select(static (input, cancellationToken) => SafeExtract(input.Left.Left, input.Left.Right, input.Right, cancellationToken))
                .WithTrackingName(TrackingNames.TrainerCalls)
                .SelectMany(static (items, _) => items.Items)
                .WithTrackingName(TrackingNames.Pipelines);

            var all = pipelines
                .Collect()
                .Select(static (items, _) => items.ToEquatable())
                .WithTrackingName(TrackingNames.AllPipelines);

            var manifest = all
                .Combine(compilation)
                .Combine(options)
                .Select(static (input, _) =>
                {
                    var ((items, compilationModel), optionsModel) = input;
                    return optionsModel.Enabled && compilationModel.HasMLNet
                        ? new ManifestOutput(ManifestWriter.Write(items, compilationModel, optionsModel, GeneratorVersion), items.Count)
                        : null;
                })
                .WithTrackingName(TrackingNames.Manifest);

            // User code may read the manifest at run time (log it, attach it to a model registry entry): a normal output.
            // The class reads the JSON from the assembly attribute, so it depends only on whether there is a manifest,
            // is not regenerated on every edit, and the binary holds one copy of the JSON.
            var hasManifest = compilation
                .Combine(options)
                .Combine(embedded)
                .Select(static (input, _) => input.Right && input.Left.Right.Enabled && input.Left.Left.HasMLNet && !input.Left.Left.DeclaresManifestClass)
                .WithTrackingName(TrackingNames.HasManifest);
            context.RegisterSourceOutput(hasManifest, static (output, enabled) =>
            {
                if (enabled)
                {
                    output.AddSource(GeneratedClass + ".g.cs", SourceText.From(ClassSource(), Encoding.UTF8));
                }
            });

            // Nothing in user code refers to these: the IDE need not run this output. The comment-only file is written by
            // the compiler to its generated-files output, where the package's task reads it (ManifestCarrier).
            context.RegisterImplementationSourceOutput(manifest.Combine(embedded), static (output, input) =>
            {
                var (manifestOutput, embed) = input;
                if (manifestOutput is null)
                {
                    return;
                }

                output.AddSource(ManifestCarrier.HintName, SourceText.From(ManifestCarrier.Write(manifestOutput.Json, manifestOutput.PipelineCount, GeneratorVersion), Encoding.UTF8));
                if (embed)
                {
                    output.AddSource(GeneratedClass + ".AssemblyMetadata.g.cs", SourceText.From(AttributeSource(manifestOutput.Json), Encoding.UTF8));
                }
            });
        }

        /// <summary>The manifest JSON and how many pipelines it lists (the task writes no file for none unless asked).</summary>
        private sealed record ManifestOutput(string Json, int PipelineCount);

        private static EquatableArray<PipelineModel> SafeExtract(SyntaxNode member, CompilationKey? key, Compilation compilation, CancellationToken cancellationToken)
        {
            if (key is null)
            {
                return EquatableArray<PipelineModel>.Empty;
            }

            try
            {
                return PipelineExtractor.ExtractMember(SemanticModels.Of(ExtractionCompilation.Of(compilation), member.SyntaxTree), member, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception)
            {
                // A generator must never fail the build: a member the model cannot read is left out of the manifest.
                return EquatableArray<PipelineModel>.Empty;
            }
        }

        private static readonly CompilationModel Disabled = new CompilationModel(string.Empty, false, EquatableArray<ReferenceModel>.Empty);

        internal static CompilationModel DescribeCompilation(Compilation compilation)
        {
            var hasMLNet = compilation.GetTypeByMetadataName("Microsoft.ML.MLContext") is not null;
            var references = new List<ReferenceModel>();
            if (hasMLNet)
            {
                foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
                {
                    var name = assembly.Identity.Name;
                    if (name != "Microsoft.ML" && !name.StartsWith("Microsoft.ML.", StringComparison.Ordinal)
                        && !name.StartsWith("Microsoft.Extensions.ML", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    string? version = null;
                    foreach (var attribute in assembly.GetAttributes())
                    {
                        if (attribute.AttributeClass?.ToDisplayString() == "System.Reflection.AssemblyInformationalVersionAttribute"
                            && attribute.ConstructorArguments.Length == 1)
                        {
                            version = attribute.ConstructorArguments[0].Value as string;
                        }
                    }

                    references.Add(new ReferenceModel(name, version));
                }
            }

            references.Sort((a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name));
            var declaresClass = hasMLNet
                && (compilation.Assembly.GetTypeByMetadataName(GeneratedNamespace + "." + GeneratedClass) is not null
                    || !GeneratedNamespaces.CanDeclare(compilation.Assembly, GeneratedNamespace));
            return new CompilationModel(compilation.AssemblyName ?? string.Empty, hasMLNet, references.ToEquatable(), declaresClass);
        }

        internal static string ClassSource() =>
            "// <auto-generated/>\n"
            + "// The pipeline manifest of this assembly, generated by MLOps.Analyzers " + GeneratorVersion + " (docs/manifest.md).\n"
            + "namespace " + GeneratedNamespace + "\n"
            + "{\n"
            + "    /// <summary>The pipeline manifest of this assembly (MLOps.Analyzers): every training pipeline, as JSON.</summary>\n"
            + "    [global::System.CodeDom.Compiler.GeneratedCode(\"MLOps.Analyzers\", \"" + GeneratorVersion + "\")]\n"
            + "    internal static class " + GeneratedClass + "\n"
            + "    {\n"
            + "        /// <summary>The manifest's schema version.</summary>\n"
            + "        public const string SchemaVersion = \"" + ManifestWriter.SchemaVersion + "\";\n"
            + "\n"
            + "        /// <summary>The key of the assembly attribute that holds the manifest.</summary>\n"
            + "        public const string MetadataKey = \"" + MetadataKey + "\";\n"
            + "\n"
            + "        /// <summary>\n"
            + "        /// The manifest JSON, read from this assembly's <c>[assembly: AssemblyMetadata(\"" + MetadataKey + "\", ...)]</c>\n"
            + "        /// (embedded with MLOpsManifestEmbedded=true; the build writes it to $(OutDir)$(AssemblyName).mlops.json either way).\n"
            + "        /// </summary>\n"
            + "        public static string Json\n"
            + "        {\n"
            + "            get\n"
            + "            {\n"
            + "                foreach (object attribute in typeof(global::" + GeneratedNamespace + "." + GeneratedClass + ").Assembly.GetCustomAttributes(typeof(global::System.Reflection.AssemblyMetadataAttribute), false))\n"
            + "                {\n"
            + "                    global::System.Reflection.AssemblyMetadataAttribute metadata = attribute as global::System.Reflection.AssemblyMetadataAttribute;\n"
            + "                    if (metadata != null && metadata.Key == global::" + GeneratedNamespace + "." + GeneratedClass + ".MetadataKey)\n"
            + "                    {\n"
            + "                        return metadata.Value ?? string.Empty;\n"
            + "                    }\n"
            + "                }\n"
            + "\n"
            + "                return string.Empty;\n"
            + "            }\n"
            + "        }\n"
            + "    }\n"
            + "}\n";

        internal static string AttributeSource(string json) =>
            "// <auto-generated/>\n"
            + "// The pipeline manifest, embedded for tools that read it without running the code (MLOps.Analyzers " + GeneratorVersion + ").\n"
            + "[assembly: global::System.Reflection.AssemblyMetadata(\"" + MetadataKey + "\", " + CSharpString(json) + ")]\n";

        /// <summary>A regular C# string literal (valid from C# 1): escapes quotes, backslashes, control and line-break characters.</summary>
        internal static string CSharpString(string value)
        {
            var builder = new StringBuilder(value.Length + 16);
            StringLiterals.Append(builder, value, StringLiterals.Kind.CSharp);
            return builder.ToString();
        }

        private static string ReadVersion()
        {
            var assembly = typeof(PipelineManifestGenerator).Assembly;
            var informational = assembly.GetCustomAttributes(typeof(AssemblyInformationalVersionAttribute), false)
                .OfType<AssemblyInformationalVersionAttribute>()
                .FirstOrDefault()?.InformationalVersion;
            var version = informational ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
            var plus = version.IndexOf('+');
            return plus >= 0 ? version.Substring(0, plus) : version;
        }
    }
}
