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

        public static readonly DiagnosticDescriptor MachineSpecificDataPath = Create(
            RuleIdentifiers.MachineSpecificDataPath,
            "Machine-specific data path",
            "The path \"{0}\" only exists on one machine: use a path relative to the project or the output directory, or configuration",
            "A literal absolute path (C:\\, /home/, /Users/, \\\\server\\, ~) passed to an ML.NET loader or to Model.Save/Load works on the machine that wrote it and nowhere else: CI, colleagues and production cannot reproduce the run.",
            RuleCategories.Data,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor UnversionedDataFile = Create(
            RuleIdentifiers.UnversionedDataFile,
            "Data file not versioned",
            "The data file \"{0}\" is not pinned to a version: add it to DVC (a .dvc file or a dvc.lock entry) or put a version in its path",
            "Training data that can change without a trace makes a model impossible to reproduce. A path covered by a DVC pin (a <file>.dvc beside it or an out/dep of dvc.lock, read as AdditionalFiles) or carrying a version segment is pinned.",
            RuleCategories.Data,
            DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor LabelUsedAsFeature = Create(
            RuleIdentifiers.LabelUsedAsFeature,
            "Label column used as a feature",
            "The label column '{0}' is one of the features: the model sees the answer during training",
            "When the label is concatenated into the feature vector the trainer learns to copy it: metrics look perfect and the model is useless on data without the label.",
            RuleCategories.Data,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor LabelAwareTransformFittedBeforeSplit = Create(
            RuleIdentifiers.LabelAwareTransformFittedBeforeSplit,
            "Label-aware transform fitted before the split",
            "'{0}' learns from the label and is fitted on data that is split afterwards: the test set leaks into training; fit it inside the pipeline on the training split",
            "Transforms that use the label (supervised binning, mutual-information feature selection, target encoding) fitted before TrainTestSplit/CrossValidate carry information from the test rows into the features, and the evaluation overstates the model.",
            RuleCategories.Data,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor RankingSplitWithoutGroup = Create(
            RuleIdentifiers.RankingSplitWithoutGroup,
            "Ranking data split without its group column",
            "Ranking data is split without samplingKeyColumnName: rows of one query can land on both sides; pass the group column '{0}'",
            "ML.NET documents samplingKeyColumnName as required for ranking 'to ensure no label leakage': without it the rows of one group (query) are spread over the train and test sets.",
            RuleCategories.Data,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor TextLoaderOptionsContradictFile = Create(
            RuleIdentifiers.TextLoaderOptionsContradictFile,
            "Text loader options contradict the file",
            "{0}",
            "A .csv file loaded with the default tab separator, or a header row left unspecified while the data class's [LoadColumn] indexes imply one, silently loads zeros or shifted columns.",
            RuleCategories.Data,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor UnknownColumn = Create(
            RuleIdentifiers.UnknownColumn,
            "Unknown column name",
            "No column '{0}' exists at this step: it is neither in '{1}' nor produced by an earlier step{2}",
            "A column name given to a transform or trainer that the data class does not declare and no earlier step produces fails only at run time, often deep into training.",
            RuleCategories.Data,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor PreprocessingFittedBeforeSplit = Create(
            RuleIdentifiers.PreprocessingFittedBeforeSplit,
            "Preprocessing fitted before the split",
            "'{0}' is fitted on data that is split afterwards: statistics of the test rows leak into training; fit it inside the pipeline on the training split",
            "Unsupervised transforms (normalizers, PCA, dictionaries) fitted before the split learn statistics that include the test rows. The measured effect is usually small, hence Info; fitting the transform inside the training pipeline removes it.",
            RuleCategories.Data,
            DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor TrainedButNeverEvaluated = Create(
            RuleIdentifiers.TrainedButNeverEvaluated,
            "Model trained but never evaluated",
            "This model is trained and {0}, but it is never evaluated: call Evaluate or CrossValidate on held-out data before it is used",
            "A model that is saved or served without any Evaluate, CrossValidate or PermutationFeatureImportance call has no measured quality: nothing stops a broken model from shipping (ML Test Score, Infra 4).",
            RuleCategories.Evaluation,
            DiagnosticSeverity.Info,
            WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor EvaluatedOnTrainingData = Create(
            RuleIdentifiers.EvaluatedOnTrainingData,
            "Evaluated on the training data",
            "The model is evaluated on '{0}', the data it was trained on: the metrics measure memorization, not quality; evaluate on held-out data",
            "Metrics computed on the training data overstate the model's quality, often by a wide margin for trees and high-capacity models.",
            RuleCategories.Evaluation,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor EvaluationResultDiscarded = Create(
            RuleIdentifiers.EvaluationResultDiscarded,
            "Evaluation result discarded",
            "The result of '{0}' is never read: the evaluation runs but nothing checks it",
            "An Evaluate or CrossValidate whose result is dropped or stored in a local that is never read costs a pass over the data and protects nothing.",
            RuleCategories.Evaluation,
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor OnlyThresholdDependentMetrics = Create(
            RuleIdentifiers.OnlyThresholdDependentMetrics,
            "Only threshold-dependent metrics read",
            "Only threshold-dependent metrics are read ({0}): also check AreaUnderRocCurve or AreaUnderPrecisionRecallCurve",
            "Accuracy and F1 depend on one decision threshold and hide class imbalance; the areas under the ROC and precision-recall curves judge the ranking the model produces.",
            RuleCategories.Evaluation,
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
            string id, string title, string messageFormat, string description, string category, DiagnosticSeverity severity, params string[] customTags) =>
            new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                category,
                severity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: RuleIdentifiers.GetHelpUri(id),
                customTags: customTags);
    }
}
