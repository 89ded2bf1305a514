using System;
using System.Collections.Generic;
using System.Linq;

namespace MLOps.Tool
{
    public enum EvidenceKind
    {
        /// <summary>1 point when the generated test passed for every pipeline in scope.</summary>
        Test,

        /// <summary>1 point when the policy check passed.</summary>
        Policy,

        /// <summary>What the manifest shows statically: 0 points.</summary>
        Precondition,

        /// <summary>Out of a compiler's reach: 0 points.</summary>
        OutOfReach,
    }

    public sealed record ScoreItem(string Section, int Number, string Title, EvidenceKind Kind, int Points, string Evidence, string? Raise)
    {
        public string Key => Section + " " + Number;
    }

    public sealed record SectionScore(string Section, int Points, int Reachable);

    public sealed record MaturityCriterion(string Level, string Criterion, string Verdict, string Detail);

    /// <summary>
    /// The ML Test Score (Breck et al., 2017): 28 items in four sections; an item scores 1 when it is automated and run
    /// repeatedly; each section is summed and the final score is the minimum over the sections. Points come only from
    /// generated tests that passed in the given TRX, or from a policy check that passed.
    /// </summary>
    public sealed class TestScore
    {
        public static readonly string[] Sections = { "Data", "Model", "Infra", "Monitor" };

        private TestScore(IReadOnlyList<ScoreItem> items, IReadOnlyList<MaturityCriterion> maturity)
        {
            Items = items;
            Maturity = maturity;
            SectionScores = Sections
                .Select(s => new SectionScore(s, items.Where(i => i.Section == s).Sum(i => i.Points), items.Count(i => i.Section == s && i.Kind is EvidenceKind.Test or EvidenceKind.Policy)))
                .ToList();
            Final = SectionScores.Min(s => s.Points);
            Limiting = SectionScores.Where(s => s.Points == Final).Select(s => s.Section).ToList();
        }

        public IReadOnlyList<ScoreItem> Items { get; }
        public IReadOnlyList<SectionScore> SectionScores { get; }
        public int Final { get; }
        public IReadOnlyList<string> Limiting { get; }
        public IReadOnlyList<MaturityCriterion> Maturity { get; }

        public static TestScore Compute(IReadOnlyList<Manifest> manifests, TestResults results, PolicyOutcome? policy)
        {
            var pipelines = manifests.SelectMany(m => m.Pipelines).ToList();
            var items = new List<ScoreItem>();

            void Out(string section, int n, string title, string why = "not visible in code") =>
                items.Add(new ScoreItem(section, n, title, EvidenceKind.OutOfReach, 0, "out of a compiler's reach: " + why, null));

            void Pre(string section, int n, string title, string shows) =>
                items.Add(new ScoreItem(section, n, title, EvidenceKind.Precondition, 0, "precondition only: " + shows, null));

            // Data
            var withRowType = pipelines.Count(p => p.Data.Any(d => d.Role == "train" && d.RowType is not null));
            Pre("Data", 1, "Feature expectations are captured in a schema",
                $"{withRowType} of {pipelines.Count} pipelines train on data loaded with a typed row; types are not value expectations");
            Out("Data", 2, "All features are beneficial", "needs feature-importance runs");
            Out("Data", 3, "No feature's cost is too much");
            items.Add(PolicyItem(pipelines, policy));
            Out("Data", 5, "The data pipeline has appropriate privacy controls");
            Out("Data", 6, "New features can be added quickly");
            Pre("Data", 7, "All input feature code is tested",
                "the generated 'fits and produces the expected columns' test covers the training side only (see Infra 2)");

            // Model
            Pre("Model", 1, "Model specs are reviewed and submitted",
                $"{pipelines.Count} pipeline definitions are in compiled source with a definition hash; review is not visible (`dotnet mlops diff` in pull requests)");
            Out("Model", 2, "Offline and online metrics correlate", "needs serving metrics");
            var defaults = pipelines.Where(p => p.DefaultHyperparameters.Count > 0)
                .Select(p => $"`{p.Name}` {p.TrainerName}: {string.Join(", ", p.DefaultHyperparameters.Select(a => a.Name))}")
                .ToList();
            Pre("Model", 3, "All hyperparameters have been tuned",
                defaults.Count == 0 ? "no trainer argument is left at the library default (tuning itself is not visible)" : "left at the library default: " + string.Join("; ", defaults));
            Out("Model", 4, "The impact of model staleness is known");
            var sameTask = pipelines.GroupBy(p => p.Task).Where(g => g.Count() > 1).Select(g => $"{g.Count()} {g.Key} pipelines").ToList();
            Pre("Model", 5, "A simpler model is not better",
                sameTask.Count == 0 ? "no two pipelines share a task, so no baseline to compare with" : string.Join(", ", sameTask) + " could be compared; no generated test compares them");
            Out("Model", 6, "Model quality is sufficient on all important data slices", "no slice gates");
            Out("Model", 7, "The model is tested for considerations of inclusion");

            // Infra
            items.Add(TestItem("Infra", 1, "Training is reproducible", "training is deterministic", pipelines, results, p => true,
                p => p.Deterministic == "true" ? null : $"deterministic {p.Deterministic}: {p.Reasons.FirstOrDefault()} ({p.Source})"));
            items.Add(TestItem("Infra", 2, "Model specs are unit tested", "fits and produces the expected columns", pipelines, results, p => true, p => null));
            items.Add(TestItem("Infra", 3, "The ML pipeline is integration tested (train, save, load, score; not the serving host)", "saved model round-trips", pipelines, results, p => true, p => null));
            items.Add(TestItem("Infra", 4, "Model quality is validated before serving", "meets its quality gate", pipelines, results,
                p => p.Factory is not null || p.Saves.Count > 0,
                p => p.EvaluatedOnHeldOut ? null : "not evaluated on held-out data"));
            Out("Infra", 5, "The model is debuggable");
            Out("Infra", 6, "Models are canaried before serving", "needs the serving system");
            var saves = pipelines.SelectMany(p => p.Saves).ToList();
            Pre("Infra", 7, "Serving models can be rolled back",
                saves.Count == 0 ? "no model is saved" : $"{ReportWriter.Plural(saves.Count, "save")}; paths: " + string.Join(", ", saves.Select(s => s.Path.ToString()).Distinct(StringComparer.Ordinal)));

            // Monitor
            var references = manifests.SelectMany(m => m.References).Select(r => r.Name + " " + (r.Version?.Split('+')[0] ?? "?")).Distinct(StringComparer.Ordinal).ToList();
            Pre("Monitor", 1, "Dependency changes result in notification",
                references.Count == 0 ? "no ML.NET reference recorded" : "library versions recorded (" + string.Join(", ", references.Take(3)) + (references.Count > 3 ? ", …" : "") + "); `dotnet mlops diff` shows changes; data sources are not visible");
            Out("Monitor", 2, "Data invariants hold for inputs", "needs serving data");
            var withSchema = saves.Count(s => s.WithInputSchema == "true");
            var discarded = pipelines.SelectMany(p => p.Loads).Count(l => l.DiscardsInputSchema);
            Pre("Monitor", 3, "Training and serving are not skewed",
                $"{withSchema} of {ReportWriter.Plural(saves.Count, "save")} keep the input schema; {ReportWriter.Plural(discarded, "load")} discard it");
            Out("Monitor", 4, "Models are not too stale", "needs production data");
            items.Add(TestItem("Monitor", 5, "The model is numerically stable", "scores are finite", pipelines, results, p => true, p => null));
            Out("Monitor", 6, "Computing performance has not regressed", "no timing test");
            Pre("Monitor", 7, "Prediction quality has not regressed",
                "quality gates are fixed bounds (Infra 4), not a comparison with the previous model");

            return new TestScore(items, ComputeMaturity(pipelines, results, items));
        }

        private static ScoreItem TestItem(
            string section,
            int number,
            string title,
            string check,
            IReadOnlyList<Pipeline> pipelines,
            TestResults results,
            Func<Pipeline, bool> inScope,
            Func<Pipeline, string?> staticConcern)
        {
            var raise = $"generate and pass the '{check}' test for every pipeline (a public static factory taking the MLContext, a test project, `dotnet test --logger trx`, then `--test-results`)";
            var scoped = pipelines.Where(inScope).ToList();
            var outOfScope = pipelines.Where(p => !inScope(p)).Select(p => $"`{p.Name}` neither saved nor a factory, so out of scope").ToList();
            if (scoped.Count == 0)
            {
                return new ScoreItem(section, number, title, EvidenceKind.Test, 0, "no pipeline in scope" + Suffix(outOfScope), raise);
            }

            var parts = new List<string>();
            var all = true;
            foreach (var p in scoped)
            {
                var tests = results.For(p, check);
                string status;
                if (!results.Any)
                {
                    all = false;
                    var concern = staticConcern(p);
                    status = p.Factory is null ? $"`{p.Name}` ◐ no factory, so no test" : $"`{p.Name}` ◐ test generated, no results given";
                    if (concern is not null)
                    {
                        status += " · " + concern;
                    }
                }
                else if (tests.Count == 0)
                {
                    all = false;
                    status = p.Factory is null ? $"`{p.Name}` ✗ no factory, so no test" : $"`{p.Name}` ✗ no such test in the results";
                }
                else if (tests.Any(t => t.Ran && !t.Passed))
                {
                    all = false;
                    status = $"`{p.Name}` ✗ test failed";
                }
                else if (tests.All(t => !t.Ran))
                {
                    all = false;
                    status = $"`{p.Name}` ✗ test skipped (not run)";
                    var concern = staticConcern(p);
                    if (concern is not null)
                    {
                        status += " · " + concern;
                    }
                }
                else if (tests.Any(t => !t.Ran))
                {
                    all = false;
                    status = $"`{p.Name}` ✗ {tests.Count(t => !t.Ran)} of {tests.Count} tests skipped";
                }
                else
                {
                    status = tests.Count == 1 ? $"`{p.Name}` ✓ test passed" : $"`{p.Name}` ✓ {tests.Count} tests passed";
                }

                parts.Add(status);
            }

            return new ScoreItem(section, number, title, EvidenceKind.Test, all ? 1 : 0, string.Join(" · ", parts) + Suffix(outOfScope), all ? null : raise);
        }

        private static string Suffix(List<string> notes) => notes.Count == 0 ? "" : " · " + string.Join(" · ", notes);

        private static ScoreItem PolicyItem(IReadOnlyList<Pipeline> pipelines, PolicyOutcome? policy)
        {
            const string title = "Features adhere to meta-level requirements";
            const string raise = "declare `forbiddenFeatures` in a policy file and pass `--policy`; every chain must be fully known";
            if (policy is null || !policy.Policy.ChecksForbiddenFeatures)
            {
                return new ScoreItem("Data", 4, title, EvidenceKind.Policy, 0, "no policy with `forbiddenFeatures` given", raise);
            }

            var findings = policy.Findings.Where(f => f.RuleId == PolicyRules.ForbiddenFeature.Id).ToList();
            var unknown = pipelines.Where(p => !p.ChainFullyKnown).Select(p => $"`{p.Name}`").ToList();
            if (findings.Count == 0 && unknown.Count == 0 && pipelines.Count > 0)
            {
                return new ScoreItem("Data", 4, title, EvidenceKind.Policy, 1, $"policy check passed: no forbidden feature ({string.Join(", ", policy.Policy.ForbiddenFeatures)}) in {pipelines.Count} fully known chains", null);
            }

            var why = findings.Count > 0 ? $"{findings.Count} forbidden-feature findings" : unknown.Count > 0 ? "chains not fully known: " + string.Join(", ", unknown) : "no pipeline";
            return new ScoreItem("Data", 4, title, EvidenceKind.Policy, 0, "policy check failed: " + why, raise);
        }

        private static IReadOnlyList<MaturityCriterion> ComputeMaturity(IReadOnlyList<Pipeline> pipelines, TestResults results, IReadOnlyList<ScoreItem> items)
        {
            const string Met = "met";
            const string NotMet = "not met";
            const string NotVisible = "not visible from code";
            var list = new List<MaturityCriterion>();
            var ran = results.Outcomes.Count(o => o.Ran);
            var tests = results.Any ? $"{ran} tests ran, {results.Outcomes.Count(o => o.Passed)} passed, {results.Outcomes.Count(o => !o.Ran)} skipped" : "no test results given";

            list.Add(new("Microsoft 0 · No MLOps", "Training pipelines are defined in compiled code the manifest describes", pipelines.Count > 0 ? Met : NotMet, $"{pipelines.Count} pipelines found in compiled source"));
            list.Add(new("Microsoft 1 · DevOps, no MLOps / Google 0", "Automated tests exist and ran", ran > 0 ? Met : NotMet, tests));
            list.Add(new("Microsoft 1 · DevOps, no MLOps / Google 0", "Builds and releases of the application are automated (CI/CD)", NotVisible, "confirm in your CI settings"));
            var deterministic = pipelines.Count(p => p.Deterministic == "true");
            list.Add(new("Microsoft 2 · Automated training", "Training is reproducible: every pipeline deterministic by construction", pipelines.Count > 0 && deterministic == pipelines.Count ? Met : NotMet, $"{deterministic} of {pipelines.Count} pipelines"));
            var infra1 = items.Single(i => i.Key == "Infra 1");
            list.Add(new("Microsoft 2 · Automated training", "Reproducibility is tested (Infra 1 evidenced)", infra1.Points == 1 ? Met : NotMet, infra1.Points == 1 ? "determinism tests passed" : "no passing determinism test for every pipeline"));
            var saves = pipelines.SelectMany(p => p.Saves).ToList();
            list.Add(new("Microsoft 2 · Automated training", "Models are saved with their input schema", saves.Count > 0 && saves.All(s => s.WithInputSchema == "true") ? Met : NotMet, $"{saves.Count(s => s.WithInputSchema == "true")} of {saves.Count} saves"));
            list.Add(new("Microsoft 2 · Automated training", "Experiment tracking and versioned models", NotVisible, "a model registry or tracking server is outside the code"));
            var infra4 = items.Single(i => i.Key == "Infra 4");
            list.Add(new("Google 1 · ML pipeline automation", "Model validation before deployment (quality gates passed)", infra4.Points == 1 ? Met : NotMet, infra4.Points == 1 ? "gates passed" : "no passing quality gate for every pipeline in scope"));
            list.Add(new("Google 1 · ML pipeline automation", "Continuous training triggered by new data", NotVisible, "triggers live outside the code"));
            var testItems = items.Where(i => i.Kind == EvidenceKind.Test).ToList();
            list.Add(new("Microsoft 3 · Automated deployment", "Tests for each model release: every test-evidenced item passes on this commit", testItems.All(i => i.Points == 1) ? Met : NotMet, $"{testItems.Count(i => i.Points == 1)} of {testItems.Count} items ({string.Join(", ", testItems.Select(i => i.Key))})"));
            list.Add(new("Microsoft 3 · Automated deployment", "Automated release, A/B testing, traceability to production", NotVisible, "deployment is outside the code"));
            list.Add(new("Google 2 · CI/CD pipeline automation", "The training pipeline itself is built, tested and deployed by CI/CD", NotVisible, "confirm in your CI settings"));
            list.Add(new("Microsoft 4 · Full MLOps", "Retraining from production metrics", NotVisible, "production metrics are outside the code"));
            return list;
        }
    }
}
