namespace MLOps.Analyzers.Generators.Scaffolding
{
    // Equatable models of the test-scaffolding generator: strings and numbers only.

    /// <summary>A pipeline manifest embedded in a referenced assembly ([assembly: AssemblyMetadata("MLOps.Manifest", json)]).</summary>
    internal sealed record EmbeddedManifest(string AssemblyName, string Json);

    /// <summary>What the test compilation offers: xunit, ML.NET, and the manifests of the assemblies it references.</summary>
    /// <param name="UserTypes">
    /// The test project's own types in the namespaces generated code declares (<c>MLOps.Generated.Tests.Name</c>, with
    /// <c>|partial</c> for a partial class a generated class of that name merges with): generated names avoid the others.
    /// </param>
    /// <param name="MLNetAssemblies">The referenced assemblies compiled against ML.NET (only their manifests are read).</param>
    /// <param name="NamespacesFree">
    /// No user type is named like a namespace the generated code declares (<c>class MLOps</c>); otherwise nothing is generated.
    /// </param>
    internal sealed record ScaffoldInput(bool HasXunit, bool HasMLNet, EquatableArray<EmbeddedManifest> Manifests, EquatableArray<string> UserTypes, EquatableArray<string> MLNetAssemblies, bool NamespacesFree = true)
    {
        public bool Applicable => HasXunit && HasMLNet && NamespacesFree;
    }

    /// <param name="Enabled">False with the MSBuild property MLOpsGenerateTests=false.</param>
    /// <param name="NullableDirective">The language version knows <c>#nullable</c> (C# 8+).</param>
    internal sealed record ScaffoldSettings(bool Enabled, bool NullableDirective);

    /// <summary><c>[assembly: QualityGate("pipeline", "Metric", Minimum = 0.8)]</c> in the test project; numbers as C# literals.</summary>
    internal sealed record GateModel(string Pipeline, string Metric, string? Minimum, string? Maximum, string Source);

    /// <summary><c>[assembly: ExcludeFromGeneratedTests("pipeline")]</c>.</summary>
    internal sealed record ExclusionModel(string Pipeline);

    /// <summary>An argument of generated code: its name and the C# expression for its value.</summary>
    internal sealed record CodeArgument(string Name, string Code);

    /// <summary>How the generated tests load the pipeline's training data by default.</summary>
    /// <param name="Unsupported">Why the generated code cannot load it (then tests ask for SupplyTrainingData); null when it can.</param>
    internal sealed record DataLoadModel(string? RowType, string? Path, string PathProvenance, EquatableArray<CodeArgument> Options, string? Unsupported, string Description);

    /// <param name="Note">Why the manifest's split is not used (a value computed at run time), or null.</param>
    internal sealed record SplitModelCode(EquatableArray<CodeArgument> Arguments, bool FromManifest, string? Note);

    internal sealed record ScaffoldPipeline(
        string AssemblyName,
        string Id,
        string Name,
        string Task,
        string? FactoryType,
        string? FactoryMethod,
        bool Callable,
        string? NotCallableReason,
        int Seed,
        string? NotDeterministicReason,
        EquatableArray<string> ExpectedColumns,
        string? LabelColumn,
        DataLoadModel Data,
        SplitModelCode Split,
        string SourceFile,
        int SourceLine,
        EquatableArray<string> FactoryParameters,
        TypeNames Code);

    /// <summary>
    /// How the generated code names the pipeline's types in the test compilation: <c>global::Models.Pipelines</c>, or
    /// <c>Second::Models.Pipelines</c> with <c>extern alias Second;</c> when the project reference has that alias.
    /// </summary>
    /// <param name="Factory">The factory's type, qualified; null until resolved.</param>
    /// <param name="RowType">The training data's row type, qualified; null when the generated code does not name it.</param>
    /// <param name="ExternAliases">The <c>extern alias</c> lines the file needs.</param>
    internal sealed record TypeNames(string? Factory, string? RowType, EquatableArray<string> ExternAliases)
    {
        public static readonly TypeNames Unresolved = new TypeNames(null, null, EquatableArray<string>.Empty);
    }

    /// <summary>Everything one generated test class depends on.</summary>
    internal sealed record ScaffoldRequest(
        ScaffoldPipeline Pipeline,
        string ClassName,
        EquatableArray<GateModel> Gates,
        bool NullableDirective,
        string SupportClass);

    internal sealed record GeneratedFile(string HintName, string Text);
}
