// Generates src/MLOps.Analyzers/Model/Pipelines/TrainerFacts.g.cs from ML.NET's entry-point manifest.
//
//   dotnet run tools/TrainerFactsGenerator/GenerateTrainerFacts.cs -- <manifest.json> <output.cs> [--commit <sha>] [--check-docs <dir>]...
//
// The manifest is the entry-point baseline of dotnet/machinelearning (MIT). Only the generated C# file is
// committed; nothing in the repository reads the manifest at build or test time. See README.md next to this
// file for the derivation rules and for when to re-run the tool.
//
// The hand-written knowledge (which ML.NET 5.0.1 class implements which entry point, which entry points are
// not mapped, which trainers are random although the manifest does not say so, which trainers have no entry point,
// and what each trainer's documentation says about caching and normalization) lives in this file only.

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
var docDirectories = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--commit" && i + 1 < args.Length)
    {
        sourceCommit = args[++i];
    }
    else if (args[i] == "--check-docs" && i + 1 < args.Length)
    {
        docDirectories.Add(args[++i]);
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

// Trainers users create from a catalog that have no 'Trainers.*' entry point: kept by name, without options.
foreach (ClassWithoutEntryPoint extra in Mapping.WithoutEntryPoint)
{
    rows.Add(new Row(null, extra.Class, extra.ThreadDeterminism, extra.UsesRandomness, null, false, null, null));
}

// Every row needs what its documentation says about caching and normalization, and nothing else may be listed.
foreach (Row row in rows)
{
    if (!Mapping.Characteristics.ContainsKey(row.Class.TypeName))
    {
        errors.Add($"trainer class '{row.Class.TypeName}' has no entry in Mapping.Characteristics");
    }
}

foreach ((string typeName, DocumentedCharacteristics documented) in Mapping.Characteristics)
{
    if (!rows.Any(r => r.Class.TypeName == typeName))
    {
        errors.Add($"Mapping.Characteristics names '{typeName}', which is not a trainer class of the table");
    }

    errors.AddRange(documented.Validate(typeName));
}

if (docDirectories.Count > 0)
{
    errors.AddRange(DocumentationCheck.Run(docDirectories, Mapping.Characteristics));
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
    $"{outputPath}: {entryPoints.Count} 'Trainers.*' entry points, {optionLists.Count} mapped to {rows.Count(r => r.EntryPointName is not null)} trainer classes, " +
    $"{Mapping.Unmapped.Count} not mapped; {Mapping.WithoutEntryPoint.Length} trainer classes without an entry point.");
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
    Line($"// {entryPointCount} 'Trainers.*' entry points; {optionLists.Count} mapped to {rows.Count(r => r.EntryPointName is not null)} trainer classes; " +
        $"{rows.Count} rows in all.");
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

    Line($"// Trainer classes without a 'Trainers.*' entry point, kept by name with no options ({Mapping.WithoutEntryPoint.Length}):");
    foreach (ClassWithoutEntryPoint extra in Mapping.WithoutEntryPoint)
    {
        Line($"//   {extra.Class.TypeName}: {extra.Reason}");
    }

    Line("// RequiresCaching / RequiresNormalization: the 'Is caching required?' / 'Is normalization required?' rows of each");
    Line("// trainer's 'Trainer Characteristics' table (learn.microsoft.com/dotnet/api/<trainer class>, the same text as the");
    Line("// remarks in the ML.NET source), except where the generator records a deviation:");
    foreach ((string typeName, DocumentedCharacteristics documented) in Mapping.Characteristics)
    {
        if (documented.Deviation is not null)
        {
            Line($"//   {typeName}: {documented.Deviation}");
        }
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

    Line("            ImmutableArray<TrainerOption> noOptions = ImmutableArray<TrainerOption>.Empty;");

    Line();
    Line($"            ImmutableArray<TrainerFacts>.Builder builder = ImmutableArray.CreateBuilder<TrainerFacts>({rows.Count.ToString(CultureInfo.InvariantCulture)});");
    foreach (Row row in rows)
    {
        DocumentedCharacteristics documented = Mapping.Characteristics[row.Class.TypeName];
        Line();
        Line($"            // {row.Class.Assembly}; {DocumentationUrl(row.Class.TypeName)}");
        Line($"            //   Is caching required? {documented.CachingRow}. Is normalization required? {documented.NormalizationRow}.");
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
        Line($"                requiresCaching: {Bool(documented.RequiresCaching)},");
        Line($"                requiresNormalization: {Bool(documented.RequiresNormalization)},");
        Line($"                options: {(row.EntryPointName is null ? "noOptions" : LocalName(row.EntryPointName))}));");
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

// The API reference page of a trainer class: its documentation URL is the lower-cased full name.
static string DocumentationUrl(string typeName) => "https://learn.microsoft.com/dotnet/api/" + typeName.ToLowerInvariant();

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

/// <summary>One row of the table. EntryPointName and the two defaults are null for a class without an entry point.</summary>
sealed record Row(
    string? EntryPointName,
    TrainerClass Class,
    ThreadDeterminism ThreadDeterminism,
    bool UsesRandomness,
    int? OwnSeedDefault,
    bool ShufflesByDefault,
    string? NormalizeFeaturesDefault,
    string? CachingDefault);

/// <summary>
/// A trainer class users create from a catalog although no 'Trainers.*' entry point describes it. Its reproducibility
/// facts are hand-written from its source; it has no options in the table.
/// </summary>
sealed record ClassWithoutEntryPoint(TrainerClass Class, ThreadDeterminism ThreadDeterminism, bool UsesRandomness, string Reason);

/// <summary>
/// What a trainer's documentation says in its "Trainer Characteristics" table, and the facts the table records.
/// The facts equal the rows ("Yes" is true, anything else false) unless <see cref="Deviation"/> says why not.
/// </summary>
/// <param name="CachingRow">The text of the "Is caching required?" row, as documented.</param>
/// <param name="NormalizationRow">The text of the "Is normalization required?" row, as documented.</param>
sealed record DocumentedCharacteristics(
    string CachingRow,
    string NormalizationRow,
    bool RequiresCaching,
    bool RequiresNormalization,
    string? Deviation = null)
{
    public static DocumentedCharacteristics AsDocumented(string cachingRow, string normalizationRow) =>
        new(cachingRow, normalizationRow, cachingRow == "Yes", normalizationRow == "Yes");

    public IEnumerable<string> Validate(string typeName)
    {
        bool deviates = RequiresCaching != (CachingRow == "Yes") || RequiresNormalization != (NormalizationRow == "Yes");
        if (deviates && Deviation is null)
        {
            yield return $"'{typeName}': the facts differ from the documented rows but no deviation is recorded";
        }

        if (!deviates && Deviation is not null)
        {
            yield return $"'{typeName}': a deviation is recorded but the facts equal the documented rows";
        }
    }
}

/// <summary>
/// --check-docs: compares the documented rows recorded in Mapping.Characteristics with the "Trainer Characteristics"
/// tables in ML.NET's XML documentation files (lib/netstandard2.0/*.xml of the Microsoft.ML* packages).
/// </summary>
static class DocumentationCheck
{
    private static readonly System.Text.RegularExpressions.Regex Member = new(
        @"<member name=""T:(?<type>[^""]+)"">(?<body>.*?)</member>",
        System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static IEnumerable<string> Run(List<string> directories, SortedDictionary<string, DocumentedCharacteristics> characteristics)
    {
        var found = new SortedDictionary<string, (string Caching, string Normalization)>(StringComparer.Ordinal);
        foreach (string directory in directories)
        {
            foreach (string file in Directory.GetFiles(directory, "*.xml").OrderBy(f => f, StringComparer.Ordinal))
            {
                foreach (System.Text.RegularExpressions.Match match in Member.Matches(File.ReadAllText(file)))
                {
                    string body = match.Groups["body"].Value;
                    string? caching = RowText(body, "Is caching required?");
                    string? normalization = RowText(body, "Is normalization required?");
                    if (caching is not null && normalization is not null)
                    {
                        // No trainer class is nested, so the documentation id is the metadata name.
                        found[match.Groups["type"].Value] = (caching, normalization);
                    }
                }
            }
        }

        int checkedCount = 0;
        foreach ((string typeName, DocumentedCharacteristics documented) in characteristics)
        {
            if (!found.TryGetValue(typeName, out var rows))
            {
                Console.WriteLine($"note: '{typeName}' is not documented in the given directories; not checked");
                continue;
            }

            checkedCount++;
            if (rows.Caching != documented.CachingRow || rows.Normalization != documented.NormalizationRow)
            {
                yield return $"'{typeName}': the documentation says caching '{rows.Caching}', normalization '{rows.Normalization}'; " +
                    $"the generator records caching '{documented.CachingRow}', normalization '{documented.NormalizationRow}'";
            }
        }

        foreach (string typeName in found.Keys.Where(t => !characteristics.ContainsKey(t)))
        {
            Console.WriteLine($"note: '{typeName}' has a Trainer Characteristics table but is not in the table");
        }

        Console.WriteLine($"--check-docs: {checkedCount} of {characteristics.Count} trainer classes checked against the XML documentation.");
    }

    private static string? RowText(string body, string question)
    {
        int start = body.IndexOf("| " + question + " |", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += question.Length + 4;
        int end = body.IndexOf('|', start);
        return end < 0 ? null : body.Substring(start, end - start).Trim();
    }
}

static class Mapping
{
    private const string StandardTrainers = "Microsoft.ML.StandardTrainers";
    private const string FastTree = "Microsoft.ML.FastTree";
    private const string LightGbm = "Microsoft.ML.LightGbm";
    private const string KMeans = "Microsoft.ML.KMeansClustering";
    private const string Pca = "Microsoft.ML.PCA";
    private const string Mkl = "Microsoft.ML.Mkl.Components";
    private const string Recommender = "Microsoft.ML.Recommender";

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

    /// <summary>
    /// Trainer classes created from a catalog (they are trainer factories for the analyzers) that no 'Trainers.*' entry
    /// point describes. Their reproducibility facts are read from their source in dotnet/machinelearning: they say
    /// nothing the rules act on (deterministic wrt threads, no own seed, no shuffling), so MLO1002 stays silent on them.
    /// </summary>
    public static readonly ClassWithoutEntryPoint[] WithoutEntryPoint =
    [
        new(Trainer("Microsoft.ML.Trainers.OneVersusAllTrainer", StandardTrainers, hasPublicOptions: false),
            ThreadDeterminism.Deterministic,
            UsesRandomness: false,
            "multiclass wrapper created by OneVersusAll(binaryEstimator); the manifest has it only as the Models.OneVersusAll macro. " +
            "It trains the wrapped binary trainer once per class; that trainer is a call of its own with its own facts"),
        new(Trainer("Microsoft.ML.Trainers.PairwiseCouplingTrainer", StandardTrainers, hasPublicOptions: false),
            ThreadDeterminism.Deterministic,
            UsesRandomness: false,
            "multiclass wrapper created by PairwiseCoupling(binaryEstimator); no entry point. It trains the wrapped binary " +
            "trainer once per pair of classes; that trainer is a call of its own with its own facts"),
        new(External("Microsoft.ML.Trainers.MatrixFactorizationTrainer", Recommender),
            ThreadDeterminism.Deterministic,
            UsesRandomness: true,
            "LIBMF-based trainer of Microsoft.ML.Recommender; no entry point. LIBMF initialises the factors at random with " +
            "its own generator; its thread count is not documented as making results differ, so no rule acts on it"),
    ];

    /// <summary>
    /// Every trainer class of the table -> the "Is caching required?" and "Is normalization required?" rows of its
    /// "Trainer Characteristics" table (the remarks of the class in dotnet/machinelearning, published on
    /// learn.microsoft.com/dotnet/api/&lt;class&gt; and in the XML documentation files of the 5.0.1 packages), and the facts
    /// the table records. Checked with --check-docs against Microsoft.ML, Microsoft.ML.FastTree and Microsoft.ML.LightGbm
    /// 5.0.1; OlsTrainer, SymbolicSgdLogisticRegressionBinaryTrainer (Microsoft.ML.Mkl.Components) and
    /// MatrixFactorizationTrainer (Microsoft.ML.Recommender) were read from the same remarks in the source at the
    /// manifest's commit (OlsLinearRegression.cs, SymSgdClassificationTrainer.cs, MatrixFactorizationTrainer.cs).
    /// A deviation from the documented rows is recorded with its reason; each one makes a rule stay silent, never louder.
    /// </summary>
    public static readonly SortedDictionary<string, DocumentedCharacteristics> Characteristics = new(StringComparer.Ordinal)
    {
        ["Microsoft.ML.Trainers.AveragedPerceptronTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.FastTree.FastForestBinaryTrainer"] = DocumentedCharacteristics.AsDocumented("No", "No"),
        ["Microsoft.ML.Trainers.FastTree.FastForestRegressionTrainer"] = DocumentedCharacteristics.AsDocumented("No", "No"),
        ["Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer"] = DocumentedCharacteristics.AsDocumented("No", "No"),
        ["Microsoft.ML.Trainers.FastTree.FastTreeRankingTrainer"] = DocumentedCharacteristics.AsDocumented("No", "No"),
        ["Microsoft.ML.Trainers.FastTree.FastTreeRegressionTrainer"] = DocumentedCharacteristics.AsDocumented("No", "No"),
        ["Microsoft.ML.Trainers.FastTree.FastTreeTweedieTrainer"] = DocumentedCharacteristics.AsDocumented("No", "No"),
        ["Microsoft.ML.Trainers.FastTree.GamBinaryTrainer"] = DocumentedCharacteristics.AsDocumented("No", "No"),
        ["Microsoft.ML.Trainers.FastTree.GamRegressionTrainer"] = DocumentedCharacteristics.AsDocumented("No", "No"),
        ["Microsoft.ML.Trainers.FieldAwareFactorizationMachineTrainer"] = new("No", "Yes", RequiresCaching: false, RequiresNormalization: false,
            Deviation: "normalization not required: the trainer normalizes its own input (its NormalizeFeatures option, default true, " +
                "makes the concatenation of all fields' feature vectors unit-length); ML.NET dropped the pipeline normalization flag " +
                "for it for that reason (dotnet/machinelearning#2964) and its TrainerInfo says normalization: false"),
        ["Microsoft.ML.Trainers.KMeansTrainer"] = DocumentedCharacteristics.AsDocumented("Yes", "Yes"),
        ["Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.LbfgsPoissonRegressionTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.LdSvmTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer"] = DocumentedCharacteristics.AsDocumented("No", "No"),
        ["Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer"] = DocumentedCharacteristics.AsDocumented("No", "No"),
        ["Microsoft.ML.Trainers.LightGbm.LightGbmRankingTrainer"] = DocumentedCharacteristics.AsDocumented("No", "No"),
        ["Microsoft.ML.Trainers.LightGbm.LightGbmRegressionTrainer"] = DocumentedCharacteristics.AsDocumented("No", "No"),
        ["Microsoft.ML.Trainers.LinearSvmTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.MatrixFactorizationTrainer"] = new("Yes", "Yes", RequiresCaching: false, RequiresNormalization: false,
            Deviation: "neither required: its inputs are two key-typed index columns and the label, so there is no feature vector to " +
                "normalize, and it reads the training data in one cursor pass into LIBMF's own matrix, so a cache adds memory " +
                "without saving a pass; its TrainerInfo says normalization: false, caching: false"),
        ["Microsoft.ML.Trainers.NaiveBayesMulticlassTrainer"] = new("No", "Yes", RequiresCaching: false, RequiresNormalization: false,
            Deviation: "normalization not required: the same remarks say feature values greater than zero are treated as true and " +
                "the others as false, so the model only sees the sign of each value; its TrainerInfo says normalization: false"),
        ["Microsoft.ML.Trainers.OlsTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.OnlineGradientDescentTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.OneVersusAllTrainer"] = DocumentedCharacteristics.AsDocumented("Yes", "Depends on the underlying binary classifier"),
        ["Microsoft.ML.Trainers.PairwiseCouplingTrainer"] = DocumentedCharacteristics.AsDocumented("Yes", "Depends on the underlying binary classifier"),
        ["Microsoft.ML.Trainers.RandomizedPcaTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.SdcaNonCalibratedBinaryTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.SdcaNonCalibratedMulticlassTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.SdcaRegressionTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.SgdCalibratedTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.SgdNonCalibratedTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
        ["Microsoft.ML.Trainers.SymbolicSgdLogisticRegressionBinaryTrainer"] = DocumentedCharacteristics.AsDocumented("No", "Yes"),
    };
}
