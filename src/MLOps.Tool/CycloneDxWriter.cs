using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MLOps.Tool
{
    /// <summary>
    /// `export cyclonedx`: a CycloneDX 1.6 JSON ML-BOM written by hand (no object model package), byte-deterministic:
    /// no timestamp, no serial number, keys in a fixed order. One machine-learning-model component per pipeline, data
    /// files as data components, the estimator chain and its hyperparameters in formulation.
    /// </summary>
    public static class CycloneDxWriter
    {
        public static string Write(IReadOnlyList<Manifest> manifests, string toolVersion)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                var pipelines = manifests.SelectMany(m => m.Pipelines).GroupBy(p => p.Id, StringComparer.Ordinal).Select(g => g.First()).ToList();
                var data = pipelines.SelectMany(p => p.Data)
                    .Select(DataRef)
                    .GroupBy(d => d.Ref, StringComparer.Ordinal)
                    .Select(g => g.First())
                    .OrderBy(d => d.Ref, StringComparer.Ordinal)
                    .ToList();
                var libraries = manifests.SelectMany(m => m.References)
                    .GroupBy(r => r.Name, StringComparer.Ordinal)
                    .Select(g => (Name: g.Key, Version: g.First().Version?.Split('+')[0]))
                    .OrderBy(r => r.Name, StringComparer.Ordinal)
                    .ToList();
                var apps = manifests.Select(m => m.AssemblyName).Distinct(StringComparer.Ordinal).OrderBy(a => a, StringComparer.Ordinal).ToList();

                w.WriteStartObject();
                w.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
                w.WriteString("bomFormat", "CycloneDX");
                w.WriteString("specVersion", "1.6");
                w.WriteNumber("version", 1);

                w.WriteStartObject("metadata");
                w.WriteStartArray("lifecycles");
                w.WriteStartObject();
                w.WriteString("phase", "build");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartObject("tools");
                w.WriteStartArray("components");
                w.WriteStartObject();
                w.WriteString("type", "application");
                w.WriteString("name", "dotnet-mlops");
                w.WriteString("version", toolVersion);
                w.WriteEndObject();
                foreach (var generator in manifests.Select(m => m.GeneratorVersion).Where(v => v is not null).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal))
                {
                    w.WriteStartObject();
                    w.WriteString("type", "application");
                    w.WriteString("name", "MLOps.Analyzers");
                    w.WriteString("version", generator);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartObject("component");
                w.WriteString("type", "application");
                w.WriteString("bom-ref", "app:" + string.Join("+", apps));
                w.WriteString("name", string.Join(", ", apps));
                w.WriteEndObject();
                w.WriteEndObject();

                w.WriteStartArray("components");
                foreach (var p in pipelines)
                {
                    WriteModel(w, p);
                }

                foreach (var d in data)
                {
                    w.WriteStartObject();
                    w.WriteString("type", "data");
                    w.WriteString("bom-ref", d.Ref);
                    w.WriteString("name", d.Name);
                    w.WriteStartArray("data");
                    w.WriteStartObject();
                    w.WriteString("type", "dataset");
                    w.WriteString("name", d.Name);
                    w.WriteStartObject("contents");
                    if (d.Url is not null)
                    {
                        w.WriteString("url", d.Url);
                    }

                    w.WriteStartArray("properties");
                    Property(w, "mlops:path.provenance", d.Provenance);
                    if (d.Loader is not null)
                    {
                        Property(w, "mlops:loader", d.Loader);
                    }

                    if (d.RowType is not null)
                    {
                        Property(w, "mlops:rowType", d.RowType);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteString("description", "Loaded by the pipelines' training code; the manifest records where, not the content.");
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                foreach (var (name, version) in libraries)
                {
                    w.WriteStartObject();
                    w.WriteString("type", "library");
                    w.WriteString("bom-ref", "lib:" + name);
                    w.WriteString("name", name);
                    if (version is not null)
                    {
                        w.WriteString("version", version);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();

                w.WriteStartArray("dependencies");
                w.WriteStartObject();
                w.WriteString("ref", "app:" + string.Join("+", apps));
                Refs(w, pipelines.Select(p => "model:" + p.Id));
                w.WriteEndObject();
                foreach (var p in pipelines)
                {
                    w.WriteStartObject();
                    w.WriteString("ref", "model:" + p.Id);
                    Refs(w, p.Data.Select(d => DataRef(d).Ref).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal)
                        .Concat(p.Manifest.References.Select(r => "lib:" + r.Name).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal)));
                    w.WriteEndObject();
                }

                foreach (var d in data)
                {
                    w.WriteStartObject();
                    w.WriteString("ref", d.Ref);
                    w.WriteEndObject();
                }

                foreach (var (name, _) in libraries)
                {
                    w.WriteStartObject();
                    w.WriteString("ref", "lib:" + name);
                    w.WriteEndObject();
                }

                w.WriteEndArray();

                w.WriteStartArray("formulation");
                foreach (var p in pipelines)
                {
                    WriteFormula(w, p);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
        }

        private sealed record DataInfo(string Ref, string Name, string? Url, string Provenance, string? Loader, string? RowType);

        private static DataInfo DataRef(DataEntry d)
        {
            var name = d.Path.Value ?? $"({d.Path.Provenance}{(d.RowType is null ? "" : " " + d.RowType)})";
            var url = d.Path.Provenance is "relative" or "baseDirectory" ? d.Path.Value : null;
            return new DataInfo("data:" + name, name, url, d.Path.Provenance, d.Loader, d.RowType);
        }

        private static void WriteModel(Utf8JsonWriter w, Pipeline p)
        {
            w.WriteStartObject();
            w.WriteString("type", "machine-learning-model");
            w.WriteString("bom-ref", "model:" + p.Id);
            w.WriteString("name", p.Name);
            w.WriteString("description", $"{p.Task} pipeline {p.Id}, trained by {p.Trainer?.CatalogPath ?? "an unknown trainer"}" + (p.Source is null ? "" : $" at {p.Source}"));
            w.WriteStartObject("modelCard");
            w.WriteStartObject("modelParameters");
            w.WriteStartObject("approach");
            w.WriteString("type", p.Task is "Clustering" or "AnomalyDetection" ? "unsupervised" : "supervised");
            w.WriteEndObject();
            w.WriteString("task", p.Task);
            var family = ArchitectureFamily(p.Trainer?.CatalogPath);
            if (family is not null)
            {
                w.WriteString("architectureFamily", family);
            }

            if (p.Trainer?.EstimatorType is not null)
            {
                w.WriteString("modelArchitecture", p.Trainer.EstimatorType);
            }

            var refs = p.Data.Select(d => DataRef(d).Ref).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal).ToList();
            if (refs.Count > 0)
            {
                w.WriteStartArray("datasets");
                foreach (var r in refs)
                {
                    w.WriteStartObject();
                    w.WriteString("ref", r);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteStartArray("inputs");
            w.WriteStartObject();
            w.WriteString("format", "tabular");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("properties");
            Property(w, "mlops:definitionHash", "sha256:" + p.DefinitionHash);
            Property(w, "mlops:deterministic", p.Deterministic);
            Property(w, "mlops:context.seed", p.ContextText);
            Property(w, "mlops:chainFullyKnown", p.ChainFullyKnown ? "true" : "false");
            if (p.Source is not null)
            {
                Property(w, "mlops:source", $"{p.Source.File}:{p.Source.Line}:{p.Source.Column}");
            }

            if (p.Factory is not null)
            {
                Property(w, "mlops:factory", p.Factory);
            }

            foreach (var e in p.Evaluations)
            {
                Property(w, "mlops:evaluation", $"{e.Method} on {e.DataRole}");
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static void WriteFormula(Utf8JsonWriter w, Pipeline p)
        {
            var train = p.Data.Where(d => d.Role == "train").Select(d => DataRef(d).Ref).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal).ToList();
            w.WriteStartObject();
            w.WriteString("bom-ref", "formula:" + p.Id);
            w.WriteStartArray("workflows");
            w.WriteStartObject();
            w.WriteString("bom-ref", "workflow:" + p.Id);
            w.WriteString("uid", p.Id);
            w.WriteString("name", p.Name);
            w.WriteStartArray("tasks");

            w.WriteStartObject();
            w.WriteString("bom-ref", "task:" + p.Id + ":train");
            w.WriteString("uid", p.Id + ":train");
            w.WriteString("name", "train");
            w.WriteStartArray("taskTypes");
            w.WriteStringValue("build");
            w.WriteEndArray();
            w.WriteStartArray("steps");
            foreach (var s in p.Steps)
            {
                w.WriteStartObject();
                w.WriteString("name", s.CatalogPath);
                w.WriteString("description", $"{s.Role} #{s.Index}" + (s.EstimatorType is null ? "" : ": " + s.EstimatorType));
                if (s.Arguments.Count > 0)
                {
                    w.WriteStartArray("properties");
                    foreach (var a in s.Arguments)
                    {
                        Property(w, a.Name, $"{Value(a.Value)} ({a.Provenance})");
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (train.Count > 0)
            {
                w.WriteStartArray("inputs");
                foreach (var r in train)
                {
                    w.WriteStartObject();
                    w.WriteStartObject("resource");
                    w.WriteString("ref", r);
                    w.WriteEndObject();
                    w.WriteEndObject();

                    // An input holds exactly one of resource, parameters, environmentVars or data: the split is its own input.
                    var split = p.Data.FirstOrDefault(d => d.Role == "train" && DataRef(d).Ref == r && d.SplitMethod is not null);
                    if (split is not null)
                    {
                        w.WriteStartObject();
                        w.WriteStartArray("parameters");
                        foreach (var a in split.SplitArguments)
                        {
                            w.WriteStartObject();
                            w.WriteString("name", split.SplitMethod + "." + a.Name);
                            w.WriteString("value", Value(a.Value));
                            w.WriteString("dataType", DataType(a.Value));
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                }

                w.WriteEndArray();
            }

            w.WriteStartArray("outputs");
            w.WriteStartObject();
            w.WriteString("type", "artifact");
            w.WriteStartObject("resource");
            w.WriteString("ref", "model:" + p.Id);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();

            if (p.Evaluations.Count > 0)
            {
                w.WriteStartObject();
                w.WriteString("bom-ref", "task:" + p.Id + ":evaluate");
                w.WriteString("uid", p.Id + ":evaluate");
                w.WriteString("name", "evaluate");
                w.WriteStartArray("taskTypes");
                w.WriteStringValue("test");
                w.WriteEndArray();
                w.WriteStartArray("steps");
                foreach (var e in p.Evaluations)
                {
                    w.WriteStartObject();
                    w.WriteString("name", e.Method);
                    w.WriteString("description", $"on {e.DataRole} data" + (e.MetricsRead.Count > 0 ? "; reads " + string.Join(", ", e.MetricsRead) : ""));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("taskTypes");
            w.WriteStringValue("build");
            if (p.Evaluations.Count > 0)
            {
                w.WriteStringValue("test");
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static string Value(JsonNode? value) => value switch
        {
            null => "null",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => value.ToJsonString(),
        };

        private static string DataType(JsonNode? value) => value switch
        {
            null => "null",
            JsonValue v when v.TryGetValue<string>(out _) => "string",
            JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
            JsonValue => "number",
            JsonArray => "array",
            _ => "object",
        };

        private static string? ArchitectureFamily(string? catalogPath)
        {
            var name = catalogPath?.Split('.').Last() ?? "";
            return name switch
            {
                "FastTree" or "FastTreeTweedie" or "FastForest" or "LightGbm" or "Gam" => "decision trees (gradient boosting or forests)",
                "Sdca" or "SdcaLogisticRegression" or "SdcaNonCalibrated" or "SdcaMaximumEntropy" or "SgdCalibrated" or "SgdNonCalibrated" or "LbfgsPoissonRegression" or "LbfgsLogisticRegression" or "LbfgsMaximumEntropy" or "OnlineGradientDescent" or "AveragedPerceptron" or "LinearSvm" or "Ols" or "SymbolicSgdLogisticRegression" or "LdSvm" => "linear models",
                "KMeans" => "k-means clustering",
                "RandomizedPca" => "principal component analysis",
                "NaiveBayes" => "naive Bayes",
                "FieldAwareFactorizationMachine" => "factorization machines",
                "OneVersusAll" or "PairwiseCoupling" => "one-versus-all ensemble",
                _ => null,
            };
        }

        private static void Property(Utf8JsonWriter w, string name, string value)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("value", value);
            w.WriteEndObject();
        }

        private static void Refs(Utf8JsonWriter w, IEnumerable<string> refs)
        {
            w.WriteStartArray("dependsOn");
            foreach (var r in refs.Distinct(StringComparer.Ordinal))
            {
                w.WriteStringValue(r);
            }

            w.WriteEndArray();
        }
    }
}
