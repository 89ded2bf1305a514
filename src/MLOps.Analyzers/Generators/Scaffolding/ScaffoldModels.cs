namespace MLOps.Analyzers.Generators.Scaffolding
{
    // Equatable models of the test-scaffolding generator: strings and numbers only.

    /// <summary>A pipeline manifest embedded in a referenced assembly ([assembly: AssemblyMetadata("MLOps.Manifest", json)]).</summary>
    internal sealed record EmbeddedManifest(string AssemblyName, string Json);

    /// <summary>What the test compilation offers: xunit, ML.NET, and the manifests of the assemblies it references.</summary>
    internal sealed record ScaffoldInput(bool HasXunit, bool HasMLNet, EquatableArray<EmbeddedManifest> Manifests, EquatableArray<string> MLNetAssemblies);

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
        int SourceLine);

    /// <summary>Everything one generated test class depends on.</summary>
    internal sealed record ScaffoldRequest(
        ScaffoldPipeline Pipeline,
        string ClassName,
        EquatableArray<GateModel> Gates,
        bool NullableDirective);

    internal sealed record GeneratedFile(string HintName, string Text);
}
