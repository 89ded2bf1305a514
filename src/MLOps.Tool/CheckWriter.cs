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
    /// <summary>`check` output: text, Markdown, and SARIF 2.1.0 with each finding at the pipeline's trainer call.</summary>
    public static class CheckWriter
    {
        public static string Text(PolicyOutcome outcome, IReadOnlyList<Manifest> manifests, string? projectDir)
        {
            var b = new StringBuilder();
            foreach (var f in Ordered(outcome))
            {
                b.Append(Uri(f, projectDir)).Append('(').Append(f.Location?.Line ?? 1).Append(',').Append(f.Location?.Column ?? 1).Append("): ")
                    .Append(f.Level).Append(' ').Append(f.RuleId).Append(": ").Append(f.Message).Append('\n');
            }

            b.Append(Summary(outcome, manifests)).Append('\n');
            return b.ToString();
        }

        public static string Markdown(PolicyOutcome outcome, IReadOnlyList<Manifest> manifests, string? projectDir)
        {
            var b = new StringBuilder("### ML pipeline policy: ").Append(Summary(outcome, manifests)).Append("\n\n");
            if (outcome.Findings.Count == 0)
            {
                return b.ToString();
            }

            b.Append("| Level | Rule | Where | Finding |\n|---|---|---|---|\n");
            foreach (var f in Ordered(outcome))
            {
                b.Append(CultureInfo.InvariantCulture, $"| {f.Level} | {f.RuleId} {f.Rule.Name} | {Md.Code(Uri(f, projectDir) + ":" + (f.Location?.Line ?? 1))} | {Md.Cell(f.Message)} |\n");
            }

            return b.ToString();
        }

        private static string Summary(PolicyOutcome outcome, IReadOnlyList<Manifest> manifests)
        {
            var pipelines = manifests.Sum(m => m.Pipelines.Count);
            var rules = PolicyRules.All.Count(r => outcome.Policy.LevelOf(r) != "off");
            if (outcome.Findings.Count == 0)
            {
                return $"{pipelines} pipelines pass {rules} rules";
            }

            return $"{outcome.Findings.Count(f => f.Level == "error")} errors, {outcome.Findings.Count(f => f.Level == "warning")} warnings, {outcome.Findings.Count(f => f.Level == "note")} notes in {pipelines} pipelines ({rules} rules)";
        }

        private static IEnumerable<Finding> Ordered(PolicyOutcome outcome) => outcome.Findings
            .OrderBy(f => f.Pipeline.Manifest.DisplayPath, StringComparer.Ordinal)
            .ThenBy(f => f.Location?.File, StringComparer.Ordinal)
            .ThenBy(f => f.Location?.Line)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal);

        /// <summary>The source file as a path relative to the current directory (the repository root in CI):
        /// `source.file` is relative to the project directory, which is <paramref name="projectDir"/> when given, else
        /// the folder above bin/ for a manifest in a build output, else the manifest's folder.</summary>
        public static string Uri(Finding f, string? projectDir)
        {
            var file = f.Location?.File ?? f.Pipeline.Manifest.DisplayPath;
            var dir = projectDir ?? InferProjectDir(f.Pipeline.Manifest.DisplayPath);
            var combined = dir.Length == 0 ? file : dir.TrimEnd('/') + "/" + file;
            return Normalize(combined);
        }

        public static string InferProjectDir(string manifestDisplayPath)
        {
            var path = manifestDisplayPath.Replace('\\', '/');
            var bin = path.StartsWith("bin/", StringComparison.Ordinal) ? 0 : path.LastIndexOf("/bin/", StringComparison.Ordinal);
            if (bin == 0)
            {
                return "";
            }

            if (bin > 0)
            {
                return path.Substring(0, bin);
            }

            var slash = path.LastIndexOf('/');
            return slash < 0 ? "" : path.Substring(0, slash);
        }

        private static string Normalize(string path)
        {
            var parts = new List<string>();
            foreach (var part in path.Replace('\\', '/').Split('/'))
            {
                if (part is "" or ".")
                {
                    continue;
                }

                if (part == ".." && parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else
                {
                    parts.Add(part);
                }
            }

            return string.Join("/", parts);
        }

        public static string Sarif(PolicyOutcome outcome, string? projectDir, string toolVersion)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
                w.WriteString("version", "2.1.0");
                w.WriteStartArray("runs");
                w.WriteStartObject();
                w.WriteStartObject("tool");
                w.WriteStartObject("driver");
                w.WriteString("name", "dotnet-mlops");
                w.WriteString("version", toolVersion);
                w.WriteString("informationUri", "https://github.com/mlops-analyzers/MLOps.Analyzers/blob/main/docs/tool.md");
                w.WriteStartArray("rules");
                var rules = PolicyRules.All.Where(r => outcome.Policy.LevelOf(r) != "off").ToList();
                foreach (var r in rules)
                {
                    w.WriteStartObject();
                    w.WriteString("id", r.Id);
                    w.WriteString("name", r.Name);
                    w.WriteStartObject("shortDescription");
                    w.WriteString("text", r.Description);
                    w.WriteEndObject();
                    w.WriteStartObject("help");
                    w.WriteString("text", r.Help);
                    w.WriteEndObject();
                    w.WriteStartObject("defaultConfiguration");
                    w.WriteString("level", outcome.Policy.LevelOf(r));
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartArray("results");
                foreach (var f in Ordered(outcome))
                {
                    w.WriteStartObject();
                    w.WriteString("ruleId", f.RuleId);
                    w.WriteNumber("ruleIndex", rules.IndexOf(f.Rule));
                    w.WriteString("level", f.Level);
                    w.WriteStartObject("message");
                    w.WriteString("text", f.Message);
                    w.WriteEndObject();
                    w.WriteStartArray("locations");
                    w.WriteStartObject();
                    w.WriteStartObject("physicalLocation");
                    w.WriteStartObject("artifactLocation");
                    w.WriteString("uri", Uri(f, projectDir));
                    w.WriteEndObject();
                    w.WriteStartObject("region");
                    w.WriteNumber("startLine", Math.Max(1, f.Location?.Line ?? 1));
                    w.WriteNumber("startColumn", Math.Max(1, f.Location?.Column ?? 1));
                    w.WriteEndObject();
                    w.WriteEndObject();
                    if (f.Location?.Symbol is not null)
                    {
                        w.WriteStartArray("logicalLocations");
                        w.WriteStartObject();
                        w.WriteString("fullyQualifiedName", f.Location.Symbol);
                        w.WriteString("kind", "function");
                        w.WriteEndObject();
                        w.WriteEndArray();
                    }

                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteStartObject("partialFingerprints");
                    w.WriteString("mlopsPipeline/v1", f.Pipeline.Id + "|" + f.RuleId);
                    w.WriteEndObject();
                    w.WriteStartObject("properties");
                    w.WriteString("pipelineId", f.Pipeline.Id);
                    w.WriteString("manifest", f.Pipeline.Manifest.DisplayPath);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        }
    }
}
