namespace MLOps.Analyzers.Generators
{
    // The equatable model of the pipeline manifest. Every step of the generator pipeline holds only these records,
    // strings, numbers and EquatableArrays: never a symbol, syntax node, operation, compilation or location, so that
    // an unchanged pipeline compares equal from one compilation to the next and its outputs stay cached.
    // Constant values are kept as JSON text (ValueJson: "20", "0.2", "\"Label\"", "true", "[\"a\",\"b\"]").

    /// <summary>A place in source. <see cref="FilePath"/> is the compiler's path; the writer makes it project-relative.</summary>
    internal sealed record SourceModel(string FilePath, int Line, int Column, string Symbol);

    /// <summary>An argument of a step (or of a split or loader) and where its value comes from.</summary>
    /// <param name="Provenance">literal | const | default | nonConstant</param>
    internal sealed record ArgumentModel(string Name, string? ValueJson, string Provenance);

    /// <summary>How a randomised step is seeded and threaded.</summary>
    /// <param name="SeedProvenance">explicit | mlContext | fixedInternal | unseeded | notApplicable (threads only) | unknown (not in the facts table)</param>
    /// <param name="Threads">single | multi | unknown | notApplicable</param>
    /// <param name="Deterministic">true | false | unknown</param>
    internal sealed record RandomnessModel(string? SeedJson, string SeedProvenance, string Threads, string Deterministic);

    /// <param name="Role">transform | trainer | cacheCheckpoint | custom | opaque</param>
    internal sealed record StepModel(
        int Index,
        string Role,
        string CatalogPath,
        string? EstimatorType,
        EquatableArray<ArgumentModel> Arguments,
        EquatableArray<string>? InputColumns,
        EquatableArray<string>? OutputColumns,
        RandomnessModel? Randomness);

    /// <param name="SeedKind">constant | null | nonConstant | unknown</param>
    internal sealed record ContextModel(string? SeedJson, string SeedKind);

    /// <param name="Provenance">relative | baseDirectory | absolute | partial | nonConstant | none | stream | parameter | field | unknown</param>
    internal sealed record PathModel(string? Value, string Provenance);

    internal sealed record SplitModel(string Method, EquatableArray<ArgumentModel> Arguments);

    /// <param name="Role">train | test | validation | unknown</param>
    internal sealed record DataModel(
        string Role,
        string? Loader,
        string? RowType,
        bool? RowTypePublic,
        PathModel Path,
        EquatableArray<ArgumentModel> LoaderOptions,
        EquatableArray<string> RowOperations,
        SplitModel? Split);

    internal sealed record EvaluationModel(
        string Method,
        string MetricsType,
        string? LabelColumnName,
        string DataRole,
        EquatableArray<string> MetricsRead,
        SourceModel Source);

    /// <param name="WithInputSchema">true | false | loader (an ONNX export is true: its graph declares its inputs from the data passed)</param>
    /// <param name="Format">mlnet (<c>Model.Save</c>: an ML.NET zip) | onnx (<c>ConvertToOnnx</c>)</param>
    internal sealed record SaveModel(string WithInputSchema, PathModel Path, SourceModel Source, string Format);

    internal sealed record LoadModel(bool DiscardsInputSchema, PathModel Path, SourceModel Source);

    /// <summary>The method that builds the pipeline and returns it, when there is one (Model Builder's <c>BuildPipeline(MLContext)</c>).</summary>
    /// <param name="ContainingType">The type a call names: the declaring type, or for a C# 14 extension member the static class of its extension block.</param>
    /// <param name="Parameters">The parameter types in order (<c>ref </c>, <c>params </c> prefixes): which overload.</param>
    /// <param name="Callable">The call generated tests write, <c>global::ContainingType.Method(ml)</c>, compiles and calls this overload.</param>
    internal sealed record FactoryModel(string ContainingType, string Method, EquatableArray<string> Parameters, bool Callable, string? NotCallableReason);

    internal sealed record ContractColumnModel(
        string Member,
        string Name,
        string ClrType,
        string? LoadColumnJson,
        int? VectorSize,
        int? KeyCount);

    internal sealed record DataContractModel(string Type, EquatableArray<ContractColumnModel> Columns, SourceModel? Source);

    internal sealed record PipelineModel(
        string Id,
        string Name,
        string Task,
        SourceModel Source,
        ContextModel Context,
        bool ChainFullyKnown,
        EquatableArray<StepModel> Steps,
        EquatableArray<DataModel> Data,
        EquatableArray<EvaluationModel> Evaluations,
        EquatableArray<SaveModel> Saves,
        EquatableArray<LoadModel> Loads,
        FactoryModel? Factory,
        string Deterministic,
        EquatableArray<string> Reasons,
        EquatableArray<DataContractModel> DataContracts);

    internal sealed record ReferenceModel(string Name, string? InformationalVersion);

    /// <param name="DeclaresManifestClass">The project declares MLOps.Analyzers.Generated.PipelineManifest itself, or a type named like its namespace (<c>class MLOps</c>): the generated one would collide.</param>
    internal sealed record CompilationModel(string AssemblyName, bool HasMLNet, EquatableArray<ReferenceModel> References, bool DeclaresManifestClass = false);

    /// <summary>The build settings the generator reads (MSBuild properties made visible to the compiler).</summary>
    internal sealed record GeneratorOptionsModel(bool Enabled, string? ProjectDirectory);
}
