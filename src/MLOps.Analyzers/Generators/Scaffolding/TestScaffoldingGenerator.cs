using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace MLOps.Analyzers.Generators.Scaffolding
{
    /// <summary>
    /// In a test project that references xunit, ML.NET and an ML project whose pipeline manifest it gets (the project's
    /// <c>&lt;Assembly&gt;.mlops.json</c> as an AdditionalFiles item, or embedded in the assembly with MLOpsManifestEmbedded), generates
    /// xunit tests for every pipeline with a callable factory (docs/test-scaffolding.md): expected columns, determinism,
    /// save/load round trip, finite scores and declared quality gates. Nothing is generated without xunit, without a
    /// manifest in the references, or with <c>MLOpsGenerateTests=false</c>. Never reports diagnostics, never throws.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class TestScaffoldingGenerator : IIncrementalGenerator
    {
        public static class TrackingNames
        {
            public const string Settings = "MLOps.Tests.Settings";
            public const string Input = "MLOps.Tests.Input";
            public const string Pipelines = "MLOps.Tests.Pipelines";
            public const string Resolved = "MLOps.Tests.Resolved";
            public const string Declarations = "MLOps.Tests.Declarations";
            public const string Requests = "MLOps.Tests.Requests";
            public const string Files = "MLOps.Tests.Files";
            public const string ManifestFiles = "MLOps.Tests.ManifestFiles";
        }

        /// <summary>The manifest files the package's targets pass as AdditionalFiles (the task writes &lt;Assembly&gt;.mlops.json).</summary>
        public const string ManifestFileSuffix = ".mlops.json";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var settings = context.AnalyzerConfigOptionsProvider
                .Combine(context.ParseOptionsProvider)
                .Select(static (pair, _) =>
                {
                    pair.Left.GlobalOptions.TryGetValue("build_property.MLOpsGenerateTests", out var enabled);
                    var version = (pair.Right as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest;
                    return new ScaffoldSettings(
                        !string.Equals(enabled?.Trim(), "false", StringComparison.OrdinalIgnoreCase),
                        version == LanguageVersion.Default || version == LanguageVersion.Latest || version == LanguageVersion.Preview
                            || version == LanguageVersion.LatestMajor || version >= LanguageVersion.CSharp8);
                })
                .WithTrackingName(TrackingNames.Settings);

            var input = context.CompilationProvider
                .Select(static (compilation, cancellationToken) => ReadInput(compilation, cancellationToken))
                .WithTrackingName(TrackingNames.Input);

            // The manifests of the referenced projects, as files: the package's targets pass each referenced project's
            // <Assembly>.mlops.json as an AdditionalFiles item. Read once per file content.
            var manifestFiles = context.AdditionalTextsProvider
                .Combine(context.AnalyzerConfigOptionsProvider)
                .Where(static pair => IsManifestFile(pair.Left, pair.Right))
                .Select(static (pair, cancellationToken) => Safe(() => ReadManifestFile(pair.Left, cancellationToken), null))
                .Where(static manifest => manifest is not null)
                .Select(static (manifest, _) => manifest!)
                .Collect()
                .Select(static (items, _) => items.OrderBy(m => m.AssemblyName, StringComparer.Ordinal).ThenBy(m => m.Json, StringComparer.Ordinal).ToEquatable())
                .WithTrackingName(TrackingNames.ManifestFiles);

            var pipelines = input
                .Combine(manifestFiles)
                .Select(static (value, _) => value.Left.Applicable
                    ? Safe(() => Manifests(value.Left, value.Right).SelectMany(ManifestReader.Read).ToEquatable(), EquatableArray<ScaffoldPipeline>.Empty)
                    : EquatableArray<ScaffoldPipeline>.Empty)
                .WithTrackingName(TrackingNames.Pipelines);

            // How the test compilation names each pipeline's types (global::, an extern alias, or not at all): re-checked
            // on every compilation, a few lookups; the parsed manifests above stay cached.
            var resolved = pipelines
                .Combine(context.CompilationProvider)
                .Select(static (pair, cancellationToken) => Safe(() => TypeResolver.Resolve(pair.Left, pair.Right, cancellationToken), pair.Left))
                .WithTrackingName(TrackingNames.Resolved);

            // [assembly: QualityGate(...)] and [assembly: ExcludeFromGeneratedTests(...)], read from syntax: the attribute
            // types are generated here, so they do not exist in the compilation the generator sees. Assembly attributes can
            // only stand in a compilation unit's own attribute lists, so each tree's root is read, not walked (a syntax
            // provider would call its predicate on every node of every tree of every project, test project or not); only
            // in a compilation that can have tests (xunit and ML.NET). Equal results keep the steps below cached.
            var declarations = context.CompilationProvider
                .Combine(input.Select(static (value, _) => value.Applicable))
                .Select(static (pair, cancellationToken) => pair.Right
                    ? Safe(() => ReadDeclarations(pair.Left, cancellationToken), EquatableArray<ScaffoldDeclaration>.Empty)
                    : EquatableArray<ScaffoldDeclaration>.Empty)
                .WithTrackingName(TrackingNames.Declarations);

            var plan = resolved.Combine(declarations).Combine(settings)
                .Combine(input.Select(static (value, _) => (value.Applicable, value.UserTypes)));

            var requests = plan
                .SelectMany(static (value, _) => Plan(value.Left.Left.Left, value.Left.Left.Right, value.Left.Right, value.Right.Applicable, value.Right.UserTypes).Requests)
                .WithTrackingName(TrackingNames.Requests);

            context.RegisterSourceOutput(requests, static (output, request) =>
                output.AddSource(request.ClassName + ".g.cs", SourceText.From(TestSourceWriter.TestClass(request), Encoding.UTF8)));

            var files = plan
                .Select(static (value, _) => Plan(value.Left.Left.Left, value.Left.Left.Right, value.Left.Right, value.Right.Applicable, value.Right.UserTypes).Files)
                .WithTrackingName(TrackingNames.Files);

            context.RegisterSourceOutput(files, static (output, items) =>
            {
                foreach (var file in items)
                {
                    output.AddSource(file.HintName, SourceText.From(file.Text, Encoding.UTF8));
                }
            });
        }

        private sealed class Planned
        {
            public Planned(ImmutableArray<ScaffoldRequest> requests, EquatableArray<GeneratedFile> files)
            {
                Requests = requests;
                Files = files;
            }

            public ImmutableArray<ScaffoldRequest> Requests { get; }

            public EquatableArray<GeneratedFile> Files { get; }
        }

        /// <summary>A generator must never fail the build: whatever cannot be read is left out (the rest is still generated).</summary>
        private static T Safe<T>(Func<T> action, T fallback)
        {
            try
            {
                return action();
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception)
            {
                return fallback;
            }
        }

        private static Planned Plan(EquatableArray<ScaffoldPipeline> pipelines, EquatableArray<ScaffoldDeclaration> declarations, ScaffoldSettings settings, bool applicable, EquatableArray<string> userTypes) =>
            Safe(() => PlanUnsafe(pipelines, declarations, settings, applicable, userTypes), new Planned(ImmutableArray<ScaffoldRequest>.Empty, EquatableArray<GeneratedFile>.Empty));

        private static Planned PlanUnsafe(EquatableArray<ScaffoldPipeline> pipelines, EquatableArray<ScaffoldDeclaration> declarations, ScaffoldSettings settings, bool applicable, EquatableArray<string> userTypes)
        {
            if (!applicable)
            {
                return new Planned(ImmutableArray<ScaffoldRequest>.Empty, EquatableArray<GeneratedFile>.Empty);
            }

            if (!settings.Enabled)
            {
                // Tests off: no tests, but the attributes stay, so a project declaring gates still compiles.
                return new Planned(
                    ImmutableArray<ScaffoldRequest>.Empty,
                    new[] { new GeneratedFile("MLOps.Testing.Attributes.g.cs", TestSourceWriter.Attributes(settings.NullableDirective)) }.ToEquatable());
            }

            var excluded = new HashSet<string>(declarations.Where(d => d.Gate is null).Select(d => d.Pipeline), StringComparer.Ordinal);
            var requests = ImmutableArray.CreateBuilder<ScaffoldRequest>();
            var notTestable = new List<ScaffoldPipeline>();
            var excludedNames = new List<string>();
            // Names the test project already uses in the generated namespaces: a generated class of the same name would not
            // compile next to them (a partial class of a test class's name is how users supply data, and merges).
            var prefix = TestSourceWriter.Namespace + ".";
            var userNames = new HashSet<string>(userTypes.Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).Select(t => t.Substring(prefix.Length)), StringComparer.Ordinal);
            var classNames = new HashSet<string>(userNames.Where(n => !n.EndsWith("|partial", StringComparison.Ordinal)), StringComparer.Ordinal);
            string FreeName(string name)
            {
                var candidate = name;
                for (var n = 2; userNames.Contains(candidate) || userNames.Contains(candidate + "|partial"); n++)
                {
                    candidate = name + n.ToString(CultureInfo.InvariantCulture);
                }

                return candidate;
            }

            var supportClass = FreeName(TestSourceWriter.SupportClass);
            var testedFactories = new HashSet<string>(StringComparer.Ordinal);

            // <Type>_<Method>_Tests; factories whose short names collide get their namespace too, and factories of the same
            // full name in two assemblies their assembly as well, whatever their order.
            var factories = pipelines
                .Where(p => p.Callable && p.FactoryType is not null && p.FactoryMethod is not null)
                .Select(FactoryKey)
                .Distinct()
                .ToList();
            string ClassNameOf(ScaffoldPipeline pipeline)
            {
                var key = FactoryKey(pipeline);
                var names = ClassNames(pipeline);
                for (var level = 0; level < names.Length - 1; level++)
                {
                    if (!factories.Any(other => other != key && ClassNames(other)[level] == names[level]))
                    {
                        return names[level];
                    }
                }

                return names[names.Length - 1];
            }

            foreach (var pipeline in pipelines.OrderBy(p => p.AssemblyName, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal))
            {
                if (excluded.Contains(pipeline.Name) || excluded.Contains(pipeline.Id))
                {
                    excludedNames.Add(pipeline.Id);
                    continue;
                }

                if (!pipeline.Callable || pipeline.FactoryType is null || pipeline.FactoryMethod is null)
                {
                    notTestable.Add(pipeline);
                    continue;
                }

                if (!testedFactories.Add(FactoryKey(pipeline)))
                {
                    continue; // one chain returned by one factory: one test class
                }

                var baseName = ClassNameOf(pipeline);
                var className = baseName;
                for (var n = 2; !classNames.Add(className); n++)
                {
                    className = baseName + n.ToString(CultureInfo.InvariantCulture);
                }

                var gates = declarations
                    .Where(d => d.Gate is not null && (d.Pipeline == pipeline.Name || d.Pipeline == pipeline.Id))
                    .Select(d => d.Gate!)
                    .ToEquatable();
                requests.Add(new ScaffoldRequest(pipeline, className, gates, settings.NullableDirective, supportClass));
            }

            var files = new List<GeneratedFile>
            {
                new GeneratedFile("MLOps.Testing.Attributes.g.cs", TestSourceWriter.Attributes(
                    settings.NullableDirective,
                    qualityGate: !UserDeclares(userTypes, TestSourceWriter.AttributeNamespace + "." + TestSourceWriter.QualityGateAttribute),
                    exclude: !UserDeclares(userTypes, TestSourceWriter.AttributeNamespace + "." + TestSourceWriter.ExcludeAttribute))),
            };
            if (requests.Count > 0)
            {
                files.Add(new GeneratedFile(TestSourceWriter.SupportClass + ".g.cs", TestSourceWriter.Support(settings.NullableDirective, supportClass)));
            }

            // Gates naming no pipeline fail loudly instead of being ignored.
            var known = new HashSet<string>(pipelines.SelectMany(p => new[] { p.Name, p.Id }), StringComparer.Ordinal);
            var orphans = declarations.Where(d => d.Gate is not null && !known.Contains(d.Pipeline)).Select(d => d.Gate!).ToList();
            if (orphans.Count > 0)
            {
                files.Add(new GeneratedFile("MLOps.Testing.UnknownGates.g.cs", UnknownGates(orphans, pipelines, settings.NullableDirective, FreeName("QualityGatesWithoutPipeline"))));
            }

            if (notTestable.Count > 0 || excludedNames.Count > 0)
            {
                files.Add(new GeneratedFile("MLOps.Testing.NotTestable.g.cs", TestSourceWriter.NotTestable(notTestable, excludedNames)));
            }

            return new Planned(requests.ToImmutable(), files.ToEquatable());
        }

        /// <summary>One factory: its assembly, type, method and overload.</summary>
        private static string FactoryKey(ScaffoldPipeline pipeline) =>
            pipeline.AssemblyName + "|" + pipeline.FactoryType + "|" + pipeline.FactoryMethod + "(" + string.Join(",", pipeline.FactoryParameters) + ")";

        /// <summary>The test class names of a factory, from the shortest (<c>Type_Method_Tests</c>) to the most qualified.</summary>
        private static string[] ClassNames(ScaffoldPipeline pipeline) => ClassNames(FactoryKey(pipeline));

        private static string[] ClassNames(string key)
        {
            var parts = key.Split('|');
            var assembly = parts[0];
            var type = parts[1].Replace("@", string.Empty);
            var method = parts[2].Substring(0, parts[2].IndexOf('('));
            return new[]
            {
                TestSourceWriter.Identifier(type.Substring(type.LastIndexOf('.') + 1) + "_" + method + "_Tests"),
                TestSourceWriter.Identifier(type.Replace('.', '_') + "_" + method + "_Tests"),
                TestSourceWriter.Identifier(assembly.Replace('.', '_') + "_" + type.Replace('.', '_') + "_" + method + "_Tests"),
            };
        }

        private static string UnknownGates(List<GateModel> gates, EquatableArray<ScaffoldPipeline> pipelines, bool nullableDirective, string className)
        {
            var names = string.Join(", ", pipelines.Select(p => p.Name).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal));
            var b = new StringBuilder("// <auto-generated/>\n");
            if (nullableDirective)
            {
                b.Append("#nullable disable\n");
            }

            b.Append("namespace ").Append(TestSourceWriter.Namespace).Append("\n{\n");
            b.Append("    public class ").Append(className).Append("\n    {\n");
            var index = 0;
            foreach (var gate in gates)
            {
                index++;
                b.Append("        [global::Xunit.Fact(DisplayName = ").Append(PipelineManifestGenerator.CSharpString("quality gate " + gate.Pipeline + " " + gate.Metric + ": pipeline exists")).Append(")]\n");
                b.Append("        public void Gate_").Append(index.ToString(CultureInfo.InvariantCulture)).Append("_names_a_pipeline()\n        {\n");
                b.Append("            throw new global::Xunit.Sdk.XunitException(")
                    .Append(PipelineManifestGenerator.CSharpString("Quality gate declared for pipeline '" + gate.Pipeline + "', which no referenced manifest has (renamed or its trainer swapped?). Pipelines: " + (names.Length == 0 ? "none" : names) + "."))
                    .Append(");\n        }\n");
            }

            b.Append("    }\n}\n");
            return b.ToString();
        }

        private static string? DeclarationKind(AttributeSyntax attribute)
        {
            var name = attribute.Name switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            return name switch
            {
                "QualityGate" or "QualityGateAttribute" => "gate",
                "ExcludeFromGeneratedTests" or "ExcludeFromGeneratedTestsAttribute" => "exclude",
                _ => null,
            };
        }

        private static EquatableArray<ScaffoldDeclaration> ReadDeclarations(Compilation compilation, CancellationToken cancellationToken)
        {
            var declarations = new List<ScaffoldDeclaration>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (tree.GetRoot(cancellationToken) is not CompilationUnitSyntax { AttributeLists.Count: > 0 } unit)
                {
                    continue;
                }

                SemanticModel? semanticModel = null;
                foreach (var list in unit.AttributeLists)
                {
                    if (list.Target?.Identifier.ValueText != "assembly")
                    {
                        continue;
                    }

                    foreach (var attribute in list.Attributes)
                    {
                        if (DeclarationKind(attribute) is not null
                            && Safe(() => ReadDeclaration(attribute, semanticModel ??= compilation.GetSemanticModel(tree), cancellationToken), null) is { } declaration)
                        {
                            declarations.Add(declaration);
                        }
                    }
                }
            }

            return declarations.ToEquatable();
        }

        private static ScaffoldDeclaration? ReadDeclaration(AttributeSyntax attribute, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var arguments = attribute.ArgumentList?.Arguments ?? default;
            string? pipeline = null;
            string? metric = null;
            string? minimum = null;
            string? maximum = null;
            var position = 0;
            foreach (var argument in arguments)
            {
                var value = semanticModel.GetConstantValue(argument.Expression, cancellationToken);
                if (argument.NameEquals is { } property)
                {
                    switch (property.Name.Identifier.ValueText)
                    {
                        case "Minimum":
                            minimum = NumberLiteral(value);
                            break;
                        case "Maximum":
                            maximum = NumberLiteral(value);
                            break;
                    }

                    continue;
                }

                // Constructor arguments, by position or by name (pipeline: "...", metric: "...").
                var name = argument.NameColon?.Name.Identifier.ValueText ?? (position++ == 0 ? "pipeline" : "metric");
                var text = value is { HasValue: true, Value: string s } ? s : null;
                if (name == "pipeline")
                {
                    pipeline = text;
                }
                else if (name == "metric")
                {
                    metric = text;
                }
            }

            if (pipeline is null)
            {
                return null;
            }

            if (DeclarationKind(attribute) == "exclude")
            {
                return new ScaffoldDeclaration(pipeline, null);
            }

            return metric is null
                ? null
                : new ScaffoldDeclaration(pipeline, new GateModel(pipeline, metric, minimum, maximum, "[assembly: " + attribute + "]"));
        }

        /// <summary>A gate bound as a C# double expression: <c>0.8</c>, <c>1</c>, <c>double.PositiveInfinity</c>; null when not a number.</summary>
        private static string? NumberLiteral(Optional<object?> constant)
        {
            if (!constant.HasValue)
            {
                return null;
            }

            double number;
            switch (constant.Value)
            {
                case double d:
                    number = d;
                    break;
                case float f:
                    number = f;
                    break;
                case char c:
                    number = c;
                    break;
                case decimal m:
                    number = (double)m;
                    break;
                case sbyte or byte or short or ushort or int or uint or long or ulong:
                    number = Convert.ToDouble(constant.Value, CultureInfo.InvariantCulture);
                    break;
                default:
                    return null;
            }

            if (double.IsNaN(number))
            {
                return "double.NaN";
            }

            if (double.IsInfinity(number))
            {
                return number > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
            }

            return number.ToString("R", CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// The manifests to generate tests for: the files of referenced assemblies (assemblies built against ML.NET), then
        /// the manifests embedded in referenced assemblies (MLOpsManifestEmbedded=true) that have no file.
        /// </summary>
        private static IEnumerable<EmbeddedManifest> Manifests(ScaffoldInput input, EquatableArray<EmbeddedManifest> files)
        {
            var referenced = new HashSet<string>(input.MLNetAssemblies, StringComparer.Ordinal);
            var result = new List<EmbeddedManifest>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                if (referenced.Contains(file.AssemblyName) && seen.Add(file.AssemblyName))
                {
                    result.Add(file);
                }
            }

            foreach (var embedded in input.Manifests)
            {
                if (seen.Add(embedded.AssemblyName))
                {
                    result.Add(embedded);
                }
            }

            result.Sort((a, b) => StringComparer.Ordinal.Compare(a.AssemblyName, b.AssemblyName));
            return result;
        }

        /// <summary>An AdditionalFiles item with the metadata MLOpsManifest=true (the package's targets), or named *.mlops.json.</summary>
        private static bool IsManifestFile(AdditionalText file, Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider options) =>
            file.Path.EndsWith(ManifestFileSuffix, StringComparison.OrdinalIgnoreCase)
            || (options.GetOptions(file).TryGetValue("build_metadata.AdditionalFiles.MLOpsManifest", out var marked)
                && string.Equals(marked?.Trim(), "true", StringComparison.OrdinalIgnoreCase));

        /// <summary>A manifest file: its JSON and the assembly it describes (compilation.assemblyName); null when not a manifest.</summary>
        private static EmbeddedManifest? ReadManifestFile(AdditionalText file, CancellationToken cancellationToken)
        {
            var text = file.GetText(cancellationToken)?.ToString();
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            JsonValue root;
            try
            {
                root = JsonReader.Parse(text!);
            }
            catch (FormatException)
            {
                return null;
            }

            var assemblyName = root["compilation"]["assemblyName"].String;
            return string.IsNullOrEmpty(assemblyName) ? null : new EmbeddedManifest(assemblyName!, text!);
        }

        private static ScaffoldInput ReadInput(Compilation compilation, CancellationToken cancellationToken)
        {
            var hasXunit = compilation.GetTypeByMetadataName("Xunit.FactAttribute") is not null;
            var hasMLNet = compilation.GetTypeByMetadataName("Microsoft.ML.MLContext") is not null;
            var manifests = new List<EmbeddedManifest>();
            var mlnetAssemblies = new List<string>();
            if (hasXunit && hasMLNet)
            {
                foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!ReferencesMLNet(assembly))
                    {
                        continue;
                    }

                    mlnetAssemblies.Add(assembly.Identity.Name);

                    foreach (var attribute in assembly.GetAttributes())
                    {
                        if (attribute.AttributeClass?.ToDisplayString() == "System.Reflection.AssemblyMetadataAttribute"
                            && attribute.ConstructorArguments.Length == 2
                            && attribute.ConstructorArguments[0].Value as string == PipelineManifestGenerator.MetadataKey
                            && attribute.ConstructorArguments[1].Value is string json)
                        {
                            manifests.Add(new EmbeddedManifest(assembly.Identity.Name, json));
                        }
                    }
                }
            }

            manifests.Sort((a, b) => StringComparer.Ordinal.Compare(a.AssemblyName, b.AssemblyName));
            var userTypes = new List<string>();
            if (mlnetAssemblies.Count > 0)
            {
                foreach (var name in new[] { TestSourceWriter.Namespace, TestSourceWriter.AttributeNamespace })
                {
                    INamespaceSymbol? ns = compilation.Assembly.GlobalNamespace;
                    foreach (var part in name.Split('.'))
                    {
                        ns = ns?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part);
                    }

                    foreach (var type in ns?.GetTypeMembers() ?? ImmutableArray<INamedTypeSymbol>.Empty)
                    {
                        if (type.Arity == 0)
                        {
                            userTypes.Add(name + "." + type.Name + (IsPartialClass(type) ? "|partial" : string.Empty));
                        }
                    }
                }
            }

            userTypes.Sort(StringComparer.Ordinal);
            mlnetAssemblies.Sort(StringComparer.Ordinal);
            var namespacesFree = GeneratedNamespaces.CanDeclare(compilation.Assembly, TestSourceWriter.Namespace)
                && GeneratedNamespaces.CanDeclare(compilation.Assembly, TestSourceWriter.AttributeNamespace);
            return new ScaffoldInput(hasXunit, hasMLNet, manifests.ToEquatable(), userTypes.ToEquatable(), mlnetAssemblies.ToEquatable(), namespacesFree);
        }

        private static bool UserDeclares(EquatableArray<string> userTypes, string name) =>
            userTypes.Contains(name) || userTypes.Contains(name + "|partial");

        private static bool IsPartialClass(INamedTypeSymbol type) =>
            type.TypeKind == TypeKind.Class
            && type.DeclaringSyntaxReferences.Length > 0
            && type.DeclaringSyntaxReferences.All(r => r.GetSyntax() is ClassDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

        /// <summary>Only assemblies compiled against ML.NET can carry a manifest: the others' attributes are not read.</summary>
        private static bool ReferencesMLNet(IAssemblySymbol assembly)
        {
            foreach (var module in assembly.Modules)
            {
                foreach (var referenced in module.ReferencedAssemblies)
                {
                    if (referenced.Name.StartsWith("Microsoft.ML", StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>A gate (<see cref="Gate"/> set) or an exclusion (null) declared in the test project.</summary>
    internal sealed record ScaffoldDeclaration(string Pipeline, GateModel? Gate);
}
