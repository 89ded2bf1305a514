// Generates src/MLOps.Analyzers/Model/TrainerFacts.g.cs from ML.NET's entry-point manifest.
//
//   dotnet run tools/TrainerFactsGenerator/GenerateTrainerFacts.cs -- <manifest.json> <output.cs> [--commit <sha>]
//
// The manifest is the entry-point baseline of dotnet/machinelearning (MIT). Only the generated C# file is
// committed; nothing in the repository reads the manifest at build or test time. See README.md next to this
// file for the derivation rules and for when to re-run the tool.
//
// The hand-written knowledge (which ML.NET 5.0.1 class implements which entry point, which entry points are
// not mapped, which trainers are random although the manifest does not say so) lives in this file only.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

const string DefaultSourceCommit = "cd2fbd6";
const string ToolPath = "tools/TrainerFactsGenerator/GenerateTrainerFacts.cs";

string? manifestPath = null;
string? outputPath = null;
string sourceCommit = DefaultSourceCommit;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--commit" && i + 1 < args.Length)
    {
        sourceCommit = args[++i];
    }
    else if (manifestPath is null)
    {
        manifestPath = args[i];
    }
    else if (outputPath is null)
    {
        outputPath = args[i];
    }
    else
    {
        return Usage($"unexpected argument '{args[i]}'");
    }
}

if (manifestPath is null || outputPath is null)
{
    return Usage("missing arguments");
}

byte[] manifestBytes = File.ReadAllBytes(manifestPath);
string manifestSha256 = Convert.ToHexString(SHA256.HashData(manifestBytes)).ToLowerInvariant();

using JsonDocument manifest = JsonDocument.Parse(manifestBytes);
var entryPoints = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
foreach (JsonElement entryPoint in manifest.RootElement.GetProperty("EntryPoints").EnumerateArray())
{
    string name = entryPoint.GetProperty("Name").GetString()!;
    if (name.StartsWith("Trainers.", StringComparison.Ordinal))
    {
        entryPoints.Add(name, entryPoint);
    }
}

// Every trainer entry point must be classified: a new ML.NET manifest with a new trainer fails here on purpose.
var errors = new List<string>();
foreach (string name in entryPoints.Keys)
{
    if (!Mapping.Classes.ContainsKey(name) && !Mapping.Unmapped.ContainsKey(name))
    {
        errors.Add($"entry point '{name}' is neither in Mapping.Classes nor in Mapping.Unmapped");
    }
}

foreach (string name in Mapping.Classes.Keys.Concat(Mapping.Unmapped.Keys).Concat(Mapping.DocumentedRandom.Keys))
{
    if (!entryPoints.ContainsKey(name))
    {
        errors.Add($"the hand-written map names '{name}', which is not a 'Trainers.*' entry point of the manifest");
    }
}

var rows = new List<Row>();
var optionLists = new SortedDictionary<string, List<OptionRow>>(StringComparer.Ordinal);
foreach ((string name, JsonElement entryPoint) in entryPoints)
{
    if (!Mapping.Classes.TryGetValue(name, out TrainerClass[]? classes))
    {
        continue;
    }

    var inputs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
    var options = new List<OptionRow>();
    foreach (JsonElement input in entryPoint.GetProperty("Inputs").EnumerateArray())
    {
        string inputName = input.GetProperty("Name").GetString()!;
        inputs.Add(inputName, input);
        if (inputName == "TrainingData")
        {
            continue;
        }

        options.Add(new OptionRow(
            inputName,
            TypeText(input.GetProperty("Type")),
            input.TryGetProperty("Default", out JsonElement defaultValue) ? ValueText(defaultValue) : null,
            input.TryGetProperty("Desc", out JsonElement desc) && desc.ValueKind == JsonValueKind.String ? desc.GetString()! : ""));
    }

    options.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
    optionLists.Add(name, options);

    ThreadDeterminism determinism =
        inputs.TryGetValue("NumberOfThreads", out JsonElement threads)
            && threads.TryGetProperty("Desc", out JsonElement threadsDesc)
            && (threadsDesc.GetString() ?? "").Contains("Determinism not guaranteed", StringComparison.Ordinal)
        ? ThreadDeterminism.NotGuaranteedUnlessSingleThread
        : inputs.ContainsKey("Deterministic")
            ? ThreadDeterminism.NotGuaranteedUnlessDeterministic
            : ThreadDeterminism.Deterministic;

    bool shufflesByDefault = DefaultOf(inputs, "Shuffle") == "true";
    bool hasSeed = inputs.ContainsKey("Seed");
    bool usesRandomness = hasSeed || shufflesByDefault || Mapping.DocumentedRandom.ContainsKey(name);

    int? ownSeedDefault = null;
    if (hasSeed && inputs["Seed"].TryGetProperty("Default", out JsonElement seedDefault) && seedDefault.ValueKind == JsonValueKind.Number)
    {
        ownSeedDefault = seedDefault.GetInt32();
    }

    string? normalizeDefault = DefaultOf(inputs, "NormalizeFeatures");
    string? cachingDefault = DefaultOf(inputs, "Caching");
    if (normalizeDefault is null || cachingDefault is null)
    {
        errors.Add($"entry point '{name}' has no default for NormalizeFeatures or Caching");
        continue;
    }

    foreach (TrainerClass trainerClass in classes)
    {
        rows.Add(new Row(name, trainerClass, determinism, usesRandomness, ownSeedDefault, shufflesByDefault, normalizeDefault, cachingDefault));
    }
}

rows.Sort((a, b) => string.CompareOrdinal(a.Class.TypeName, b.Class.TypeName));
foreach (IGrouping<string, Row> duplicate in rows.GroupBy(r => r.Class.TypeName, StringComparer.Ordinal).Where(g => g.Count() > 1))
{
    errors.Add($"trainer class '{duplicate.Key}' is mapped from several entry points: {string.Join(", ", duplicate.Select(r => r.EntryPointName))}");
}

if (errors.Count > 0)
{
    foreach (string error in errors)
    {
        Console.Error.WriteLine("error: " + error);
    }

    return 1;
}

string text = Render(rows, optionLists, entryPoints.Count, Path.GetFileName(manifestPath), sourceCommit, manifestSha256);
string? directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
if (directory is not null)
{
    Directory.CreateDirectory(directory);
}

File.WriteAllText(outputPath, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
Console.WriteLine(
    $"{outputPath}: {entryPoints.Count} 'Trainers.*' entry points, {optionLists.Count} mapped to {rows.Count} trainer classes, " +
    $"{Mapping.Unmapped.Count} not mapped.");
return 0;

static int Usage(string problem)
{
    Console.Error.WriteLine($"error: {problem}");
    Console.Error.WriteLine($"usage: dotnet run {ToolPath} -- <manifest.json> <output.cs> [--commit <sha>]");
    return 2;
}

static string? DefaultOf(Dictionary<string, JsonElement> inputs, string inputName)
    => inputs.TryGetValue(inputName, out JsonElement input) && input.TryGetProperty("Default", out JsonElement value)
        ? ValueText(value)
        : null;

// The manifest's type text: the primitive name ("Float", "Bool", ...) or, for enums, arrays and components,
// the compact JSON of the type object.
static string TypeText(JsonElement type) => type.ValueKind == JsonValueKind.String ? type.GetString()! : CompactJson(type);

// Invariant text of a default value: strings as they are, numbers as written in the manifest (JSON numbers are
// culture-invariant), "true"/"false", null for null, compact JSON for component and array defaults.
static string? ValueText(JsonElement value) => value.ValueKind switch
{
    JsonValueKind.Null or JsonValueKind.Undefined => null,
    JsonValueKind.String => value.GetString(),
    JsonValueKind.Number => value.GetRawText(),
    JsonValueKind.True => "true",
    JsonValueKind.False => "false",
    _ => CompactJson(value),
};

static string CompactJson(JsonElement element)
{
    using var stream = new MemoryStream();
    using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
    {
        element.WriteTo(writer);
    }

    return Encoding.UTF8.GetString(stream.ToArray());
}

static string Render(
    List<Row> rows,
    SortedDictionary<string, List<OptionRow>> optionLists,
    int entryPointCount,
    string manifestFileName,
    string sourceCommit,
    string manifestSha256)
{
    var sb = new StringBuilder();
    void Line(string line = "") => sb.Append(line).Append('\n');

    Line("// <auto-generated>");
    Line($"//   Generated by {ToolPath}; do not edit this file by hand.");
    Line($"//   Source: ML.NET entry-point manifest '{manifestFileName}' from dotnet/machinelearning at commit {sourceCommit}");
    Line("//   (MIT license, Copyright (c) .NET Foundation and Contributors).");
    Line($"//   Manifest SHA-256: {manifestSha256}");
    Line("//   The entry-point -> ML.NET 5.0.1 trainer-class map is hand-written in the generator; change it there and");
    Line("//   re-run the generator (see tools/TrainerFactsGenerator/README.md).");
    Line("// </auto-generated>");
    Line("//");
    Line($"// {entryPointCount} 'Trainers.*' entry points; {optionLists.Count} mapped to {rows.Count} trainer classes.");
    Line($"// Entry points not mapped ({Mapping.Unmapped.Count}):");
    foreach ((string name, string reason) in Mapping.Unmapped)
    {
        Line($"//   {name}: {reason}");
    }

    var external = rows.Where(r => r.Class.ExternalPackage is not null).ToList();
    Line($"// Trainer classes kept by name although they are in packages this repository does not reference ({external.Count}):");
    foreach (Row row in external)
    {
        Line($"//   {row.Class.TypeName} ({row.Class.ExternalPackage})");
    }

    var random = Mapping.DocumentedRandom.Where(kv => optionLists.ContainsKey(kv.Key)).ToList();
    Line($"// Entry points documented as random besides any Seed input or Shuffle default ({random.Count}):");
    foreach ((string name, string reason) in random)
    {
        Line($"//   {name}: {reason}");
    }

    Line();
    Line("#nullable enable");
    Line();
    Line("using System.Collections.Immutable;");
    Line();
    Line("namespace MLOps.Analyzers.Model");
    Line("{");
    Line("    internal static partial class TrainerFactsTable");
    Line("    {");
    Line("        /// <summary>Every mapped trainer class, sorted by <see cref=\"TrainerFacts.TrainerTypeName\"/> (ordinal).</summary>");
    Line("        public static ImmutableArray<TrainerFacts> All { get; } = CreateAll();");
    Line();
    Line("        private static ImmutableArray<TrainerFacts> CreateAll()");
    Line("        {");
    foreach (string entryPoint in optionLists.Keys)
    {
        Line($"            ImmutableArray<TrainerOption> {LocalName(entryPoint)} = {MethodName(entryPoint)}();");
    }

    Line();
    Line($"            ImmutableArray<TrainerFacts>.Builder builder = ImmutableArray.CreateBuilder<TrainerFacts>({rows.Count.ToString(CultureInfo.InvariantCulture)});");
    foreach (Row row in rows)
    {
        Line();
        Line($"            // {row.Class.Assembly}");
        Line("            builder.Add(new TrainerFacts(");
        Line($"                entryPointName: {Literal(row.EntryPointName)},");
        Line($"                trainerTypeName: {Literal(row.Class.TypeName)},");
        Line($"                optionsTypeName: {Literal(row.Class.OptionsTypeName)},");
        Line($"                threadDeterminism: ThreadDeterminism.{row.ThreadDeterminism},");
        Line($"                usesRandomness: {Bool(row.UsesRandomness)},");
        Line($"                ownSeedDefault: {(row.OwnSeedDefault is int seed ? seed.ToString(CultureInfo.InvariantCulture) : "null")},");
        Line($"                shufflesByDefault: {Bool(row.ShufflesByDefault)},");
        Line($"                normalizeFeaturesDefault: {Literal(row.NormalizeFeaturesDefault)},");
        Line($"                cachingDefault: {Literal(row.CachingDefault)},");
        Line($"                options: {LocalName(row.EntryPointName)}));");
    }

    Line();
    Line("            return builder.MoveToImmutable();");
    Line("        }");
    foreach ((string entryPoint, List<OptionRow> options) in optionLists)
    {
        Line();
        Line($"        // {entryPoint}: every input except TrainingData, sorted by name.");
        Line($"        private static ImmutableArray<TrainerOption> {MethodName(entryPoint)}() => ImmutableArray.Create(");
        for (int i = 0; i < options.Count; i++)
        {
            OptionRow option = options[i];
            string end = i == options.Count - 1 ? ");" : ",";
            Line($"            new TrainerOption({Literal(option.Name)}, {Literal(option.Type)}, {Literal(option.DefaultValue)}, {Literal(option.Description)}){end}");
        }
    }

    Line("    }");
    Line("}");
    return sb.ToString();
}

static string ShortName(string entryPoint) => new string(entryPoint.Substring("Trainers.".Length).Where(char.IsLetterOrDigit).ToArray());

static string MethodName(string entryPoint) => "OptionsOf" + ShortName(entryPoint);

static string LocalName(string entryPoint)
{
    string shortName = ShortName(entryPoint);
    return char.ToLowerInvariant(shortName[0]) + shortName.Substring(1) + "Options";
}

static string Bool(bool value) => value ? "true" : "false";

// A C# regular string literal that keeps the generated file ASCII-only.
static string Literal(string? value)
{
    if (value is null)
    {
        return "null";
    }

    var sb = new StringBuilder(value.Length + 2);
    sb.Append('"');
    foreach (char c in value)
    {
        switch (c)
        {
            case '\\': sb.Append("\\\\"); break;
            case '"': sb.Append("\\\""); break;
            case '\n': sb.Append("\\n"); break;
            case '\r': sb.Append("\\r"); break;
            case '\t': sb.Append("\\t"); break;
            default:
                if (c < 0x20 || c > 0x7E)
                {
                    sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append(c);
                }

                break;
        }
    }

    sb.Append('"');
    return sb.ToString();
}

enum ThreadDeterminism
{
    Deterministic,
    NotGuaranteedUnlessSingleThread,
    NotGuaranteedUnlessDeterministic,
}

/// <summary>A trainer class of ML.NET 5.0.1 that implements an entry point.</summary>
/// <param name="TypeName">Metadata name of the trainer class.</param>
/// <param name="OptionsTypeName">Metadata name of its public nested Options class; null when there is none.</param>
/// <param name="Assembly">The assembly that defines the class (documentation in the generated file).</param>
/// <param name="ExternalPackage">The NuGet package, when it is one this repository does not reference (the class is kept by name).</param>
sealed record TrainerClass(string TypeName, string? OptionsTypeName, string Assembly, string? ExternalPackage = null);

sealed record OptionRow(string Name, string Type, string? DefaultValue, string Description);

sealed record Row(
    string EntryPointName,
    TrainerClass Class,
    ThreadDeterminism ThreadDeterminism,
    bool UsesRandomness,
    int? OwnSeedDefault,
    bool ShufflesByDefault,
    string NormalizeFeaturesDefault,
    string CachingDefault);

static class Mapping
{
    private const string StandardTrainers = "Microsoft.ML.StandardTrainers";
    private const string FastTree = "Microsoft.ML.FastTree";
    private const string LightGbm = "Microsoft.ML.LightGbm";
    private const string KMeans = "Microsoft.ML.KMeansClustering";
    private const string Pca = "Microsoft.ML.PCA";
    private const string Mkl = "Microsoft.ML.Mkl.Components";

    private static TrainerClass Trainer(string typeName, string assembly, bool hasPublicOptions = true)
        => new(typeName, hasPublicOptions ? typeName + "+Options" : null, assembly);

    private static TrainerClass External(string typeName, string package)
        => new(typeName, typeName + "+Options", package, package);

    /// <summary>
    /// Entry point -> the ML.NET 5.0.1 trainer classes (metadata names) that train the same model. Checked against
    /// the 5.0.1 assemblies (Microsoft.ML, Microsoft.ML.FastTree, Microsoft.ML.LightGbm): every class is public and,
    /// unless stated, has a public nested Options class. Several entry points are implemented in ML.NET by internal
    /// "Legacy*" trainers (SDCA and SGD binary); they are mapped to the public classes users construct.
    /// </summary>
    public static readonly SortedDictionary<string, TrainerClass[]> Classes = new(StringComparer.Ordinal)
    {
        ["Trainers.AveragedPerceptronBinaryClassifier"] = [Trainer("Microsoft.ML.Trainers.AveragedPerceptronTrainer", StandardTrainers)],
        ["Trainers.FastForestBinaryClassifier"] = [Trainer("Microsoft.ML.Trainers.FastTree.FastForestBinaryTrainer", FastTree)],
        ["Trainers.FastForestRegressor"] = [Trainer("Microsoft.ML.Trainers.FastTree.FastForestRegressionTrainer", FastTree)],
        ["Trainers.FastTreeBinaryClassifier"] = [Trainer("Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer", FastTree)],
        ["Trainers.FastTreeRanker"] = [Trainer("Microsoft.ML.Trainers.FastTree.FastTreeRankingTrainer", FastTree)],
        ["Trainers.FastTreeRegressor"] = [Trainer("Microsoft.ML.Trainers.FastTree.FastTreeRegressionTrainer", FastTree)],
        ["Trainers.FastTreeTweedieRegressor"] = [Trainer("Microsoft.ML.Trainers.FastTree.FastTreeTweedieTrainer", FastTree)],
        ["Trainers.FieldAwareFactorizationMachineBinaryClassifier"] = [Trainer("Microsoft.ML.Trainers.FieldAwareFactorizationMachineTrainer", StandardTrainers)],
        ["Trainers.GeneralizedAdditiveModelBinaryClassifier"] = [Trainer("Microsoft.ML.Trainers.FastTree.GamBinaryTrainer", FastTree)],
        ["Trainers.GeneralizedAdditiveModelRegressor"] = [Trainer("Microsoft.ML.Trainers.FastTree.GamRegressionTrainer", FastTree)],
        ["Trainers.KMeansPlusPlusClusterer"] = [Trainer("Microsoft.ML.Trainers.KMeansTrainer", KMeans)],
        ["Trainers.LightGbmBinaryClassifier"] = [Trainer("Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer", LightGbm)],
        ["Trainers.LightGbmClassifier"] = [Trainer("Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer", LightGbm)],
        ["Trainers.LightGbmRanker"] = [Trainer("Microsoft.ML.Trainers.LightGbm.LightGbmRankingTrainer", LightGbm)],
        ["Trainers.LightGbmRegressor"] = [Trainer("Microsoft.ML.Trainers.LightGbm.LightGbmRegressionTrainer", LightGbm)],
        ["Trainers.LinearSvmBinaryClassifier"] = [Trainer("Microsoft.ML.Trainers.LinearSvmTrainer", StandardTrainers)],
        ["Trainers.LocalDeepSvmBinaryClassifier"] = [Trainer("Microsoft.ML.Trainers.LdSvmTrainer", StandardTrainers)],
        ["Trainers.LogisticRegressionBinaryClassifier"] = [Trainer("Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer", StandardTrainers)],
        ["Trainers.LogisticRegressionClassifier"] = [Trainer("Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer", StandardTrainers)],
        // NaiveBayesMulticlassTrainer+Options exists in 5.0.1 but is internal: no options type users can name.
        ["Trainers.NaiveBayesClassifier"] = [Trainer("Microsoft.ML.Trainers.NaiveBayesMulticlassTrainer", StandardTrainers, hasPublicOptions: false)],
        ["Trainers.OnlineGradientDescentRegressor"] = [Trainer("Microsoft.ML.Trainers.OnlineGradientDescentTrainer", StandardTrainers)],
        ["Trainers.OrdinaryLeastSquaresRegressor"] = [External("Microsoft.ML.Trainers.OlsTrainer", Mkl)],
        ["Trainers.PcaAnomalyDetector"] = [Trainer("Microsoft.ML.Trainers.RandomizedPcaTrainer", Pca)],
        ["Trainers.PoissonRegressor"] = [Trainer("Microsoft.ML.Trainers.LbfgsPoissonRegressionTrainer", StandardTrainers)],
        ["Trainers.StochasticDualCoordinateAscentBinaryClassifier"] =
        [
            Trainer("Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer", StandardTrainers),
            Trainer("Microsoft.ML.Trainers.SdcaNonCalibratedBinaryTrainer", StandardTrainers),
        ],
        ["Trainers.StochasticDualCoordinateAscentClassifier"] =
        [
            Trainer("Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer", StandardTrainers),
            Trainer("Microsoft.ML.Trainers.SdcaNonCalibratedMulticlassTrainer", StandardTrainers),
        ],
        ["Trainers.StochasticDualCoordinateAscentRegressor"] = [Trainer("Microsoft.ML.Trainers.SdcaRegressionTrainer", StandardTrainers)],
        ["Trainers.StochasticGradientDescentBinaryClassifier"] =
        [
            Trainer("Microsoft.ML.Trainers.SgdCalibratedTrainer", StandardTrainers),
            Trainer("Microsoft.ML.Trainers.SgdNonCalibratedTrainer", StandardTrainers),
        ],
        ["Trainers.SymSgdBinaryClassifier"] = [External("Microsoft.ML.Trainers.SymbolicSgdLogisticRegressionBinaryTrainer", Mkl)],
    };

    /// <summary>Entry points deliberately left out of the table, with the reason (written into the generated file).</summary>
    public static readonly SortedDictionary<string, string> Unmapped = new(StringComparer.Ordinal)
    {
        ["Trainers.EnsembleBinaryClassifier"] = "ensemble trainers are internal to Microsoft.ML.Ensemble; no public trainer class in ML.NET 5.0.1",
        ["Trainers.EnsembleClassification"] = "ensemble trainers are internal to Microsoft.ML.Ensemble; no public trainer class in ML.NET 5.0.1",
        ["Trainers.EnsembleRegression"] = "ensemble trainers are internal to Microsoft.ML.Ensemble; no public trainer class in ML.NET 5.0.1",
    };

    /// <summary>
    /// Entry points that use the random generator although they have no Seed input and do not shuffle by default
    /// (the third UsesRandomness rule), with the documented reason.
    /// </summary>
    public static readonly SortedDictionary<string, string> DocumentedRandom = new(StringComparer.Ordinal)
    {
        ["Trainers.FieldAwareFactorizationMachineBinaryClassifier"] = "latent factors are initialised at random (see the Radius input)",
        ["Trainers.KMeansPlusPlusClusterer"] = "KMeans++ / KMeans|| (Yinyang) centroid initialisation samples from the MLContext random generator",
        ["Trainers.LocalDeepSvmBinaryClassifier"] = "random weight initialisation and per-iteration example sampling from the MLContext random generator",
    };
}
