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
    /// In a test project that references xunit, ML.NET and an assembly carrying an embedded pipeline manifest, generates
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
            public const string Declarations = "MLOps.Tests.Declarations";
            public const string Requests = "MLOps.Tests.Requests";
            public const string Files = "MLOps.Tests.Files";
        }

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

            var pipelines = input
                .Select(static (value, _) => value.HasXunit && value.HasMLNet
                    ? value.Manifests.SelectMany(ManifestReader.Read).ToEquatable()
                    : EquatableArray<ScaffoldPipeline>.Empty)
                .WithTrackingName(TrackingNames.Pipelines);

            // [assembly: QualityGate(...)] and [assembly: ExcludeFromGeneratedTests(...)], read from syntax: the attribute
            // types are generated here, so they do not exist in the compilation the generator sees.
            var declarations = context.SyntaxProvider
                .CreateSyntaxProvider(
                    static (node, _) => node is AttributeSyntax { Parent: AttributeListSyntax { Target.Identifier.ValueText: "assembly" } } attribute && DeclarationKind(attribute) is not null,
                    static (syntax, cancellationToken) => ReadDeclaration((AttributeSyntax)syntax.Node, syntax.SemanticModel, cancellationToken))
                .Where(static declaration => declaration is not null)
                .Select(static (declaration, _) => declaration!)
                .Collect()
                .Select(static (items, _) => items.ToEquatable())
                .WithTrackingName(TrackingNames.Declarations);

            var plan = pipelines.Combine(declarations).Combine(settings).Combine(input.Select(static (value, _) => value.HasXunit && value.HasMLNet));

            var requests = plan
                .SelectMany(static (value, _) => Plan(value.Left.Left.Left, value.Left.Left.Right, value.Left.Right, value.Right).Requests)
                .WithTrackingName(TrackingNames.Requests);

            context.RegisterSourceOutput(requests, static (output, request) =>
                output.AddSource(request.ClassName + ".g.cs", SourceText.From(TestSourceWriter.TestClass(request), Encoding.UTF8)));

            var files = plan
                .Select(static (value, _) => Plan(value.Left.Left.Left, value.Left.Left.Right, value.Left.Right, value.Right).Files)
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

        private static Planned Plan(EquatableArray<ScaffoldPipeline> pipelines, EquatableArray<ScaffoldDeclaration> declarations, ScaffoldSettings settings, bool applicable)
        {
            if (!settings.Enabled || !applicable)
            {
                return new Planned(ImmutableArray<ScaffoldRequest>.Empty, EquatableArray<GeneratedFile>.Empty);
            }

            var excluded = new HashSet<string>(declarations.Where(d => d.Gate is null).Select(d => d.Pipeline), StringComparer.Ordinal);
            var requests = ImmutableArray.CreateBuilder<ScaffoldRequest>();
            var notTestable = new List<ScaffoldPipeline>();
            var excludedNames = new List<string>();
            var classNames = new HashSet<string>(StringComparer.Ordinal);
            var testedFactories = new HashSet<string>(StringComparer.Ordinal);
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

                if (!testedFactories.Add(pipeline.FactoryType + "." + pipeline.FactoryMethod))
                {
                    continue; // one chain returned by one factory: one test class
                }

                var typeName = pipeline.FactoryType.Substring(pipeline.FactoryType.LastIndexOf('.') + 1);
                var baseName = TestSourceWriter.Identifier(typeName + "_" + pipeline.FactoryMethod + "_Tests");
                var className = baseName;
                for (var n = 2; !classNames.Add(className); n++)
                {
                    className = baseName + n.ToString(CultureInfo.InvariantCulture);
                }

                var gates = declarations
                    .Where(d => d.Gate is not null && (d.Pipeline == pipeline.Name || d.Pipeline == pipeline.Id))
                    .Select(d => d.Gate!)
                    .ToEquatable();
                requests.Add(new ScaffoldRequest(pipeline, className, gates, settings.NullableDirective));
            }

            var files = new List<GeneratedFile>
            {
                new GeneratedFile("MLOps.Testing.Attributes.g.cs", TestSourceWriter.Attributes(settings.NullableDirective)),
            };
            if (requests.Count > 0)
            {
                files.Add(new GeneratedFile(TestSourceWriter.SupportClass + ".g.cs", TestSourceWriter.Support(settings.NullableDirective)));
            }

            // Gates naming no pipeline fail loudly instead of being ignored.
            var known = new HashSet<string>(pipelines.SelectMany(p => new[] { p.Name, p.Id }), StringComparer.Ordinal);
            var orphans = declarations.Where(d => d.Gate is not null && !known.Contains(d.Pipeline)).Select(d => d.Gate!).ToList();
            if (orphans.Count > 0)
            {
                files.Add(new GeneratedFile("MLOps.Testing.UnknownGates.g.cs", UnknownGates(orphans, pipelines, settings.NullableDirective)));
            }

            if (notTestable.Count > 0 || excludedNames.Count > 0)
            {
                files.Add(new GeneratedFile("MLOps.Testing.NotTestable.g.cs", TestSourceWriter.NotTestable(notTestable, excludedNames)));
            }

            return new Planned(requests.ToImmutable(), files.ToEquatable());
        }

        private static string UnknownGates(List<GateModel> gates, EquatableArray<ScaffoldPipeline> pipelines, bool nullableDirective)
        {
            var names = string.Join(", ", pipelines.Select(p => p.Name).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal));
            var b = new StringBuilder("// <auto-generated/>\n");
            if (nullableDirective)
            {
                b.Append("#nullable disable\n");
            }

            b.Append("namespace ").Append(TestSourceWriter.Namespace).Append("\n{\n");
            b.Append("    public class QualityGatesWithoutPipeline\n    {\n");
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

        private static ScaffoldDeclaration? ReadDeclaration(AttributeSyntax attribute, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var arguments = attribute.ArgumentList?.Arguments ?? default;
            var positional = arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
            string? Constant(ExpressionSyntax expression) =>
                semanticModel.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: string text } ? text : null;
            string? Number(ExpressionSyntax expression) =>
                semanticModel.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: { } value } && value is not string and not bool
                    ? Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)
                    : null;

            if (positional.Count == 0 || Constant(positional[0].Expression) is not { } pipeline)
            {
                return null;
            }

            if (DeclarationKind(attribute) == "exclude")
            {
                return new ScaffoldDeclaration(pipeline, null);
            }

            if (positional.Count < 2 || Constant(positional[1].Expression) is not { } metric)
            {
                return null;
            }

            string? minimum = null;
            string? maximum = null;
            foreach (var named in arguments.Where(a => a.NameEquals is not null))
            {
                var value = Number(named.Expression);
                switch (named.NameEquals!.Name.Identifier.ValueText)
                {
                    case "Minimum":
                        minimum = value;
                        break;
                    case "Maximum":
                        maximum = value;
                        break;
                }
            }

            var text = attribute.ToString();
            return new ScaffoldDeclaration(pipeline, new GateModel(pipeline, metric, minimum, maximum, "[assembly: " + text + "]"));
        }

        private static ScaffoldInput ReadInput(Compilation compilation, CancellationToken cancellationToken)
        {
            var hasXunit = compilation.GetTypeByMetadataName("Xunit.FactAttribute") is not null;
            var hasMLNet = compilation.GetTypeByMetadataName("Microsoft.ML.MLContext") is not null;
            var manifests = new List<EmbeddedManifest>();
            if (hasXunit && hasMLNet)
            {
                foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!ReferencesMLNet(assembly))
                    {
                        continue;
                    }

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
            return new ScaffoldInput(hasXunit, hasMLNet, manifests.ToEquatable());
        }

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
