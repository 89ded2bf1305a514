using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MLOps.Analyzers.Generators.Scaffolding
{
    /// <summary>Reads the pipelines of an embedded manifest (docs/manifest.md) into the scaffolding model.</summary>
    internal static class ManifestReader
    {
        private static readonly Dictionary<string, string> TextLoaderOptionTypes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["separatorChar"] = "char",
            ["hasHeader"] = "bool",
            ["allowQuoting"] = "bool",
            ["trimWhitespace"] = "bool",
            ["allowSparse"] = "bool",
        };

        /// <summary>The pipelines of the manifest; empty when it cannot be read (a manifest from a newer major version, broken text).</summary>
        public static List<ScaffoldPipeline> Read(EmbeddedManifest manifest)
        {
            var result = new List<ScaffoldPipeline>();
            JsonValue root;
            try
            {
                root = JsonReader.Parse(manifest.Json);
            }
            catch (FormatException)
            {
                return result;
            }

            var version = root["schemaVersion"].String ?? string.Empty;
            if (!version.StartsWith("1.", StringComparison.Ordinal))
            {
                return result;
            }

            foreach (var pipeline in root["pipelines"].Items)
            {
                result.Add(ReadPipeline(manifest.AssemblyName, pipeline));
            }

            return result;
        }

        private static ScaffoldPipeline ReadPipeline(string assemblyName, JsonValue pipeline)
        {
            var factory = pipeline["factory"];
            var steps = pipeline["steps"].Items;
            var context = pipeline["context"];
            var seed = context["seedKind"].String == "constant" && context["seed"].Int is { } constantSeed ? constantSeed : 1;
            var train = pipeline["data"].Items.FirstOrDefault(d => d["role"].String == "train") ?? JsonValue.Null;

            return new ScaffoldPipeline(
                assemblyName,
                pipeline["id"].String ?? "?",
                pipeline["name"].String ?? "?",
                pipeline["task"].String ?? "Unknown",
                factory["containingType"].String,
                factory["method"].String,
                factory["callable"].Bool == true,
                factory.IsNull ? "the estimator chain is built inside a longer method" : factory["notCallableReason"].String,
                seed,
                NotDeterministicReason(pipeline),
                ExpectedColumns(steps).ToEquatable(),
                LabelColumn(steps),
                ReadData(train),
                ReadSplit(train["split"], seed),
                pipeline["source"]["file"].String ?? "?",
                pipeline["source"]["line"].Int ?? 0,
                factory["parameters"].Items.Select(p => p.String ?? "?").ToEquatable(),
                TypeNames.Unresolved);
        }

        /// <summary>
        /// Why two trainings with the same seed may differ. The test seeds its own MLContext, so the context's seed in the
        /// manifest does not matter here; only steps that depend on thread scheduling (or that the model cannot see) do.
        /// </summary>
        private static string? NotDeterministicReason(JsonValue pipeline)
        {
            if (pipeline["chainFullyKnown"].Bool != true)
            {
                return "part of the estimator chain is not visible to the manifest";
            }

            foreach (var step in pipeline["steps"].Items)
            {
                var randomness = step["randomness"];
                var name = step["catalogPath"].String ?? "a step";
                switch (randomness["threads"].String)
                {
                    case "multi":
                        return name + " trains on several threads: its result is not guaranteed to repeat (" + ThreadFix(pipeline, name) + ")";
                    case "unknown":
                        return name + ": its thread settings are not visible to the manifest";
                }

                if (randomness["seed"]["provenance"].String == "unknown")
                {
                    return name + ": not in the trainer-facts table, its randomness is not known";
                }
            }

            return null;
        }

        private static string ThreadFix(JsonValue pipeline, string step)
        {
            foreach (var reason in pipeline["reasons"].Items)
            {
                var text = reason.String ?? string.Empty;
                var open = text.IndexOf("(set ", StringComparison.Ordinal);
                if (open >= 0 && text.EndsWith(").", StringComparison.Ordinal))
                {
                    return text.Substring(open + 1, text.Length - open - 3);
                }
            }

            return "set NumberOfThreads = 1";
        }

        /// <summary>The columns the fitted model's output schema must have: what every step writes (only the last step's when columns are dropped or selected).</summary>
        private static List<string> ExpectedColumns(IReadOnlyList<JsonValue> steps)
        {
            var columns = new List<string>();
            foreach (var step in steps)
            {
                var path = step["catalogPath"].String ?? string.Empty;
                if (path.EndsWith("DropColumns", StringComparison.Ordinal) || path.EndsWith("SelectColumns", StringComparison.Ordinal))
                {
                    columns.Clear();
                    continue;
                }

                foreach (var column in step["outputColumns"].Items)
                {
                    if (column.String is { } name && !columns.Contains(name))
                    {
                        columns.Add(name);
                    }
                }
            }

            return columns;
        }

        /// <summary>
        /// The trainer's label column: its constant argument or options member, "Label" when neither is given; null when
        /// the manifest cannot tell (computed at run time, an options object built elsewhere).
        /// </summary>
        private static string? LabelColumn(IReadOnlyList<JsonValue> steps)
        {
            for (var i = steps.Count - 1; i >= 0; i--)
            {
                if (steps[i]["role"].String != "trainer")
                {
                    continue;
                }

                var arguments = steps[i]["arguments"];
                foreach (var name in new[] { "labelColumnName", "options.LabelColumnName" })
                {
                    var argument = arguments[name];
                    if (argument.IsNull)
                    {
                        continue;
                    }

                    if (argument["value"].String is { } label)
                    {
                        return label;
                    }

                    return argument["provenance"].String == "default" ? "Label" : null;
                }

                // An options object the manifest could not read: its label column is not known.
                return arguments["options"]["provenance"].String == "nonConstant" ? null : "Label";
            }

            return "Label";
        }

        private static DataLoadModel ReadData(JsonValue train)
        {
            var loader = train["loader"].String;
            var rowType = train["rowType"].String;
            var path = train["path"]["value"].String;
            var provenance = train["path"]["provenance"].String ?? "none";
            var description = (loader ?? "an unknown source") + (path is null ? string.Empty : " of '" + path + "'") + (rowType is null ? string.Empty : " as " + rowType);
            string? unsupported = null;
            if (train.IsNull)
            {
                unsupported = "the manifest records no training data for this pipeline (it is fitted where the manifest cannot see)";
                description = "none";
            }
            else if (loader != "LoadFromTextFile" || rowType is null)
            {
                unsupported = "the generated tests load text files with a row type (LoadFromTextFile<T>) only; this pipeline is trained on " + description;
            }
            else if (path is null || provenance is not ("relative" or "baseDirectory"))
            {
                unsupported = "the data path is not a constant relative path (" + provenance + (path is null ? string.Empty : ": " + path) + ")";
            }
            else if (train["rowTypePublic"].Bool == false)
            {
                unsupported = "the row type " + rowType + " is not public, so the test project cannot name it";
            }
            else if (train["rowOperations"].Items.Count > 0)
            {
                unsupported = "the training data goes through " + string.Join(", ", train["rowOperations"].Items.Select(o => o.String)) + " before the fit";
            }

            var options = new List<CodeArgument>();
            foreach (var option in train["loaderOptions"].Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (TextLoaderOptionTypes.TryGetValue(option.Key, out var type) && ToCode(option.Value["value"], type) is { } code)
                {
                    options.Add(new CodeArgument(option.Key, code));
                }
                else if (option.Value["provenance"].String != "default" && unsupported is null)
                {
                    unsupported = "the loader option " + option.Key + " is not a constant the generated code can repeat";
                }
            }

            return new DataLoadModel(rowType, path, provenance, options.ToEquatable(), unsupported, description);
        }

        private static SplitModelCode ReadSplit(JsonValue split, int seed)
        {
            var arguments = split["arguments"];
            string? note = null;
            foreach (var argument in arguments.Properties)
            {
                if (argument.Value["provenance"].String == "nonConstant")
                {
                    note = "its " + argument.Key + " is computed at run time";
                }
            }

            if (split["method"].String == "TrainTestSplit" && note is null)
            {
                var code = new List<CodeArgument>
                {
                    new CodeArgument("testFraction", ToCode(arguments["testFraction"]["value"], "double") ?? "0.1"),
                    new CodeArgument("samplingKeyColumnName", ToCode(arguments["samplingKeyColumnName"]["value"], "string") ?? "null"),
                    new CodeArgument("seed", ToCode(arguments["seed"]["value"], "int?") ?? "null"),
                };
                return new SplitModelCode(code.ToEquatable(), FromManifest: true, Note: null);
            }

            // Documented fallback: 20% held out, seeded with the pipeline's seed.
            return new SplitModelCode(
                new[]
                {
                    new CodeArgument("testFraction", "0.2"),
                    new CodeArgument("samplingKeyColumnName", "null"),
                    new CodeArgument("seed", seed.ToString(CultureInfo.InvariantCulture)),
                }.ToEquatable(),
                FromManifest: false,
                Note: note ?? (split.IsNull ? null : "its method is " + (split["method"].String ?? "unknown")));
        }

        /// <summary>A JSON constant as a C# expression of the given type, or null when it cannot be one.</summary>
        internal static string? ToCode(JsonValue value, string type)
        {
            switch (value.Kind)
            {
                case JsonKind.Null:
                    return type is "string" or "int?" ? "null" : null;
                case JsonKind.Bool:
                    return type == "bool" ? (value.Bool == true ? "true" : "false") : null;
                case JsonKind.Number:
                    return type is "double" or "int?" ? value.NumberText : null;
                case JsonKind.String:
                    var text = value.String!;
                    if (type == "char")
                    {
                        return text.Length == 1 ? CharLiteral(text[0]) : null;
                    }

                    return type == "string" ? PipelineManifestGenerator.CSharpString(text) : null;
                default:
                    return null;
            }
        }

        private static string CharLiteral(char c) => c switch
        {
            '\'' => "'\\''",
            '\\' => "'\\\\'",
            '\t' => "'\\t'",
            '\n' => "'\\n'",
            '\r' => "'\\r'",
            _ when c < ' ' || c > '~' => "'\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) + "'",
            _ => "'" + c + "'",
        };
    }
}
