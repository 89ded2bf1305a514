namespace MLOps.Analyzers
{
    /// <summary>Every diagnostic ID the package reports. IDs are stable once shipped.</summary>
    public static class RuleIdentifiers
    {
        public const string UnseededMLContext = "MLO1001";
        public const string NonDeterministicTrainer = "MLO1002";
        public const string UnseededRowShuffle = "MLO1003";
        public const string ClockOrGuidSeed = "MLO1004";
        public const string UnseededSystemRandom = "MLO1005";

        public const string MachineSpecificDataPath = "MLO2001";
        public const string UnversionedDataFile = "MLO2002";
        public const string LabelUsedAsFeature = "MLO2003";
        public const string LabelAwareTransformFittedBeforeSplit = "MLO2004";
        public const string RankingSplitWithoutGroup = "MLO2005";
        public const string TextLoaderOptionsContradictFile = "MLO2006";
        public const string UnknownColumn = "MLO2007";
        public const string PreprocessingFittedBeforeSplit = "MLO2008";

        public const string TrainedButNeverEvaluated = "MLO3001";
        public const string EvaluatedOnTrainingData = "MLO3002";
        public const string EvaluationResultDiscarded = "MLO3003";
        public const string OnlyThresholdDependentMetrics = "MLO3004";

        public const string PredictionEngineSharedAcrossThreads = "MLO4001";
        public const string CreatedPerItem = "MLO4002";
        public const string ModelSavedWithoutSchema = "MLO4003";
        public const string LoadedSchemaDiscarded = "MLO4004";
        public const string CustomMappingWithoutContractName = "MLO4005";
        public const string ModelOverwrittenInPlace = "MLO4006";

        public const string CacheCheckpointMissing = "MLO5001";
        public const string NormalizationMissing = "MLO5002";
        public const string PreviewOutsideTests = "MLO5003";
        public const string HardCodedThreshold = "MLO5004";

        public static string GetHelpUri(string id) =>
            "https://github.com/mlops-analyzers/MLOps.Analyzers/blob/main/docs/rules/" + id + ".md";
    }

    /// <summary>Diagnostic categories, one per ID range.</summary>
    internal static class RuleCategories
    {
        public const string Reproducibility = "Reproducibility";
        public const string Data = "Data";
        public const string Evaluation = "Evaluation";
        public const string Serving = "Serving";
        public const string Performance = "Performance";
    }
}
