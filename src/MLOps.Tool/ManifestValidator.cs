using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Json.Schema;

namespace MLOps.Tool
{
    /// <summary>`validate`: a manifest against docs/manifest.schema.json, bundled in the tool as a resource.</summary>
    public static class ManifestValidator
    {
        private static readonly Lazy<JsonSchema> Schema = new(() =>
        {
            using var stream = typeof(ManifestValidator).Assembly.GetManifestResourceStream("MLOps.Tool.manifest.schema.json")
                ?? throw new InvalidOperationException("The bundled manifest schema is missing.");
            using var reader = new StreamReader(stream);
            return JsonSchema.FromText(reader.ReadToEnd());
        });

        public static IReadOnlyList<string> Validate(Manifest manifest)
        {
            using var document = JsonDocument.Parse(manifest.Text);
            var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid)
            {
                return Array.Empty<string>();
            }

            var failed = (result.Details ?? new List<EvaluationResults>()).Where(d => d.Errors is { Count: > 0 }).ToList();

            // The list output also holds the failures of the anyOf/oneOf branches not taken and of if conditions: show the errors
            // outside such branches when there are some, as they are the ones that make the manifest invalid.
            var branches = new[] { "/anyOf/", "/oneOf/", "/if", "/not" };
            var direct = failed.Where(d => !branches.Any(b => d.EvaluationPath.ToString().Contains(b, StringComparison.Ordinal))).ToList();
            var errors = (direct.Count > 0 ? direct : failed)
                .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is "" ? "/" : d.InstanceLocation.ToString())}: {e.Value}"))
                .Distinct(StringComparer.Ordinal)
                .OrderBy(e => e, StringComparer.Ordinal)
                .ToList();
            return errors.Count == 0 ? new[] { "/: does not match the schema" } : errors;
        }
    }
}
