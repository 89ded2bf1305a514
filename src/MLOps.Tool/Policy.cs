using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MLOps.Tool
{
    public sealed record PolicyRule(string Id, string Key, string Name, string Description, string Help);

    public static class PolicyRules
    {
        public static readonly PolicyRule Deterministic = new("MLP101", "deterministic", "PipelineNotDeterministic",
            "Every pipeline is deterministic by construction (ML Test Score Infra 1).",
            "Seed the MLContext with a constant and set NumberOfThreads = 1 (or Deterministic = true) on multi-threaded trainers; the manifest's reasons say which step is at fault.");

        public static readonly PolicyRule HeldOutEvaluation = new("MLP102", "heldOutEvaluation", "NotEvaluatedOnHeldOutData",
            "Every pipeline is evaluated on held-out data (a test split, separately loaded data, or cross-validation), and none only on its training data (Infra 4).",
            "Split the data (TrainTestSplit) and evaluate the fitted model on the test set.");

        public static readonly PolicyRule SaveWithInputSchema = new("MLP103", "saveWithInputSchema", "SavedWithoutInputSchema",
            "Every saved model is saved with its input schema (Monitor 3).",
            "Pass the training data's schema: ml.Model.Save(model, trainingData.Schema, path).");

        public static readonly PolicyRule ForbiddenFeature = new("MLP104", "forbiddenFeatures", "ForbiddenFeatureColumn",
            "No step of a pipeline reads a forbidden column (Data 4). A chain that is not fully known cannot be proven clean.",
            "Remove the column from the feature chain, or from the policy if it is allowed.");

        public static readonly PolicyRule NoAbsoluteDataPaths = new("MLP105", "noAbsoluteDataPaths", "AbsoluteDataPath",
            "No data or model path is an absolute, machine-specific path.",
            "Use a path relative to the project or to AppContext.BaseDirectory, and version the data (DVC).");

        public static readonly PolicyRule ChainFullyKnown = new("MLP106", "chainFullyKnown", "ChainNotFullyKnown",
            "Every estimator chain is fully visible to the compiler, so the manifest describes all of it.",
            "Build the chain in one method (or a same-file helper with a single return) instead of passing estimators around.");

        public static readonly IReadOnlyList<PolicyRule> All = new[] { Deterministic, HeldOutEvaluation, SaveWithInputSchema, ForbiddenFeature, NoAbsoluteDataPaths, ChainFullyKnown };
    }

    /// <summary>A policy file (docs/policy.schema.json). Unknown keys are an error: a typo must not switch a rule off.</summary>
    public sealed class Policy
    {
        private static readonly string[] LevelValues = { "error", "warning", "note", "off" };

        public IReadOnlyDictionary<string, string> Levels { get; private init; } = new Dictionary<string, string>();
        public IReadOnlyList<string> ForbiddenFeatures { get; private init; } = Array.Empty<string>();
        public string ForbiddenFeaturesLevel { get; private init; } = "off";

        public bool ChecksForbiddenFeatures => ForbiddenFeatures.Count > 0 && ForbiddenFeaturesLevel != "off";

        public string LevelOf(PolicyRule rule) =>
            rule == PolicyRules.ForbiddenFeature ? ForbiddenFeaturesLevel : Levels.TryGetValue(rule.Key, out var l) ? l : "off";

        public static Policy Load(string path) => Parse(Inputs.ReadText(path), Inputs.Display(path));

        public static Policy Parse(string text, string displayPath)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                throw new InputException($"{displayPath}: the policy is not valid JSON ({Manifest.OneLine(e.Message)})");
            }

            if (node is not JsonObject root)
            {
                throw new InputException($"{displayPath}: the policy must be a JSON object");
            }

            var levels = new Dictionary<string, string>(StringComparer.Ordinal);
            var forbidden = new List<string>();
            var forbiddenLevel = "off";
            var allowed = PolicyRules.All.Select(r => r.Key).Prepend("$schema").Append("forbiddenFeaturesLevel").ToList();
            foreach (var (key, value) in root.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (key == "$schema")
                {
                    continue;
                }

                if (key == PolicyRules.ForbiddenFeature.Key)
                {
                    if (value is not JsonArray array || array.Any(v => Manifest.Str(v) is null or ""))
                    {
                        throw new InputException($"{displayPath}: \"forbiddenFeatures\" must be an array of column names");
                    }

                    forbidden.AddRange(array.Select(v => Manifest.Str(v)!));
                    if (forbiddenLevel == "off")
                    {
                        forbiddenLevel = "error";
                    }

                    continue;
                }

                if (key == "forbiddenFeaturesLevel")
                {
                    forbiddenLevel = ReadLevel(value, key, displayPath);
                    continue;
                }

                if (PolicyRules.All.Any(r => r.Key == key))
                {
                    levels[key] = ReadLevel(value, key, displayPath);
                    continue;
                }

                throw new InputException($"{displayPath}: unknown policy key \"{key}\" (allowed: {string.Join(", ", allowed)})");
            }

            if (root.ContainsKey("forbiddenFeaturesLevel") && root["forbiddenFeaturesLevel"] is { } lv)
            {
                forbiddenLevel = ReadLevel(lv, "forbiddenFeaturesLevel", displayPath);
            }

            return new Policy { Levels = levels, ForbiddenFeatures = forbidden, ForbiddenFeaturesLevel = forbidden.Count == 0 ? "off" : forbiddenLevel };
        }

        private static string ReadLevel(JsonNode? value, string key, string displayPath)
        {
            if (value is JsonValue v && v.TryGetValue<bool>(out var b))
            {
                return b ? "error" : "off";
            }

            var s = Manifest.Str(value);
            if (s is not null && LevelValues.Contains(s, StringComparer.Ordinal))
            {
                return s;
            }

            throw new InputException($"{displayPath}: \"{key}\" must be true, false, or one of {string.Join(", ", LevelValues.Select(l => "\"" + l + "\""))}");
        }
    }

    public sealed record Finding(PolicyRule Rule, string Level, string Message, Pipeline Pipeline, SourceLocation? Location)
    {
        public string RuleId => Rule.Id;
    }

    public sealed record PolicyOutcome(Policy Policy, IReadOnlyList<Finding> Findings);

    public static class PolicyCheck
    {
        public static PolicyOutcome Run(Policy policy, IReadOnlyList<Manifest> manifests)
        {
            var findings = new List<Finding>();
            foreach (var p in manifests.SelectMany(m => m.Pipelines))
            {
                void Add(PolicyRule rule, string message, SourceLocation? at = null)
                {
                    var level = policy.LevelOf(rule);
                    if (level != "off")
                    {
                        findings.Add(new Finding(rule, level, message, p, at ?? p.Source));
                    }
                }

                if (p.Deterministic != "true")
                {
                    Add(PolicyRules.Deterministic, $"Pipeline '{p.Id}' is not deterministic by construction (deterministic: {p.Deterministic}): {string.Join(" ", p.Reasons)}");
                }

                if (!p.EvaluatedOnHeldOut)
                {
                    var onTrain = p.Evaluations.FirstOrDefault(e => e.DataRole == "train");
                    Add(PolicyRules.HeldOutEvaluation, onTrain is null
                        ? $"Pipeline '{p.Id}' is never evaluated on held-out data."
                        : $"Pipeline '{p.Id}' is evaluated on its training data only ({onTrain.Method}).", onTrain?.Source);
                }

                foreach (var save in p.Saves.Where(s => s.WithInputSchema != "true"))
                {
                    Add(PolicyRules.SaveWithInputSchema, $"Pipeline '{p.Id}' saves its model without its input schema (withInputSchema: {save.WithInputSchema}) to {save.Path}.", save.Source);
                }

                if (policy.ChecksForbiddenFeatures)
                {
                    var forbidden = new HashSet<string>(policy.ForbiddenFeatures, StringComparer.OrdinalIgnoreCase);
                    foreach (var step in p.Steps)
                    {
                        foreach (var column in (step.InputColumns ?? Array.Empty<string>()).Where(forbidden.Contains).Distinct(StringComparer.Ordinal))
                        {
                            Add(PolicyRules.ForbiddenFeature, $"Pipeline '{p.Id}' reads the forbidden column '{column}' in step {step.Index} ({step.CatalogPath}).");
                        }
                    }

                    if (!p.ChainFullyKnown)
                    {
                        Add(PolicyRules.ForbiddenFeature, $"Pipeline '{p.Id}' has a chain that is not fully known, so it cannot be proven free of forbidden columns.");
                    }
                }

                foreach (var data in p.Data.Where(d => d.Path.Provenance == "absolute"))
                {
                    Add(PolicyRules.NoAbsoluteDataPaths, $"Pipeline '{p.Id}' reads {data.Role} data from the absolute path {data.Path.Value}.");
                }

                foreach (var save in p.Saves.Where(s => s.Path.Provenance == "absolute"))
                {
                    Add(PolicyRules.NoAbsoluteDataPaths, $"Pipeline '{p.Id}' saves its model to the absolute path {save.Path.Value}.", save.Source);
                }

                if (!p.ChainFullyKnown)
                {
                    Add(PolicyRules.ChainFullyKnown, $"Pipeline '{p.Id}' has parts of its estimator chain the compiler cannot see: {string.Join(" ", p.Reasons)}");
                }
            }

            return new PolicyOutcome(policy, findings);
        }

        public static int Rank(string level) => level switch
        {
            "error" => 3,
            "warning" => 2,
            "note" => 1,
            _ => 0,
        };
    }
}
