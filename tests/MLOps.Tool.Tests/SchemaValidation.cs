using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Json.Schema;
using Xunit;

namespace MLOps.Tool.Tests
{
    /// <summary>Validates JSON against the vendored official schemas (Schemas/README.md) with JsonSchema.Net.</summary>
    public static class SchemaValidation
    {
        private static readonly Lazy<JsonSchema> CycloneDx = new(() =>
        {
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            // The BOM schema's $refs are relative ("spdx.SNAPSHOT.schema.json"): register the referenced schemas where
            // they resolve against the BOM schema's $id (http://cyclonedx.org/schema/bom-1.6.schema.json).
            foreach (var name in new[] { "spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json" })
            {
                var uri = new Uri("http://cyclonedx.org/schema/" + name);
                options.SchemaRegistry.Register(uri, JsonSchema.FromText(File.ReadAllText(ToolRunner.SchemaPath(name)), options, uri));
            }

            return JsonSchema.FromText(File.ReadAllText(ToolRunner.SchemaPath("bom-1.6.SNAPSHOT.schema.json")), options);
        });

        private static readonly Lazy<JsonSchema> Sarif = new(() =>
            JsonSchema.FromText(File.ReadAllText(ToolRunner.SchemaPath("sarif-schema-2.1.0.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

        private static readonly Lazy<JsonSchema> PolicySchema = new(() =>
            JsonSchema.FromText(File.ReadAllText(ToolRunner.SchemaPath("policy.schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

        public static IReadOnlyList<string> CycloneDxErrors(string json) => Errors(CycloneDx.Value, json);

        public static IReadOnlyList<string> SarifErrors(string json) => Errors(Sarif.Value, json);

        public static IReadOnlyList<string> PolicyErrors(string json) => Errors(PolicySchema.Value, json);

        public static void AssertValid(IReadOnlyList<string> errors, string what) =>
            Assert.True(errors.Count == 0, what + " does not validate:\n" + string.Join("\n", errors.Take(30)));

        private static IReadOnlyList<string> Errors(JsonSchema schema, string json)
        {
            using var document = JsonDocument.Parse(json);
            var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid)
            {
                return Array.Empty<string>();
            }

            var errors = (result.Details ?? new List<EvaluationResults>())
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"))
                .ToList();
            return errors.Count == 0 ? new[] { "invalid (no details)" } : errors;
        }
    }
}
