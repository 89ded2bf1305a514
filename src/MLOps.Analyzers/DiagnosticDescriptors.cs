using Microsoft.CodeAnalysis;

namespace MLOps.Analyzers
{
    /// <summary>The descriptors of every rule, in one place, each with its help link.</summary>
    internal static class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor UnseededMLContext = Create(
            RuleIdentifiers.UnseededMLContext,
            "MLContext created without a seed",
            "This MLContext is used for training but has no seed: shuffles, splits and trainers draw from a different random stream on every run",
            "An MLContext without a seed (or with seed: null) seeds its random number generator from the environment, so training is not reproducible. Pass a fixed seed, e.g. new MLContext(seed: 42). Contexts that only load and score a model are not flagged.",
            RuleCategories.Reproducibility,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor NonDeterministicTrainer = Create(
            RuleIdentifiers.NonDeterministicTrainer,
            "Seeded context, yet the trainer is not deterministic",
            "'{0}' is multi-threaded and its results are not deterministic even with a seeded MLContext; set {1}",
            "SDCA, SGD, KMeans and SymbolicSGD use lock-free parallelism whose documentation says 'determinism not guaranteed'; LightGBM is not deterministic unless Deterministic = true or one thread is used. A fixed seed alone does not make their training reproducible.",
            RuleCategories.Reproducibility,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor UnseededRowShuffle = Create(
            RuleIdentifiers.UnseededRowShuffle,
            "Row shuffling or bootstrap sampling without a seed",
            "'{0}' has no seed and the MLContext that reaches it is not provably seeded: the sampled rows change from run to run",
            "ShuffleRows and BootstrapSample draw from the MLContext's random stream when no seed is given. Unless that context is visibly seeded, pass seed: explicitly. TrainTestSplit and CrossValidate fall back to a fixed seed and are not flagged.",
            RuleCategories.Reproducibility,
            DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor ClockOrGuidSeed = Create(
            RuleIdentifiers.ClockOrGuidSeed,
            "Seed taken from the clock or a GUID",
            "This seed comes from {0}, so it differs on every run: use a constant",
            "A seed computed from the clock, a GUID or an unseeded System.Random defeats the purpose of seeding: no run can be repeated. Use a constant seed and record it.",
            RuleCategories.Reproducibility,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor UnseededSystemRandom = Create(
            RuleIdentifiers.UnseededSystemRandom,
            "Unseeded System.Random next to ML.NET data preparation",
            "This System.Random has no seed and is used in a method that prepares ML.NET data: any rows or values it produces change from run to run",
            "Data sampled, shuffled or generated with an unseeded System.Random makes the training data, and so the model, differ between runs. Pass a seed to new Random(seed).",
            RuleCategories.Reproducibility,
            DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor PredictionEngineSharedAcrossThreads = Create(
            RuleIdentifiers.PredictionEngineSharedAcrossThreads,
            "PredictionEngine shared across threads",
            "This PredictionEngine {0}, so several threads can use it at once; PredictionEngine is not thread-safe: use PredictionEnginePool or one engine per thread",
            "ML.NET documents PredictionEngine as not thread-safe. An engine in a static field or property, a singleton service, a field of convention-based middleware, or captured by Parallel.For/ForEach, PLINQ, tasks or threads started in a loop, periodic timers or minimal-API handlers is used by several threads at once and returns wrong predictions or throws. Use PredictionEnginePool (Microsoft.Extensions.ML), one engine per thread, or ITransformer.Transform on batches.",
            RuleCategories.Serving,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor CreatedPerItem = Create(
            RuleIdentifiers.CreatedPerItem,
            "Prediction engine or model created per item",
            "'{0}' is called on every iteration but does not depend on the iteration: create it once, before the loop",
            "Creating a PredictionEngine or loading a model is expensive (schema binding, buffers, file I/O). Doing it inside a loop body or a per-row lambda multiplies the cost by the number of rows. Create it once and reuse it.",
            RuleCategories.Serving,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor ModelSavedWithoutSchema = Create(
            RuleIdentifiers.ModelSavedWithoutSchema,
            "Model saved without its input schema",
            "The model is saved with a null input schema: code that loads it gets no schema to check its input against; pass the training data's Schema",
            "Model.Save(model, null, path) drops the input schema. Model.Load then returns a null schema, and serving code cannot check that its input matches what the model was trained on.",
            RuleCategories.Serving,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor LoadedSchemaDiscarded = Create(
            RuleIdentifiers.LoadedSchemaDiscarded,
            "Loaded model's input schema discarded",
            "The loaded model's input schema is discarded, then the model serves predictions: keep it to check the input",
            "Model.Load(path, out _) throws away the schema the model was trained on. Serving code that builds a prediction engine from the model can no longer check its input type against it.",
            RuleCategories.Serving,
            DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor CustomMappingWithoutContractName = Create(
            RuleIdentifiers.CustomMappingWithoutContractName,
            "CustomMapping without a contract name in a saved model",
            "This CustomMapping has no contract name and the model is saved: it cannot be loaded again; pass contractName and register a CustomMappingFactory",
            "ML.NET can save a CustomMapping transform only by its contract name, and load it only through a CustomMappingFactory registered with that name. Without one, Model.Save throws or the saved model cannot be loaded.",
            RuleCategories.Serving,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor ModelOverwrittenInPlace = Create(
            RuleIdentifiers.ModelOverwrittenInPlace,
            "Model overwritten in place",
            "The model is saved to the fixed path \"{0}\" on every run: each run overwrites the last, so there is nothing to roll back to",
            "A model saved to the same literal path on every training run replaces the previous model. Put a version (date, run id, git hash) in the path or register the model in a model registry.",
            RuleCategories.Serving,
            DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor CacheCheckpointMissing = Create(
            RuleIdentifiers.CacheCheckpointMissing,
            "Cache checkpoint missing",
            "'{0}' makes several passes over its input and needs it cached: add AppendCacheCheckpoint before it or cache its input with ml.Data.Cache",
            "Trainers documented as requiring caching (KMeans, OneVersusAll, PairwiseCoupling) re-run every upstream transform on each pass over the data unless the chain caches it.",
            RuleCategories.Performance,
            DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor NormalizationMissing = Create(
            RuleIdentifiers.NormalizationMissing,
            "Scaling-sensitive trainer without normalization",
            "'{0}' is sensitive to the scale of its features and nothing in the pipeline normalizes them",
            "Linear, kernel and distance-based trainers (SDCA, L-BFGS, averaged perceptron, linear SVM, online gradient descent, LD-SVM, KMeans, PCA) converge slowly or to worse models on unnormalized features. ML.NET's trainer documentation says normalization is required for them.",
            RuleCategories.Performance,
            DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor PreviewOutsideTests = Create(
            RuleIdentifiers.PreviewOutsideTests,
            "Preview() outside tests",
            "Preview() is meant for debugging and should not run in production code: it reads the data through the pipeline (and, on an estimator, fits it)",
            "ML.NET documents Preview as 'should only be used for debugging and not in production code'. On an estimator it fits the whole pipeline on a sample of the data.",
            RuleCategories.Performance,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor HardCodedThreshold = Create(
            RuleIdentifiers.HardCodedThreshold,
            "Hard-coded decision threshold",
            "The decision threshold {0} is hard-coded: derive it from evaluation data or configuration",
            "A literal threshold baked into code does not move when the model is retrained or the data drifts. Choose it from evaluation metrics (e.g. a precision/recall target) and keep it with the model or in configuration.",
            RuleCategories.Performance,
            DiagnosticSeverity.Info);

        private static DiagnosticDescriptor Create(
            string id, string title, string messageFormat, string description, string category, DiagnosticSeverity severity) =>
            new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                category,
                severity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: RuleIdentifiers.GetHelpUri(id));
    }
}
