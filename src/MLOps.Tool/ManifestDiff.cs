using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MLOps.Tool
{
    public enum ChangeKind
    {
        Unchanged,
        DataOrEvaluation,
        Definition,
        Renamed,
        Added,
        Removed,
        Regression,
    }

    public sealed record PipelineChange(ChangeKind Kind, Pipeline? Base, Pipeline? Head, IReadOnlyList<string> Definition, IReadOnlyList<string> DataOrEvaluation, IReadOnlyList<string> Regressions)
    {
        public Pipeline Any => Head ?? Base!;
    }

    /// <summary>`diff BASE HEAD`: pipelines matched by id, else by definition hash (a renamed id), and classified.</summary>
    public sealed class ManifestDiff
    {
        private ManifestDiff(IReadOnlyList<PipelineChange> changes, IReadOnlyList<string> references)
        {
            Changes = changes;
            References = references;
        }

        public IReadOnlyList<PipelineChange> Changes { get; }
        public IReadOnlyList<string> References { get; }

        public int Count(ChangeKind kind) => Changes.Count(c => c.Kind == kind);

        public static ManifestDiff Compute(IReadOnlyList<Manifest> baseManifests, IReadOnlyList<Manifest> headManifests)
        {
            var basePipelines = baseManifests.SelectMany(m => m.Pipelines).GroupBy(p => p.Id, StringComparer.Ordinal).Select(g => g.First()).ToList();
            var headPipelines = headManifests.SelectMany(m => m.Pipelines).GroupBy(p => p.Id, StringComparer.Ordinal).Select(g => g.First()).ToList();
            var headById = headPipelines.ToDictionary(p => p.Id, StringComparer.Ordinal);
            var baseIds = new HashSet<string>(basePipelines.Select(p => p.Id), StringComparer.Ordinal);
            var changes = new List<PipelineChange>();
            var matchedHead = new HashSet<string>(StringComparer.Ordinal);

            foreach (var b in basePipelines)
            {
                if (headById.TryGetValue(b.Id, out var h))
                {
                    matchedHead.Add(h.Id);
                    changes.Add(Compare(b, h, renamed: false));
                }
            }

            var unmatchedHead = headPipelines.Where(h => !matchedHead.Contains(h.Id) && !baseIds.Contains(h.Id)).ToList();
            foreach (var b in basePipelines.Where(b => !headById.ContainsKey(b.Id)))
            {
                var renamed = unmatchedHead.FirstOrDefault(h => h.DefinitionHash == b.DefinitionHash && h.DefinitionHash.Length > 0);
                if (renamed is not null)
                {
                    unmatchedHead.Remove(renamed);
                    changes.Add(Compare(b, renamed, renamed: true));
                }
                else
                {
                    changes.Add(new PipelineChange(ChangeKind.Removed, b, null, Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>()));
                }
            }

            foreach (var h in unmatchedHead)
            {
                changes.Add(new PipelineChange(ChangeKind.Added, null, h, Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>()));
            }

            var references = new List<string>();
            var baseRefs = baseManifests.SelectMany(m => m.References).GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.First().Version, StringComparer.Ordinal);
            var headRefs = headManifests.SelectMany(m => m.References).GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.First().Version, StringComparer.Ordinal);
            foreach (var name in baseRefs.Keys.Union(headRefs.Keys).OrderBy(n => n, StringComparer.Ordinal))
            {
                baseRefs.TryGetValue(name, out var old);
                headRefs.TryGetValue(name, out var @new);
                old = old?.Split('+')[0];
                @new = @new?.Split('+')[0];
                if (old != @new)
                {
                    references.Add($"{name} {old ?? "(none)"} → {@new ?? "(none)"}");
                }
            }

            return new ManifestDiff(
                changes.OrderBy(c => c.Any.Id, StringComparer.Ordinal).ToList(),
                references);
        }

        private static PipelineChange Compare(Pipeline b, Pipeline h, bool renamed)
        {
            var definition = new List<string>();
            var data = new List<string>();
            var regressions = new List<string>();

            if (b.DefinitionHash != h.DefinitionHash)
            {
                definition.Add($"definition {Md.Short(b.DefinitionHash)}… → {Md.Short(h.DefinitionHash)}…");
            }

            if (b.Task != h.Task)
            {
                definition.Add($"task {b.Task} → {h.Task}");
            }

            if (b.SeedKind != h.SeedKind || b.Seed != h.Seed)
            {
                definition.Add($"context {b.ContextText} → {h.ContextText}");
            }

            CompareSteps(b, h, definition);

            var bSplit = Md.List(b.Data.Where(d => d.Role == "train").Select(d => d.SplitText).Distinct(StringComparer.Ordinal));
            var hSplit = Md.List(h.Data.Where(d => d.Role == "train").Select(d => d.SplitText).Distinct(StringComparer.Ordinal));
            if (bSplit != hSplit)
            {
                definition.Add($"split {bSplit} → {hSplit}");
            }

            // Data and evaluations (outside the definition hash).
            var bData = b.Data.Select(DataKey).ToList();
            var hData = h.Data.Select(DataKey).ToList();
            foreach (var gone in bData.Except(hData, StringComparer.Ordinal))
            {
                data.Add("data removed: " + gone);
            }

            foreach (var added in hData.Except(bData, StringComparer.Ordinal))
            {
                data.Add("data added: " + added);
            }

            var bEval = b.Evaluations.Select(e => e.Method + " on " + e.DataRole).ToList();
            var hEval = h.Evaluations.Select(e => e.Method + " on " + e.DataRole).ToList();
            foreach (var gone in bEval.Except(hEval, StringComparer.Ordinal))
            {
                data.Add("evaluation removed: " + gone);
            }

            foreach (var added in hEval.Except(hEval.Intersect(bEval, StringComparer.Ordinal), StringComparer.Ordinal))
            {
                data.Add("evaluation added: " + added);
            }

            var bSaves = b.Saves.Select(s => $"{s.Path} withInputSchema={s.WithInputSchema}{s.FormatSuffix}").ToList();
            var hSaves = h.Saves.Select(s => $"{s.Path} withInputSchema={s.WithInputSchema}{s.FormatSuffix}").ToList();
            foreach (var gone in bSaves.Except(hSaves, StringComparer.Ordinal))
            {
                data.Add("save removed: " + gone);
            }

            foreach (var added in hSaves.Except(bSaves, StringComparer.Ordinal))
            {
                data.Add("save added: " + added);
            }

            // Regressions.
            if (Rank(h.Deterministic) < Rank(b.Deterministic))
            {
                regressions.Add($"deterministic {b.Deterministic} → {h.Deterministic}: \"{Md.List(h.Reasons)}\"" + (h.Source is null ? "" : " · " + h.Source));
            }

            if (b.EvaluatedOnHeldOut && !h.EvaluatedOnHeldOut)
            {
                regressions.Add(h.Evaluations.Any(e => e.DataRole == "train")
                    ? "evaluation moved from held-out data to the training data"
                    : "evaluation on held-out data lost");
            }
            else if (!b.Evaluations.Any(e => e.DataRole == "train") && h.Evaluations.Any(e => e.DataRole == "train"))
            {
                regressions.Add("now also evaluated on its training data");
            }

            var bWithSchema = b.Saves.Count(s => s.WithInputSchema == "true");
            var hWithSchema = h.Saves.Count(s => s.WithInputSchema == "true");
            if (h.Saves.Any(s => s.WithInputSchema != "true") && hWithSchema < bWithSchema)
            {
                regressions.Add($"a save lost its input schema ({bWithSchema} → {hWithSchema} saves with schema)");
            }

            if (b.ChainFullyKnown && !h.ChainFullyKnown)
            {
                regressions.Add("chainFullyKnown true → false: part of the chain is no longer visible");
            }

            var kind = regressions.Count > 0 ? ChangeKind.Regression
                : renamed ? ChangeKind.Renamed
                : definition.Count > 0 ? ChangeKind.Definition
                : data.Count > 0 ? ChangeKind.DataOrEvaluation
                : ChangeKind.Unchanged;
            if (renamed)
            {
                definition.Insert(0, $"id {b.Id} → {h.Id} (same definition hash)");
            }

            return new PipelineChange(kind, b, h, definition, data, regressions);
        }

        private static void CompareSteps(Pipeline b, Pipeline h, List<string> changes)
        {
            // Steps matched in order by catalog path (a longest common subsequence), so an inserted step shows as added.
            var bs = b.Steps;
            var hs = h.Steps;
            var lcs = new int[bs.Count + 1, hs.Count + 1];
            for (var i = bs.Count - 1; i >= 0; i--)
            {
                for (var j = hs.Count - 1; j >= 0; j--)
                {
                    lcs[i, j] = bs[i].CatalogPath == hs[j].CatalogPath ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
                }
            }

            int x = 0, y = 0;
            while (x < bs.Count || y < hs.Count)
            {
                if (x < bs.Count && y < hs.Count && bs[x].CatalogPath == hs[y].CatalogPath)
                {
                    CompareArguments(bs[x], hs[y], changes);
                    x++;
                    y++;
                }
                else if (y < hs.Count && (x == bs.Count || lcs[x, y + 1] >= lcs[x + 1, y]))
                {
                    changes.Add($"step added: {hs[y].CatalogPath} at {hs[y].Index}");
                    y++;
                }
                else
                {
                    changes.Add($"step removed: {bs[x].CatalogPath} (was at {bs[x].Index})");
                    x++;
                }
            }
        }

        private static void CompareArguments(Step b, Step h, List<string> changes)
        {
            var bArgs = b.Arguments.ToDictionary(a => a.Name, StringComparer.Ordinal);
            var hArgs = h.Arguments.ToDictionary(a => a.Name, StringComparer.Ordinal);
            foreach (var name in bArgs.Keys.Union(hArgs.Keys).OrderBy(n => n, StringComparer.Ordinal))
            {
                bArgs.TryGetValue(name, out var old);
                hArgs.TryGetValue(name, out var @new);
                var oldText = old is null ? "(absent)" : $"{old.ValueText} ({old.Provenance})";
                var newText = @new is null ? "(absent)" : $"{@new.ValueText} ({@new.Provenance})";
                if (oldText != newText)
                {
                    var where = h.Role == "trainer" ? "" : $" in {h.CatalogPath}";
                    if (old is not null && @new is not null && old.ValueText == @new.ValueText)
                    {
                        changes.Add($"{name}{where} {old.ValueText}: provenance {old.Provenance} → {@new.Provenance}");
                    }
                    else
                    {
                        changes.Add($"{name}{where} {old?.ValueText ?? "(absent)"} → {@new?.ValueText ?? "(absent)"} ({@new?.Provenance ?? "removed"})");
                    }
                }
            }

            var bRand = b.Randomness?.ToJsonString() ?? "null";
            var hRand = h.Randomness?.ToJsonString() ?? "null";
            if (bRand != hRand)
            {
                var bSeed = b.Randomness?["seed"]?["value"]?.ToJsonString() ?? "null";
                var hSeed = h.Randomness?["seed"]?["value"]?.ToJsonString() ?? "null";
                if (bSeed != hSeed)
                {
                    changes.Add($"seed of {h.CatalogPath} {bSeed} → {hSeed}");
                }

                var bThreads = Manifest.Str(b.Randomness?["threads"]) ?? "n/a";
                var hThreads = Manifest.Str(h.Randomness?["threads"]) ?? "n/a";
                if (bThreads != hThreads)
                {
                    changes.Add($"threads of {h.CatalogPath} {bThreads} → {hThreads}");
                }
            }
        }

        private static string DataKey(DataEntry d) => $"{d.Role} {d.Path}" + (d.Loader is null ? "" : " via " + d.Loader);

        private static int Rank(string deterministic) => deterministic switch { "true" => 2, "unknown" => 1, _ => 0 };

        /// <summary>Exit 1 when a change at or above the threshold is found.</summary>
        public bool Fails(string failOn) => failOn switch
        {
            "regression" => Count(ChangeKind.Regression) > 0,
            "definition" => Changes.Any(c => c.Kind is ChangeKind.Regression or ChangeKind.Definition or ChangeKind.Renamed or ChangeKind.Added or ChangeKind.Removed),
            "any" => Changes.Any(c => c.Kind != ChangeKind.Unchanged) || References.Count > 0,
            "none" => false,
            _ => throw new InputException($"--fail-on {failOn}: expected regression, definition, any or none"),
        };

        public string Markdown()
        {
            var b = new StringBuilder();
            var parts = new List<string>();
            void Part(ChangeKind kind, string text)
            {
                var n = Count(kind);
                if (n > 0)
                {
                    parts.Add($"{n} {text}");
                }
            }

            Part(ChangeKind.Regression, Count(ChangeKind.Regression) == 1 ? "regression" : "regressions");
            Part(ChangeKind.Definition, "definition changed");
            Part(ChangeKind.Renamed, "renamed");
            Part(ChangeKind.Added, "added");
            Part(ChangeKind.Removed, "removed");
            Part(ChangeKind.DataOrEvaluation, "data or evaluation changed");
            Part(ChangeKind.Unchanged, "unchanged");
            b.Append("### ML pipelines: ").Append(parts.Count == 0 ? "none" : string.Join(", ", parts)).Append("\n\n");
            var shown = Changes.Where(c => c.Kind != ChangeKind.Unchanged).OrderByDescending(c => c.Kind).ThenBy(c => c.Any.Id, StringComparer.Ordinal).ToList();
            if (shown.Count == 0 && References.Count == 0)
            {
                b.Append("No pipeline changed.\n");
                return b.ToString();
            }

            b.Append("| Pipeline | Change | Details |\n|---|---|---|\n");
            foreach (var c in shown)
            {
                var p = c.Any;
                var label = (c.Kind == ChangeKind.Regression ? "⚠ " : "") + Md.Code(p.Name) + $" ({p.Task} · {p.TrainerName})";
                var details = new List<string>();
                details.AddRange(c.Regressions);
                details.AddRange(c.Definition);
                details.AddRange(c.DataOrEvaluation);
                if (c.Kind == ChangeKind.Added)
                {
                    details.Add($"{p.Id} · {Md.Verdict(p.Deterministic)} · {p.Source}");
                }
                else if (c.Kind == ChangeKind.Removed)
                {
                    details.Add($"{p.Id} was at {p.Source}");
                }

                b.Append("| ").Append(Md.Cell(label)).Append(" | ").Append(KindText(c.Kind)).Append(" | ").Append(Md.Cell(string.Join("; ", details))).Append(" |\n");
            }

            if (References.Count > 0)
            {
                b.Append("| references | library versions | ").Append(Md.Cell(string.Join("; ", References))).Append(" (defaults may differ; hashes recomputed) |\n");
            }

            return b.ToString();
        }

        public static string KindText(ChangeKind kind) => kind switch
        {
            ChangeKind.Regression => "**regression**",
            ChangeKind.Definition => "definition changed",
            ChangeKind.DataOrEvaluation => "data or evaluation changed",
            ChangeKind.Renamed => "renamed",
            ChangeKind.Added => "added",
            ChangeKind.Removed => "removed",
            _ => "unchanged",
        };

        public string Json()
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteStartObject("summary");
                foreach (var kind in Enum.GetValues<ChangeKind>())
                {
                    w.WriteNumber(JsonKind(kind), Count(kind));
                }

                w.WriteEndObject();
                w.WriteStartArray("pipelines");
                foreach (var c in Changes)
                {
                    w.WriteStartObject();
                    w.WriteString("id", c.Any.Id);
                    w.WriteString("baseId", c.Base?.Id);
                    w.WriteString("headId", c.Head?.Id);
                    w.WriteString("change", JsonKind(c.Kind));
                    w.WriteString("baseHash", c.Base?.DefinitionHash);
                    w.WriteString("headHash", c.Head?.DefinitionHash);
                    Strings(w, "regressions", c.Regressions);
                    Strings(w, "definition", c.Definition);
                    Strings(w, "dataOrEvaluation", c.DataOrEvaluation);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                Strings(w, "references", References);
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        }

        private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
        {
            w.WriteStartArray(name);
            foreach (var v in values)
            {
                w.WriteStringValue(v);
            }

            w.WriteEndArray();
        }

        private static string JsonKind(ChangeKind kind) => kind switch
        {
            ChangeKind.DataOrEvaluation => "dataOrEvaluation",
            _ => kind.ToString().ToLowerInvariant(),
        };
    }
}
