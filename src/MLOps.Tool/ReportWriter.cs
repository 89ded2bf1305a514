using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Markdig;

namespace MLOps.Tool
{
    /// <summary>`report`: what the manifests say, per project and pipeline, the ML Test Score evidence and the maturity checklist.</summary>
    public static class ReportWriter
    {
        public static string Markdown(IReadOnlyList<Manifest> manifests, TestResults results, TestScore score)
        {
            var b = new StringBuilder();
            var names = string.Join(", ", manifests.Select(m => m.AssemblyName).Distinct(StringComparer.Ordinal));
            b.Append("# ML pipelines: ").Append(names).Append("\n\n");
            var pipelineCount = manifests.Sum(m => m.Pipelines.Count);
            b.Append(CultureInfo.InvariantCulture, $"{Plural(pipelineCount, "pipeline")} in {Plural(manifests.Count, "manifest")} · ");
            b.Append(results.Any
                ? $"test results: {Plural(results.Outcomes.Count, "test")} in {Plural(results.Files.Count, "TRX file")} ({results.Outcomes.Count(o => o.Passed)} passed, {results.Outcomes.Count(o => o.Ran && !o.Passed)} failed, {results.Outcomes.Count(o => !o.Ran)} not run)"
                : "no test results given (`--test-results`), so no item is evidenced by a test");
            b.Append("\n\n");
            b.Append(CultureInfo.InvariantCulture, $"**ML Test Score: {score.Final}** (the minimum over the four sections; held down by {string.Join(", ", score.Limiting)}) · ");
            b.Append(string.Join(" · ", score.SectionScores.Select(s => $"{s.Section} {s.Points}"))).Append("\n\n");

            foreach (var manifest in manifests)
            {
                b.Append("## ").Append(manifest.AssemblyName).Append("\n\n");
                b.Append("Manifest ").Append(Md.Code(manifest.DisplayPath)).Append(" · schema ").Append(manifest.SchemaVersion);
                if (manifest.GeneratorVersion is not null)
                {
                    b.Append(" · MLOps.Analyzers ").Append(manifest.GeneratorVersion);
                }

                var mlnet = manifest.References.FirstOrDefault(r => r.Name == "Microsoft.ML.Data" || r.Name == "Microsoft.ML");
                if (mlnet.Name is not null)
                {
                    b.Append(" · ML.NET ").Append(mlnet.Version?.Split('+')[0] ?? "?");
                }

                b.Append("\n\n");
                if (manifest.Pipelines.Count == 0)
                {
                    b.Append("No training pipeline found.\n\n");
                }

                foreach (var p in manifest.Pipelines)
                {
                    WritePipeline(b, p);
                }
            }

            WriteScore(b, score);
            WriteMaturity(b, score);
            return b.ToString();
        }

        private static void WritePipeline(StringBuilder b, Pipeline p)
        {
            b.Append("### ").Append(Md.Code(p.Name)).Append(" · ").Append(p.Task).Append(" · ").Append(p.TrainerName).Append("\n\n");
            b.Append("| | |\n|---|---|\n");
            Row(b, "Id", Md.Code(p.Id));
            Row(b, "Trainer", p.Trainer is null ? "?" : Md.Code(p.Trainer.CatalogPath) + (p.Trainer.EstimatorType is null ? "" : " (" + Md.Code(p.Trainer.EstimatorType) + ")"));
            Row(b, "Source", p.Source is null ? "?" : Md.Code(p.Source.ToString()) + (p.Source.Symbol is null ? "" : " in " + Md.Code(p.Source.Symbol)));
            Row(b, "Factory", p.Factory is null ? "none (built inline: no generated tests)" : Md.Code(p.Factory) + (p.FactoryCallable ? " (generated tests can call it)" : " (not callable: " + p.FactoryNotCallableReason + ")"));
            Row(b, "Context", p.ContextText + (p.ChainFullyKnown ? "" : " · chain not fully known"));
            Row(b, "Determinism", Md.Verdict(p.Deterministic) + ": " + Md.List(p.Reasons) + (p.Source is null ? "" : " (" + p.Source + ")"));
            Row(b, "Data", Md.List(p.Data.Select(DataText)));
            Row(b, "Split", Md.List(p.Data.Where(d => d.Role == "train").Select(d => d.SplitText).Distinct(StringComparer.Ordinal)));
            Row(b, "Evaluations", Md.List(p.Evaluations.Select(e => $"{Md.Code(e.Method)} on " + (e.DataRole == "train" ? "⚠ its training data" : e.DataRole + " data") + (e.MetricsRead.Count > 0 ? " reads " + string.Join(", ", e.MetricsRead) : "") + (e.Source is null ? "" : $" ({e.Source})")), "none"));
            Row(b, "Saves", Md.List(p.Saves.Select(s => $"{s.Path} " + (s.Format == "onnx" ? "as ONNX, " : "") + (s.WithInputSchema == "true" ? "with its input schema" : s.WithInputSchema == "loader" ? "with its loader" : "**without its input schema**") + (s.Source is null ? "" : $" ({s.Source})"))));
            Row(b, "Left at library default", Md.List(p.DefaultHyperparameters.Select(a => $"{Md.Code(a.Name)} = {Md.Code(a.ValueText)}")));
            Row(b, "Definition hash", Md.Code(Md.Short(p.DefinitionHash)));
            b.Append('\n');

            b.Append("| # | Role | Step | Arguments |\n|--:|---|---|---|\n");
            foreach (var s in p.Steps)
            {
                var args = s.Arguments.Where(a => a.Provenance != "default").Select(a => $"{a.Name} = {Md.Truncate(a.ValueText, 80)}" + (a.Provenance == "literal" ? "" : $" ({a.Provenance})"));
                b.Append(CultureInfo.InvariantCulture, $"| {s.Index} | {s.Role} | {Md.Code(s.CatalogPath)} | {Md.Cell(Md.List(args, ""))} |\n");
            }

            b.Append('\n');
            b.Append("```mermaid\n").Append(Mermaid(p)).Append("```\n\n");
        }

        private static string DataText(DataEntry d) =>
            $"{d.Role}: {d.Path}" + (d.Loader is null ? "" : " via " + d.Loader + (d.RowType is null ? "" : "<" + d.RowType.Split('.').Last() + ">"));

        /// <summary>data → steps → trainer → evaluation → saved model, left to right.</summary>
        public static string Mermaid(Pipeline p)
        {
            var b = new StringBuilder("flowchart LR\n");
            var train = p.Data.Where(d => d.Role == "train").ToList();
            var dataLabel = train.Count == 0 ? "data (not visible)" : string.Join(", ", train.Select(d => d.Path.Value ?? "(" + d.Path.Provenance + ")").Distinct(StringComparer.Ordinal));
            b.Append("  data[(\"").Append(Md.MermaidLabel(dataLabel)).Append("\")]\n");
            var previous = "data";
            var split = train.Select(d => d.SplitMethod).FirstOrDefault(m => m is not null);
            if (split is not null)
            {
                b.Append("  split{{\"").Append(Md.MermaidLabel(train.First(d => d.SplitMethod is not null).SplitText)).Append("\"}}\n");
                b.Append("  ").Append(previous).Append(" --> split\n");
                previous = "split";
            }

            foreach (var s in p.Steps)
            {
                var id = "s" + s.Index.ToString(CultureInfo.InvariantCulture);
                var label = Md.MermaidLabel(s.CatalogPath);
                b.Append("  ").Append(id).Append(s.Role == "trainer" ? "[[\"" + label + "\"]]" : "[\"" + label + "\"]").Append('\n');
                b.Append("  ").Append(previous).Append(" --> ").Append(id).Append('\n');
                previous = id;
            }

            var i = 0;
            foreach (var e in p.Evaluations)
            {
                var id = "e" + (i++).ToString(CultureInfo.InvariantCulture);
                b.Append("  ").Append(id).Append("[/\"").Append(Md.MermaidLabel(e.Method + " on " + e.DataRole)).Append("\"/]\n");
                b.Append("  ").Append(previous).Append(" --> ").Append(id).Append('\n');
            }

            i = 0;
            foreach (var s in p.Saves)
            {
                var id = "m" + (i++).ToString(CultureInfo.InvariantCulture);
                b.Append("  ").Append(id).Append("[(\"").Append(Md.MermaidLabel((s.Path.Value ?? "(" + s.Path.Provenance + ")") + (s.Format == "onnx" ? " (ONNX)" : "") + (s.WithInputSchema == "true" ? " + schema" : ""))).Append("\")]\n");
                b.Append("  ").Append(previous).Append(" --> ").Append(id).Append('\n');
            }

            return b.ToString();
        }

        private static void WriteScore(StringBuilder b, TestScore score)
        {
            b.Append("## ML Test Score\n\n");
            b.Append("1 point only for an item evidenced by a generated test that passed in the given test results (a skipped test did not run), or by a policy check that passed. ");
            b.Append("What the manifest shows statically is a *precondition* (0 points). Each section is summed; the score is the minimum over the sections.\n\n");
            b.Append("| Section | Points | Items a test or policy can evidence |\n|---|--:|--:|\n");
            foreach (var s in score.SectionScores)
            {
                b.Append(CultureInfo.InvariantCulture, $"| {s.Section} | {s.Points} | {s.Reachable} of 7 |\n");
            }

            b.Append(CultureInfo.InvariantCulture, $"| **Score (minimum)** | **{score.Final}** | |\n\n");
            b.Append("| Item | Points | Evidence |\n|---|--:|---|\n");
            foreach (var item in score.Items)
            {
                var points = item.Kind switch
                {
                    EvidenceKind.Test or EvidenceKind.Policy => item.Points.ToString(CultureInfo.InvariantCulture),
                    _ => "—",
                };
                b.Append(CultureInfo.InvariantCulture, $"| {item.Key} {Md.Cell(item.Title)} | {points} | {Md.Cell(item.Evidence)} |\n");
            }

            b.Append("\n**What would raise the score.** ");
            b.Append(CultureInfo.InvariantCulture, $"The score is held at {score.Final} by {string.Join(", ", score.Limiting)}.\n\n");
            foreach (var section in score.Limiting)
            {
                var raisers = score.Items.Where(i => i.Section == section && i.Points == 0 && i.Raise is not null).ToList();
                b.Append("- **").Append(section).Append("**: ");
                if (raisers.Count > 0)
                {
                    b.Append(string.Join("; ", raisers.Select(r => $"{r.Key}: {r.Raise}")));
                    b.Append(". The other items need evidence outside the code (run them, document them, attest them by hand).");
                }
                else
                {
                    b.Append("no item of this section can be evidenced from code; it needs evidence outside the code (run the checks, document and automate them).");
                }

                b.Append('\n');
            }

            b.Append('\n');
        }

        private static void WriteMaturity(StringBuilder b, TestScore score)
        {
            b.Append("## Maturity checklist\n\n");
            b.Append("Microsoft's MLOps maturity levels 0–4 and Google's levels 0–2, criterion by criterion. No level is claimed: criteria that are not visible from code need a person to confirm them.\n\n");
            b.Append("| Level | Criterion | Verdict | Evidence |\n|---|---|---|---|\n");
            foreach (var c in score.Maturity)
            {
                var mark = c.Verdict switch { "met" => "✅ met", "not met" => "❌ not met", _ => "❔ " + c.Verdict };
                b.Append(CultureInfo.InvariantCulture, $"| {Md.Cell(c.Level)} | {Md.Cell(c.Criterion)} | {mark} | {Md.Cell(c.Detail)} |\n");
            }
        }

        internal static string Plural(int count, string noun) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");

        private static void Row(StringBuilder b, string name, string value) =>
            b.Append("| ").Append(name).Append(" | ").Append(Md.Cell(value)).Append(" |\n");

        public static string Html(string markdown)
        {
            var pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().Build();
            var body = Markdig.Markdown.ToHtml(markdown, pipeline);
            return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>dotnet mlops report</title>\n"
                + "<style>body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;vertical-align:top}code{background:#f4f4f4}</style>\n"
                + "</head>\n<body>\n" + body + "</body>\n</html>\n";
        }

        public static string Json(IReadOnlyList<Manifest> manifests, TestResults results, TestScore score)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("tool", "dotnet-mlops");
                w.WriteStartArray("manifests");
                foreach (var m in manifests)
                {
                    w.WriteStartObject();
                    w.WriteString("path", m.DisplayPath);
                    w.WriteString("assemblyName", m.AssemblyName);
                    w.WriteString("schemaVersion", m.SchemaVersion);
                    w.WriteStartArray("pipelines");
                    foreach (var p in m.Pipelines)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", p.Id);
                        w.WriteString("name", p.Name);
                        w.WriteString("task", p.Task);
                        w.WriteString("trainer", p.Trainer?.CatalogPath);
                        w.WriteString("source", p.Source?.ToString());
                        w.WriteString("factory", p.Factory);
                        w.WriteString("deterministic", p.Deterministic);
                        w.WriteStartArray("reasons");
                        foreach (var r in p.Reasons)
                        {
                            w.WriteStringValue(r);
                        }

                        w.WriteEndArray();
                        w.WriteStartArray("steps");
                        foreach (var s in p.Steps)
                        {
                            w.WriteStringValue(s.CatalogPath);
                        }

                        w.WriteEndArray();
                        w.WriteStartArray("data");
                        foreach (var d in p.Data)
                        {
                            w.WriteStringValue(DataText(d));
                        }

                        w.WriteEndArray();
                        w.WriteStartArray("evaluations");
                        foreach (var e in p.Evaluations)
                        {
                            w.WriteStringValue(e.Method + " on " + e.DataRole);
                        }

                        w.WriteEndArray();
                        w.WriteStartArray("saves");
                        foreach (var s in p.Saves)
                        {
                            w.WriteStringValue(s.Path + " withInputSchema=" + s.WithInputSchema + s.FormatSuffix);
                        }

                        w.WriteEndArray();
                        w.WriteStartArray("defaultHyperparameters");
                        foreach (var a in p.DefaultHyperparameters)
                        {
                            w.WriteStringValue(a.Name);
                        }

                        w.WriteEndArray();
                        w.WriteString("definitionHash", p.DefinitionHash);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartObject("testResults");
                w.WriteNumber("files", results.Files.Count);
                w.WriteNumber("tests", results.Outcomes.Count);
                w.WriteNumber("passed", results.Outcomes.Count(o => o.Passed));
                w.WriteNumber("notRun", results.Outcomes.Count(o => !o.Ran));
                w.WriteEndObject();
                w.WriteStartObject("mlTestScore");
                w.WriteNumber("score", score.Final);
                w.WriteStartArray("limitedBy");
                foreach (var s in score.Limiting)
                {
                    w.WriteStringValue(s);
                }

                w.WriteEndArray();
                w.WriteStartObject("sections");
                foreach (var s in score.SectionScores)
                {
                    w.WriteNumber(s.Section, s.Points);
                }

                w.WriteEndObject();
                w.WriteStartArray("items");
                foreach (var i in score.Items)
                {
                    w.WriteStartObject();
                    w.WriteString("item", i.Key);
                    w.WriteString("title", i.Title);
                    w.WriteString("kind", i.Kind.ToString().ToLowerInvariant() switch { "outofreach" => "outOfReach", var k => k });
                    w.WriteNumber("points", i.Points);
                    w.WriteString("evidence", i.Evidence);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartArray("maturity");
                foreach (var c in score.Maturity)
                {
                    w.WriteStartObject();
                    w.WriteString("level", c.Level);
                    w.WriteString("criterion", c.Criterion);
                    w.WriteString("verdict", c.Verdict);
                    w.WriteString("evidence", c.Detail);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        }
    }
}
