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

        public static string GetHelpUri(string id) =>
            "https://github.com/mlops-analyzers/MLOps.Analyzers/blob/main/docs/rules/" + id + ".md";
    }

    /// <summary>Diagnostic categories, one per ID range.</summary>
    internal static class RuleCategories
    {
        public const string Reproducibility = "Reproducibility";
    }
}
