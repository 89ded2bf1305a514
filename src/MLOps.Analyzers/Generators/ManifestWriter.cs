using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace MLOps.Analyzers.Generators
{
    /// <summary>
    /// Writes the manifest JSON from the equatable models. Byte-deterministic: keys sorted, arrays in a defined order,
    /// no timestamps, GUIDs or absolute paths (source files relative to the project directory, '/' separators), LF line
    /// ends. See docs/manifest.md.
    /// </summary>
    internal static class ManifestWriter
    {
        public const string SchemaVersion = "1.2.0";
        public const string SchemaId = "https://raw.githubusercontent.com/mlops-analyzers/MLOps.Analyzers/main/docs/manifest.schema.json";
        public const string GeneratorName = "MLOps.Analyzers";

        public static string Write(EquatableArray<PipelineModel> pipelines, CompilationModel compilation, GeneratorOptionsModel options, string generatorVersion)
        {
            var ordered = pipelines
                .OrderBy(p => RelativePath(p.Source.FilePath, options.ProjectDirectory), StringComparer.Ordinal)
                .ThenBy(p => p.Source.Line)
                .ThenBy(p => p.Source.Column)
                .ThenBy(p => p.Id, StringComparer.Ordinal)
                .ToList();

            var pipelineArray = new JsonArray();
            var usedIds = new HashSet<string>(StringComparer.Ordinal);
            var finalIds = new List<string>(ordered.Count);
            foreach (var pipeline in ordered)
            {
                // Two trainers can only share an id when they sit in two overloads or partial declarations of one member.
                var id = pipeline.Id;
                for (var n = 2; !usedIds.Add(id); n++)
                {
                    id = pipeline.Id + "~" + n.ToString(CultureInfo.InvariantCulture);
                }

                finalIds.Add(id);
                pipelineArray.Add(Pipeline(pipeline, id, options.ProjectDirectory));
            }

            var contracts = new SortedDictionary<string, DataContractModel>(StringComparer.Ordinal);
            foreach (var pipeline in ordered)
            {
                foreach (var contract in pipeline.DataContracts)
                {
                    if (!contracts.ContainsKey(contract.Type))
                    {
                        contracts.Add(contract.Type, contract);
                    }
                }
            }

            var contractArray = new JsonArray();
            foreach (var contract in contracts.Values)
            {
                contractArray.Add(Contract(contract, options.ProjectDirectory));
            }

            var references = new JsonArray();
            foreach (var reference in compilation.References.OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                references.Add(new JsonObject().Add("name", reference.Name).Add("informationalVersion", reference.InformationalVersion));
            }

            var root = new JsonObject()
                .Add("$schema", SchemaId)
                .Add("schemaVersion", SchemaVersion)
                .Add("generator", new JsonObject().Add("name", GeneratorName).Add("version", generatorVersion))
                .Add("compilation", new JsonObject().Add("assemblyName", compilation.AssemblyName).Add("references", references))
                .Add("dataContracts", contractArray)
                .Add("pipelines", pipelineArray)
                .Add("rubric", Rubric(ordered, finalIds));
            return root.ToJson(indented: true) + "\n";
        }

        /// <summary>
        /// The canonical form the definition hash is computed over: task, context seed, the steps (catalog path, estimator
        /// type, arguments with provenance, columns, randomness) and the training data's split. No source positions, names
        /// or paths: formatting, comments, renames and moves do not change it; any hyperparameter change does.
        /// </summary>
        public static string CanonicalForm(PipelineModel pipeline)
        {
            var steps = new JsonArray();
            foreach (var step in pipeline.Steps)
            {
                steps.Add(Step(step));
            }

            var splits = new JsonArray();
            foreach (var data in pipeline.Data)
            {
                if (data.Role == "train" && data.Split is { } split)
                {
                    splits.Add(Split(split));
                }
            }

            return new JsonObject()
                .Add("task", pipeline.Task)
                .Add("context", Context(pipeline.Context))
                .Add("steps", steps)
                .Add("trainSplits", splits)
                .ToJson(indented: false);
        }

        public static string DefinitionHash(PipelineModel pipeline)
        {
            using var sha = SHA256.Create();
            var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(CanonicalForm(pipeline)));
            var builder = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
            {
                builder.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return builder.ToString();
        }

        private static JsonObject Pipeline(PipelineModel pipeline, string id, string? projectDirectory)
        {
            var steps = new JsonArray();
            foreach (var step in pipeline.Steps)
            {
                steps.Add(Step(step));
            }

            var data = new JsonArray();
            foreach (var item in pipeline.Data)
            {
                data.Add(Data(item));
            }

            var evaluations = new JsonArray();
            foreach (var evaluation in pipeline.Evaluations)
            {
                evaluations.Add(new JsonObject()
                    .Add("method", evaluation.Method)
                    .Add("metricsType", evaluation.MetricsType)
                    .Add("labelColumnName", evaluation.LabelColumnName)
                    .Add("dataRole", evaluation.DataRole)
                    .Add("metricsRead", JsonNode.Strings(evaluation.MetricsRead))
                    .Add("source", Source(evaluation.Source, projectDirectory)));
            }

            var saves = new JsonArray();
            foreach (var save in pipeline.Saves)
            {
                saves.Add(new JsonObject()
                    .Add("format", save.Format)
                    .Add("withInputSchema", save.WithInputSchema)
                    .Add("path", Path(save.Path))
                    .Add("source", Source(save.Source, projectDirectory)));
            }

            var loads = new JsonArray();
            foreach (var load in pipeline.Loads)
            {
                loads.Add(new JsonObject()
                    .Add("discardsInputSchema", load.DiscardsInputSchema)
                    .Add("path", Path(load.Path))
                    .Add("source", Source(load.Source, projectDirectory)));
            }

            var result = new JsonObject()
                .Add("id", id)
                .Add("name", pipeline.Name)
                .Add("task", pipeline.Task)
                .Add("source", Source(pipeline.Source, projectDirectory))
                .Add("definitionHash", new JsonObject().Add("algorithm", "sha256").Add("value", DefinitionHash(pipeline)))
                .Add("context", Context(pipeline.Context))
                .Add("chainFullyKnown", pipeline.ChainFullyKnown)
                .Add("steps", steps)
                .Add("data", data)
                .Add("evaluations", evaluations)
                .Add("persistence", new JsonObject().Add("saves", saves).Add("loads", loads))
                .Add("deterministic", DeterministicValue(pipeline.Deterministic))
                .Add("reasons", JsonNode.Strings(pipeline.Reasons))
                .Add("factory", pipeline.Factory is { } factory
                    ? new JsonObject()
                        .Add("containingType", factory.ContainingType)
                        .Add("method", factory.Method)
                        .Add("parameters", JsonNode.Strings(factory.Parameters))
                        .Add("callable", factory.Callable)
                        .Add("notCallableReason", factory.NotCallableReason)
                    : JsonNode.Null);
            return result;
        }

        private static JsonNode DeterministicValue(string verdict) => verdict switch
        {
            "true" => JsonNode.Bool(true),
            "false" => JsonNode.Bool(false),
            _ => JsonNode.String("unknown"),
        };

        private static JsonObject Context(ContextModel context) =>
            new JsonObject().Add("seed", JsonNode.Raw(context.SeedJson)).Add("seedKind", context.SeedKind);

        private static JsonObject Step(StepModel step)
        {
            var result = new JsonObject()
                .Add("index", step.Index)
                .Add("role", step.Role)
                .Add("catalogPath", step.CatalogPath)
                .Add("estimatorType", step.EstimatorType)
                .Add("arguments", Arguments(step.Arguments))
                .Add("inputColumns", step.InputColumns is { } inputs ? JsonNode.Strings(inputs) : JsonNode.Null)
                .Add("outputColumns", step.OutputColumns is { } outputs ? JsonNode.Strings(outputs) : JsonNode.Null);
            result.Add("randomness", step.Randomness is { } randomness
                ? new JsonObject()
                    .Add("seed", new JsonObject().Add("value", JsonNode.Raw(randomness.SeedJson)).Add("provenance", randomness.SeedProvenance))
                    .Add("threads", randomness.Threads)
                    .Add("deterministic", DeterministicValue(randomness.Deterministic))
                : JsonNode.Null);
            return result;
        }

        private static JsonObject Arguments(EquatableArray<ArgumentModel> arguments)
        {
            var result = new JsonObject();
            foreach (var argument in arguments)
            {
                result.Add(argument.Name, new JsonObject().Add("value", JsonNode.Raw(argument.ValueJson)).Add("provenance", argument.Provenance));
            }

            return result;
        }

        private static JsonObject Data(DataModel data)
        {
            var result = new JsonObject()
                .Add("role", data.Role)
                .Add("loader", data.Loader)
                .Add("rowType", data.RowType)
                .Add("rowTypePublic", data.RowTypePublic is { } isPublic ? JsonNode.Bool(isPublic) : JsonNode.Null)
                .Add("path", Path(data.Path))
                .Add("loaderOptions", Arguments(data.LoaderOptions))
                .Add("rowOperations", JsonNode.Strings(data.RowOperations))
                .Add("split", data.Split is { } split ? Split(split) : JsonNode.Null);
            return result;
        }

        private static JsonObject Split(SplitModel split) =>
            new JsonObject().Add("method", split.Method).Add("arguments", Arguments(split.Arguments));

        private static JsonObject Path(PathModel path) =>
            new JsonObject().Add("value", path.Value).Add("provenance", path.Provenance);

        private static JsonObject Contract(DataContractModel contract, string? projectDirectory)
        {
            var columns = new JsonArray();
            foreach (var column in contract.Columns)
            {
                columns.Add(new JsonObject()
                    .Add("member", column.Member)
                    .Add("name", column.Name)
                    .Add("clrType", column.ClrType)
                    .Add("loadColumn", JsonNode.Raw(column.LoadColumnJson))
                    .Add("vectorSize", column.VectorSize is { } size ? JsonNode.Number(size) : JsonNode.Null)
                    .Add("keyCount", column.KeyCount is { } count ? JsonNode.Number(count) : JsonNode.Null));
            }

            return new JsonObject()
                .Add("type", contract.Type)
                .Add("columns", columns)
                .Add("source", contract.Source is { } source ? Source(source, projectDirectory) : JsonNode.Null);
        }

        private static JsonObject Source(SourceModel source, string? projectDirectory) =>
            new JsonObject()
                .Add("file", RelativePath(source.FilePath, projectDirectory))
                .Add("line", source.Line)
                .Add("column", source.Column)
                .Add("symbol", source.Symbol);

        /// <summary>
        /// ML Test Score items the code shows evidence for (static) or not (absent). Generated tests add their own
        /// evidence at run time; the manifest only states what the source proves.
        /// </summary>
        private static JsonObject Rubric(List<PipelineModel> pipelines, List<string> ids)
        {
            List<string> Without(Func<PipelineModel, bool> lacks) => pipelines.Select((p, i) => (p, i)).Where(x => lacks(x.p)).Select(x => ids[x.i]).ToList();
            var notReproducible = Without(p => p.Deterministic != "true");
            var unevaluated = Without(p => (p.Saves.Count > 0 || p.Factory is not null) && !p.Evaluations.Any(e => e.DataRole is "test" or "crossValidation"));
            var noSchema = Without(p => p.Data.Any(d => d.Role == "train" && d.RowType is null));
            return new JsonObject()
                .Add("infra1ReproducibleTraining", RubricItem(pipelines.Count, notReproducible))
                .Add("infra4QualityValidatedBeforeServing", RubricItem(pipelines.Count, unevaluated))
                .Add("data1SchemaCaptured", RubricItem(pipelines.Count, noSchema));
        }

        private static JsonObject RubricItem(int total, List<string> missing) =>
            new JsonObject()
                .Add("evidence", total > 0 && missing.Count == 0 ? "static" : "absent")
                .Add("pipelinesWithout", JsonNode.Strings(missing));

        /// <summary>
        /// The path relative to the project directory with '/' separators; '../' segments when outside it; the file name
        /// alone when there is no project directory or the two do not share a root. Never absolute.
        /// </summary>
        public static string RelativePath(string filePath, string? projectDirectory)
        {
            var file = filePath.Replace('\\', '/');
            var fileName = file.Substring(file.LastIndexOf('/') + 1);
            if (string.IsNullOrEmpty(projectDirectory))
            {
                return fileName;
            }

            var ignoreCase = file.Length > 1 && file[1] == ':';
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var fileParts = file.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            var directoryParts = projectDirectory!.Replace('\\', '/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            var common = 0;
            while (common < fileParts.Length - 1 && common < directoryParts.Length && string.Equals(fileParts[common], directoryParts[common], comparison))
            {
                common++;
            }

            if (common == 0)
            {
                return fileName;
            }

            var builder = new StringBuilder();
            for (var i = common; i < directoryParts.Length; i++)
            {
                builder.Append("../");
            }

            builder.Append(string.Join("/", fileParts, common, fileParts.Length - common));
            return builder.ToString();
        }
    }
}
