using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace MLOps.Analyzers.EndToEnd.Tests
{
    /// <summary>One result of the compiler's SARIF 2.1 error log (-p:ErrorLog=file,version=2.1).</summary>
    public sealed record SarifResult(string RuleId, string Level, string Message, string? FilePath, int Line, int Column, bool Suppressed)
    {
        public string FileName => FilePath is null ? "<no location>" : Path.GetFileName(FilePath);

        public DiagnosticKey Key => new(FileName, Line, RuleId);

        public override string ToString() => $"{FileName}({Line},{Column}): {Level} {RuleId}{(Suppressed ? " (suppressed)" : "")}: {Message}";
    }

    public static class SarifLog
    {
        public static IReadOnlyList<SarifResult> Read(string path)
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            if (!root.TryGetProperty("version", out var version) || version.GetString() != "2.1.0")
            {
                throw new FormatException($"{path} is not a SARIF 2.1.0 log (version: {(root.TryGetProperty("version", out var v) ? v.ToString() : "missing")}).");
            }

            var results = new List<SarifResult>();
            foreach (var run in root.GetProperty("runs").EnumerateArray())
            {
                if (!run.TryGetProperty("results", out var runResults))
                {
                    continue;
                }

                foreach (var result in runResults.EnumerateArray())
                {
                    var ruleId = result.TryGetProperty("ruleId", out var id) ? id.GetString() ?? "" : "";
                    // SARIF's default level is "warning".
                    var level = result.TryGetProperty("level", out var lv) ? lv.GetString() ?? "warning" : "warning";
                    var message = result.TryGetProperty("message", out var m) && m.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "";
                    var suppressed = result.TryGetProperty("suppressions", out var s) && s.ValueKind == JsonValueKind.Array && s.GetArrayLength() > 0;

                    string? filePath = null;
                    int line = 0, column = 0;
                    if (result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0 &&
                        locations[0].TryGetProperty("physicalLocation", out var physical))
                    {
                        if (physical.TryGetProperty("artifactLocation", out var artifact) && artifact.TryGetProperty("uri", out var uri))
                        {
                            filePath = ToLocalPath(uri.GetString());
                        }

                        if (physical.TryGetProperty("region", out var region))
                        {
                            line = region.TryGetProperty("startLine", out var sl) ? sl.GetInt32() : 0;
                            column = region.TryGetProperty("startColumn", out var sc) ? sc.GetInt32() : 0;
                        }
                    }

                    results.Add(new SarifResult(ruleId, level, message, filePath, line, column, suppressed));
                }
            }

            return results;
        }

        private static string? ToLocalPath(string? uri)
        {
            if (string.IsNullOrEmpty(uri))
            {
                return null;
            }

            return Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.IsFile
                ? absolute.LocalPath
                : Uri.UnescapeDataString(uri);
        }
    }
}
