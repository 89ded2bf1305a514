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
