using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MLOps.Tool
{
    /// <summary>One pipeline manifest (docs/manifest.md), read leniently: unknown keys within major version 1 are
    /// ignored, and missing optional keys read as null.</summary>
    public sealed class Manifest
    {
        public const int SupportedMajor = 1;

        private Manifest(string displayPath, JsonObject root, string text)
        {
            DisplayPath = displayPath;
            Root = root;
            Text = text;
            SchemaVersion = root["schemaVersion"]?.GetValue<string>() ?? "";
            AssemblyName = root["compilation"]?["assemblyName"]?.GetValue<string>() ?? Path.GetFileName(displayPath);
            GeneratorVersion = root["generator"]?["version"]?.GetValue<string>();
            References = (root["compilation"]?["references"] as JsonArray ?? new JsonArray())
                .OfType<JsonObject>()
                .Select(r => (Name: Str(r["name"]) ?? "?", Version: Str(r["informationalVersion"])))
                .ToList();
            Pipelines = (root["pipelines"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(p => new Pipeline(p, this)).ToList();
        }

        /// <summary>The path as the user gave it (relative to the current directory when it is under it).</summary>
        public string DisplayPath { get; }
        public JsonObject Root { get; }
        public string Text { get; }
        public string SchemaVersion { get; }
        public string AssemblyName { get; }
        public string? GeneratorVersion { get; }
        public IReadOnlyList<(string Name, string? Version)> References { get; }
        public IReadOnlyList<Pipeline> Pipelines { get; }

        public static Manifest Parse(string text, string displayPath)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
            }
            catch (JsonException e)
            {
                throw new InputException($"{displayPath}: not valid JSON ({OneLine(e.Message)})");
            }

            if (node is not JsonObject root)
            {
                throw new InputException($"{displayPath}: not a pipeline manifest (the JSON is not an object)");
            }

            var version = root["schemaVersion"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (version is null)
            {
                throw new InputException($"{displayPath}: not a pipeline manifest (no \"schemaVersion\")");
            }

            var major = version.Split('.')[0];
            if (!int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m != SupportedMajor)
            {
                throw new InputException($"{displayPath}: manifest schemaVersion {version} is not supported (this tool reads major version {SupportedMajor})");
            }

            try
            {
                return new Manifest(displayPath, root, text);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
            {
                throw new InputException($"{displayPath}: not a valid version-1 manifest ({OneLine(e.Message)})");
            }
        }

        internal static string? Str(JsonNode? node) =>
            node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        internal static string OneLine(string text)
        {
            var line = text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
            return line.Length > 300 ? line.Substring(0, 300) + "…" : line;
        }
    }

    public sealed record SourceLocation(string File, int Line, int Column, string? Symbol)
    {
        public static SourceLocation? From(JsonNode? node) =>
            node is JsonObject o
                ? new SourceLocation(Manifest.Str(o["file"]) ?? "?", Int(o["line"]), Int(o["column"]), Manifest.Str(o["symbol"]))
                : null;

        public override string ToString() => $"{File}:{Line}";

        private static int Int(JsonNode? n) => n is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;
    }

    public sealed record Argument(string Name, JsonNode? Value, string Provenance)
    {
        public string ValueText => Format(Value);

        public static string Format(JsonNode? value) => value is null ? "null" : value.ToJsonString();
    }

    public sealed class Step
    {
        public Step(JsonObject o)
        {
            Index = o["index"] is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;
            Role = Manifest.Str(o["role"]) ?? "?";
            CatalogPath = Manifest.Str(o["catalogPath"]) ?? "?";
            EstimatorType = Manifest.Str(o["estimatorType"]);
            Arguments = ReadArguments(o["arguments"]);
            InputColumns = (o["inputColumns"] as JsonArray)?.Select(c => Manifest.Str(c) ?? "").ToList();
            OutputColumns = (o["outputColumns"] as JsonArray)?.Select(c => Manifest.Str(c) ?? "").ToList();
            Randomness = o["randomness"] as JsonObject;
        }

        public int Index { get; }
        public string Role { get; }
        public string CatalogPath { get; }
        public string? EstimatorType { get; }
        public IReadOnlyList<Argument> Arguments { get; }
        public IReadOnlyList<string>? InputColumns { get; }
        public IReadOnlyList<string>? OutputColumns { get; }
        public JsonObject? Randomness { get; }

        internal static IReadOnlyList<Argument> ReadArguments(JsonNode? node) =>
            (node as JsonObject ?? new JsonObject())
                .Select(kv => new Argument(kv.Key, kv.Value?["value"], Manifest.Str(kv.Value?["provenance"]) ?? "?"))
                .OrderBy(a => a.Name, StringComparer.Ordinal)
                .ToList();
    }

    public sealed record DataPath(string Provenance, string? Value)
    {
        public static DataPath From(JsonNode? node) => new(Manifest.Str(node?["provenance"]) ?? "unknown", Manifest.Str(node?["value"]));

        public override string ToString() => Value is null ? $"({Provenance})" : $"{Value} ({Provenance})";
    }

    public sealed class DataEntry
    {
        public DataEntry(JsonObject o)
        {
            Role = Manifest.Str(o["role"]) ?? "unknown";
            Loader = Manifest.Str(o["loader"]);
            RowType = Manifest.Str(o["rowType"]);
            Path = DataPath.From(o["path"]);
            LoaderOptions = Step.ReadArguments(o["loaderOptions"]);
            RowOperations = (o["rowOperations"] as JsonArray)?.Select(c => Manifest.Str(c) ?? "").ToList() ?? new List<string>();
            if (o["split"] is JsonObject split)
            {
                SplitMethod = Manifest.Str(split["method"]) ?? "unknown";
                SplitArguments = Step.ReadArguments(split["arguments"]);
            }
        }

        public string Role { get; }
        public string? Loader { get; }
        public string? RowType { get; }
        public DataPath Path { get; }
        public IReadOnlyList<Argument> LoaderOptions { get; }
        public IReadOnlyList<string> RowOperations { get; }
        public string? SplitMethod { get; }
        public IReadOnlyList<Argument> SplitArguments { get; } = Array.Empty<Argument>();

        public string SplitText =>
            SplitMethod is null
                ? "none"
                : SplitMethod + "(" + string.Join(", ", SplitArguments.Where(a => a.Provenance != "default").Select(a => $"{a.Name}: {a.ValueText}")) + ")";
    }

    public sealed record Evaluation(string Method, string? MetricsType, string DataRole, IReadOnlyList<string> MetricsRead, SourceLocation? Source);

    /// <summary>A save of the model. <see cref="Format"/>: <c>mlnet</c> (<c>Model.Save</c>) or <c>onnx</c> (<c>ConvertToOnnx</c>); a manifest before 1.2 has no format and only mlnet saves.</summary>
    public sealed record Save(string WithInputSchema, DataPath Path, SourceLocation? Source, string Format = "mlnet")
    {
        /// <summary>" format=onnx" for a save that is not an ML.NET zip; empty otherwise, so a 1.1 and a 1.2 manifest of the same code compare equal.</summary>
        public string FormatSuffix => Format == "mlnet" ? "" : " format=" + Format;
    }

    public sealed class Pipeline
    {
        public Pipeline(JsonObject o, Manifest manifest)
        {
            Json = o;
            Manifest = manifest;
            Id = Manifest.Str(o["id"]) ?? throw new InvalidOperationException("a pipeline has no id");
            Name = Manifest.Str(o["name"]) ?? Id;
            Task = Manifest.Str(o["task"]) ?? "Unknown";
            Source = SourceLocation.From(o["source"]);
            DefinitionHash = Manifest.Str(o["definitionHash"]?["value"]) ?? "";
            Seed = o["context"]?["seed"] is JsonValue sv && sv.TryGetValue<long>(out var seed) ? seed : null;
            SeedKind = Manifest.Str(o["context"]?["seedKind"]) ?? "unknown";
            ChainFullyKnown = o["chainFullyKnown"] is JsonValue c && c.TryGetValue<bool>(out var known) && known;
            Steps = (o["steps"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(s => new Step(s)).ToList();
            Data = (o["data"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(d => new DataEntry(d)).ToList();
            Evaluations = (o["evaluations"] as JsonArray ?? new JsonArray()).OfType<JsonObject>()
                .Select(e => new Evaluation(
                    Manifest.Str(e["method"]) ?? "?",
                    Manifest.Str(e["metricsType"]),
                    Manifest.Str(e["dataRole"]) ?? "unknown",
                    (e["metricsRead"] as JsonArray)?.Select(m => Manifest.Str(m) ?? "").ToList() ?? new List<string>(),
                    SourceLocation.From(e["source"])))
                .ToList();
            Saves = (o["persistence"]?["saves"] as JsonArray ?? new JsonArray()).OfType<JsonObject>()
                .Select(s => new Save(Manifest.Str(s["withInputSchema"]) ?? "?", DataPath.From(s["path"]), SourceLocation.From(s["source"]), Manifest.Str(s["format"]) ?? "mlnet"))
                .ToList();
            Loads = (o["persistence"]?["loads"] as JsonArray ?? new JsonArray()).OfType<JsonObject>()
                .Select(l => (DiscardsInputSchema: l["discardsInputSchema"] is JsonValue d && d.TryGetValue<bool>(out var b) && b, Path: DataPath.From(l["path"])))
                .ToList();
            Deterministic = o["deterministic"] switch
            {
                JsonValue dv when dv.TryGetValue<bool>(out var b) => b ? "true" : "false",
                JsonValue dv when dv.TryGetValue<string>(out var s) => s,
                _ => "unknown",
            };
            Reasons = (o["reasons"] as JsonArray)?.Select(r => Manifest.Str(r) ?? "").ToList() ?? new List<string>();
            if (o["factory"] is JsonObject f)
            {
                Factory = (Manifest.Str(f["containingType"]) ?? "?") + "." + (Manifest.Str(f["method"]) ?? "?");
                FactoryCallable = f["callable"] is JsonValue cv && cv.TryGetValue<bool>(out var callable) && callable;
                FactoryNotCallableReason = Manifest.Str(f["notCallableReason"]);
            }
        }

        public JsonObject Json { get; }
        public Manifest Manifest { get; }
        public string Id { get; }
        public string Name { get; }
        public string Task { get; }
        public SourceLocation? Source { get; }
        public string DefinitionHash { get; }
        public long? Seed { get; }
        public string SeedKind { get; }
        public bool ChainFullyKnown { get; }
        public IReadOnlyList<Step> Steps { get; }
        public IReadOnlyList<DataEntry> Data { get; }
        public IReadOnlyList<Evaluation> Evaluations { get; }
        public IReadOnlyList<Save> Saves { get; }
        public IReadOnlyList<(bool DiscardsInputSchema, DataPath Path)> Loads { get; }

        /// <summary>"true", "false" or "unknown".</summary>
        public string Deterministic { get; }
        public IReadOnlyList<string> Reasons { get; }
        public string? Factory { get; }
        public bool FactoryCallable { get; }
        public string? FactoryNotCallableReason { get; }

        public Step? Trainer => Steps.FirstOrDefault(s => s.Role == "trainer");

        public string TrainerName => Trainer?.CatalogPath.Split('.').Last() ?? "?";

        public string ContextText => SeedKind switch
        {
            "constant" => $"seed {Seed}",
            "null" => "no seed",
            _ => $"seed {SeedKind}",
        };

        /// <summary>The trainer's hyperparameters left at the library default (not column names).</summary>
        public IReadOnlyList<Argument> DefaultHyperparameters =>
            Trainer?.Arguments.Where(a => a.Provenance == "default" && !a.Name.EndsWith("ColumnName", StringComparison.Ordinal)).ToList()
            ?? (IReadOnlyList<Argument>)Array.Empty<Argument>();

        public bool EvaluatedOnHeldOut => Evaluations.Any(e => e.DataRole is "test" or "crossValidation");

        public string Display => $"{Name} ({Task} · {TrainerName})";
    }
}
