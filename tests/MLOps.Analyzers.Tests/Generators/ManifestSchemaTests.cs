using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Xunit;
using ManifestWriter = MLOps.Analyzers.Generators.ManifestWriter;

namespace MLOps.Analyzers.Tests.Generators
{
    /// <summary>
    /// docs/manifest.schema.json is a valid draft 2020-12 schema, accepts a real manifest and rejects what the writer never
    /// writes: a missing key, an extra key, an absolute source path, a word outside a closed vocabulary, a malformed hash.
    /// (That the generator's own output passes the schema is tested elsewhere.)
    /// </summary>
    public class ManifestSchemaTests
    {
        /// <summary>
        /// The manifest of samples/TaxiFareClean, trimmed to one pipeline (FastTree, without the one-hot step), two
        /// references, three contract columns and three loader options. Everything else is as the generator wrote it.
        /// </summary>
        private const string SampleManifest = """
            {
              "$schema": "https://raw.githubusercontent.com/mlops-analyzers/MLOps.Analyzers/main/docs/manifest.schema.json",
              "compilation": {
                "assemblyName": "TaxiFareClean",
                "references": [
                  {
                    "informationalVersion": "5.0.1+a4f730ec0c9106c2c9ef9e1fa34011374115fb98",
                    "name": "Microsoft.ML.Data"
                  },
                  {
                    "informationalVersion": "5.0.1+a4f730ec0c9106c2c9ef9e1fa34011374115fb98",
                    "name": "Microsoft.ML.FastTree"
                  }
                ]
              },
              "dataContracts": [
                {
                  "columns": [
                    {
                      "clrType": "float",
                      "keyCount": null,
                      "loadColumn": 2,
                      "member": "PassengerCount",
                      "name": "PassengerCount",
                      "vectorSize": null
                    },
                    {
                      "clrType": "float",
                      "keyCount": null,
                      "loadColumn": 4,
                      "member": "TripDistance",
                      "name": "TripDistance",
                      "vectorSize": null
                    },
                    {
                      "clrType": "float",
                      "keyCount": null,
                      "loadColumn": 6,
                      "member": "FareAmount",
                      "name": "FareAmount",
                      "vectorSize": null
                    }
                  ],
                  "source": {
                    "column": 5,
                    "file": "../TaxiFare/TaxiTrip.cs",
                    "line": 6,
                    "symbol": "TaxiFare.TaxiTrip"
                  },
                  "type": "TaxiFare.TaxiTrip"
                }
              ],
              "generator": {
                "name": "MLOps.Analyzers",
                "version": "0.1.0"
              },
              "pipelines": [
                {
                  "chainFullyKnown": true,
                  "context": {
                    "seed": 1,
                    "seedKind": "constant"
                  },
                  "data": [
                    {
                      "loader": "LoadFromTextFile",
                      "loaderOptions": {
                        "allowQuoting": {
                          "provenance": "default",
                          "value": false
                        },
                        "hasHeader": {
                          "provenance": "literal",
                          "value": true
                        },
                        "separatorChar": {
                          "provenance": "literal",
                          "value": ","
                        }
                      },
                      "path": {
                        "provenance": "baseDirectory",
                        "value": "data/taxi-fare.csv"
                      },
                      "role": "train",
                      "rowOperations": [],
                      "rowType": "TaxiFare.TaxiTrip",
                      "rowTypePublic": true,
                      "split": {
                        "arguments": {
                          "samplingKeyColumnName": {
                            "provenance": "default",
                            "value": null
                          },
                          "seed": {
                            "provenance": "default",
                            "value": null
                          },
                          "testFraction": {
                            "provenance": "literal",
                            "value": 0.2
                          }
                        },
                        "method": "TrainTestSplit"
                      }
                    },
                    {
                      "loader": "LoadFromTextFile",
                      "loaderOptions": {
                        "allowQuoting": {
                          "provenance": "default",
                          "value": false
                        },
                        "hasHeader": {
                          "provenance": "literal",
                          "value": true
                        },
                        "separatorChar": {
                          "provenance": "literal",
                          "value": ","
                        }
                      },
                      "path": {
                        "provenance": "baseDirectory",
                        "value": "data/taxi-fare.csv"
                      },
                      "role": "test",
                      "rowOperations": [],
                      "rowType": "TaxiFare.TaxiTrip",
                      "rowTypePublic": true,
                      "split": {
                        "arguments": {
                          "samplingKeyColumnName": {
                            "provenance": "default",
                            "value": null
                          },
                          "seed": {
                            "provenance": "default",
                            "value": null
                          },
                          "testFraction": {
                            "provenance": "literal",
                            "value": 0.2
                          }
                        },
                        "method": "TrainTestSplit"
                      }
                    }
                  ],
                  "definitionHash": {
                    "algorithm": "sha256",
                    "value": "b7c7d7370caec07c5d81c42120555e2822d49718e191ba083ff918ca5c5ebc5b"
                  },
                  "deterministic": true,
                  "evaluations": [
                    {
                      "dataRole": "test",
                      "labelColumnName": "FareAmount",
                      "method": "Regression.Evaluate",
                      "metricsRead": [
                        "RSquared",
                        "RootMeanSquaredError"
                      ],
                      "metricsType": "RegressionMetrics",
                      "source": {
                        "column": 42,
                        "file": "Program.cs",
                        "line": 72,
                        "symbol": "TaxiFare.Program.Main()"
                      }
                    }
                  ],
                  "factory": null,
                  "id": "TaxiFare.Program.Main/Regression.Trainers.FastTree",
                  "name": "fastTreeModel",
                  "persistence": {
                    "loads": [],
                    "saves": [
                      {
                        "format": "mlnet",
                        "path": {
                          "provenance": "partial",
                          "value": "<AppContext.BaseDirectory>/MLModels/TaxiFareModel-{DateTime.UtcNow}.zip"
                        },
                        "source": {
                          "column": 13,
                          "file": "Program.cs",
                          "line": 90,
                          "symbol": "TaxiFare.Program.Main()"
                        },
                        "withInputSchema": "true"
                      }
                    ]
                  },
                  "reasons": [
                    "Every random step is seeded from the constant MLContext seed or its own seed, and no step depends on thread scheduling."
                  ],
                  "source": {
                    "column": 54,
                    "file": "Program.cs",
                    "line": 54,
                    "symbol": "TaxiFare.Program.Main()"
                  },
                  "steps": [
                    {
                      "arguments": {
                        "inputColumnNames": {
                          "provenance": "literal",
                          "value": [
                            "PassengerCount",
                            "TripTime",
                            "TripDistance"
                          ]
                        },
                        "outputColumnName": {
                          "provenance": "const",
                          "value": "Features"
                        }
                      },
                      "catalogPath": "Transforms.Concatenate",
                      "estimatorType": "Microsoft.ML.Transforms.ColumnConcatenatingEstimator",
                      "index": 0,
                      "inputColumns": [
                        "PassengerCount",
                        "TripTime",
                        "TripDistance"
                      ],
                      "outputColumns": [
                        "Features"
                      ],
                      "randomness": null,
                      "role": "transform"
                    },
                    {
                      "arguments": {
                        "fixZero": {
                          "provenance": "default",
                          "value": true
                        },
                        "inputColumnName": {
                          "provenance": "default",
                          "value": null
                        },
                        "maximumExampleCount": {
                          "provenance": "default",
                          "value": 1000000000
                        },
                        "outputColumnName": {
                          "provenance": "const",
                          "value": "Features"
                        }
                      },
                      "catalogPath": "Transforms.NormalizeMinMax",
                      "estimatorType": "Microsoft.ML.Transforms.NormalizingEstimator",
                      "index": 1,
                      "inputColumns": [
                        "Features"
                      ],
                      "outputColumns": [
                        "Features"
                      ],
                      "randomness": null,
                      "role": "transform"
                    },
                    {
                      "arguments": {},
                      "catalogPath": "AppendCacheCheckpoint",
                      "estimatorType": null,
                      "index": 2,
                      "inputColumns": null,
                      "outputColumns": null,
                      "randomness": null,
                      "role": "cacheCheckpoint"
                    },
                    {
                      "arguments": {
                        "exampleWeightColumnName": {
                          "provenance": "default",
                          "value": null
                        },
                        "featureColumnName": {
                          "provenance": "const",
                          "value": "Features"
                        },
                        "labelColumnName": {
                          "provenance": "const",
                          "value": "FareAmount"
                        },
                        "learningRate": {
                          "provenance": "literal",
                          "value": 0.2
                        },
                        "minimumExampleCountPerLeaf": {
                          "provenance": "literal",
                          "value": 10
                        },
                        "numberOfLeaves": {
                          "provenance": "literal",
                          "value": 20
                        },
                        "numberOfTrees": {
                          "provenance": "literal",
                          "value": 100
                        }
                      },
                      "catalogPath": "Regression.Trainers.FastTree",
                      "estimatorType": "Microsoft.ML.Trainers.FastTree.FastTreeRegressionTrainer",
                      "index": 3,
                      "inputColumns": [
                        "FareAmount",
                        "Features"
                      ],
                      "outputColumns": [
                        "Score"
                      ],
                      "randomness": {
                        "deterministic": true,
                        "seed": {
                          "provenance": "fixedInternal",
                          "value": 123
                        },
                        "threads": "notApplicable"
                      },
                      "role": "trainer"
                    }
                  ],
                  "task": "Regression"
                }
              ],
              "rubric": {
                "data1SchemaCaptured": {
                  "evidence": "static",
                  "pipelinesWithout": []
                },
                "infra1ReproducibleTraining": {
                  "evidence": "static",
                  "pipelinesWithout": []
                },
                "infra4QualityValidatedBeforeServing": {
                  "evidence": "static",
                  "pipelinesWithout": []
                }
              },
              "schemaVersion": "1.2.0"
            }
            """;

        private static readonly string SchemaText = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Generators", "manifest.schema.json"));

        // A private registry: the schema's $id may also be built by other tests in the same process.
        private static readonly Lazy<JsonSchema> Schema = new Lazy<JsonSchema>(() =>
            JsonSchema.FromText(SchemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

        private static readonly EvaluationOptions ListOutput = new EvaluationOptions { OutputFormat = OutputFormat.List };

        [Fact]
        public void The_schema_is_a_valid_draft_2020_12_schema()
        {
            using var document = JsonDocument.Parse(SchemaText);
            var result = MetaSchemas.Draft202012.Evaluate(document.RootElement, ListOutput);

            Assert.True(result.IsValid, Describe(result));
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", document.RootElement.GetProperty("$schema").GetString());
            Assert.NotNull(Schema.Value);
        }

        [Fact]
        public void The_schema_id_is_the_one_the_writer_writes()
        {
            var schema = JsonNode.Parse(SchemaText)!;

            Assert.Equal(ManifestWriter.SchemaId, (string?)schema["$id"]);
            Assert.Equal(ManifestWriter.SchemaId, (string?)schema["properties"]!["$schema"]!["const"]);
            Assert.Equal(ManifestWriter.GeneratorName, (string?)schema["properties"]!["generator"]!["properties"]!["name"]!["const"]);
        }

        /// <summary>
        /// Keys added by a minor version that the schema requires only from that version on (the schemaVersion condition
        /// at its root), so that manifests written before stay valid: <c>saves[].format</c> since 1.2.
        /// </summary>
        private static readonly Dictionary<string, string[]> RequiredFromAMinorVersion = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["#/$defs/save"] = new[] { "format" },
        };

        /// <summary>
        /// The writer writes every key, null where a value is unknown: every object in the schema is closed and requires all
        /// its properties (those of <see cref="RequiredFromAMinorVersion"/> from their version on).
        /// </summary>
        [Fact]
        public void Every_object_in_the_schema_is_closed_and_requires_all_its_properties()
        {
            var objects = new List<string>();
            Walk(JsonNode.Parse(SchemaText)!, "#", objects);

            Assert.Contains("#/$defs/pipeline", objects);
            Assert.Contains("#/$defs/step", objects);
            Assert.True(objects.Count >= 20, string.Join(", ", objects));

            static void Walk(JsonNode node, string location, List<string> objects)
            {
                if (node is JsonArray array)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is { } item)
                        {
                            Walk(item, location + "/" + i, objects);
                        }
                    }

                    return;
                }

                if (node is not JsonObject schema)
                {
                    return;
                }

                if (schema["type"] is JsonValue type && type.TryGetValue<string>(out var name) && name == "object"
                    && schema["properties"] is JsonObject properties)
                {
                    objects.Add(location);
                    Assert.True(schema["additionalProperties"] is JsonValue closed && !closed.GetValue<bool>(), location + ": additionalProperties is not false");
                    var required = schema["required"]!.AsArray().Select(r => (string)r!).ToList();
                    if (RequiredFromAMinorVersion.TryGetValue(location, out var later))
                    {
                        Assert.DoesNotContain(later, required.Contains);
                        required.AddRange(later);
                    }

                    Assert.Equal(properties.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal), required.OrderBy(k => k, StringComparer.Ordinal));
                }

                foreach (var pair in schema)
                {
                    if (pair.Value is { } child && pair.Key != "const" && pair.Key != "enum")
                    {
                        Walk(child, location + "/" + pair.Key, objects);
                    }
                }
            }
        }

        [Fact]
        public void The_sample_manifest_is_valid()
        {
            AssertValid(Sample());
        }

        [Fact]
        public void The_writers_schema_version_is_valid()
        {
            AssertValid(Sample(), "schemaVersion", JsonValue.Create(ManifestWriter.SchemaVersion));
        }

        [Theory]
        [InlineData("", "$schema")]
        [InlineData("", "schemaVersion")]
        [InlineData("", "generator")]
        [InlineData("", "dataContracts")]
        [InlineData("", "rubric")]
        [InlineData("generator", "version")]
        [InlineData("compilation", "references")]
        [InlineData("compilation/references/0", "informationalVersion")]
        [InlineData("dataContracts/0", "source")]
        [InlineData("dataContracts/0/columns/0", "keyCount")]
        [InlineData("dataContracts/0/columns/0", "loadColumn")]
        [InlineData("pipelines/0", "id")]
        [InlineData("pipelines/0", "definitionHash")]
        [InlineData("pipelines/0", "chainFullyKnown")]
        [InlineData("pipelines/0", "deterministic")]
        [InlineData("pipelines/0", "reasons")]
        [InlineData("pipelines/0", "factory")]
        [InlineData("pipelines/0/source", "column")]
        [InlineData("pipelines/0/definitionHash", "algorithm")]
        [InlineData("pipelines/0/context", "seed")]
        [InlineData("pipelines/0/steps/2", "estimatorType")]
        [InlineData("pipelines/0/steps/2", "inputColumns")]
        [InlineData("pipelines/0/steps/3", "arguments")]
        [InlineData("pipelines/0/steps/3/arguments/learningRate", "value")]
        [InlineData("pipelines/0/steps/3/randomness", "threads")]
        [InlineData("pipelines/0/steps/3/randomness/seed", "provenance")]
        [InlineData("pipelines/0/data/0", "split")]
        [InlineData("pipelines/0/data/0", "rowType")]
        [InlineData("pipelines/0/data/0", "rowTypePublic")]
        [InlineData("pipelines/0/data/0/path", "value")]
        [InlineData("pipelines/0/data/0/split", "arguments")]
        [InlineData("pipelines/0/evaluations/0", "labelColumnName")]
        [InlineData("pipelines/0/evaluations/0", "metricsRead")]
        [InlineData("pipelines/0/persistence", "loads")]
        [InlineData("pipelines/0/persistence/saves/0", "withInputSchema")]
        [InlineData("pipelines/0/persistence/saves/0", "format")]
        [InlineData("rubric", "infra1ReproducibleTraining")]
        [InlineData("rubric/data1SchemaCaptured", "pipelinesWithout")]
        public void A_manifest_without_a_required_key_is_invalid(string objectPath, string key)
        {
            var manifest = Sample();
            Assert.True(ObjectAt(manifest, objectPath).Remove(key), "the sample has no " + objectPath + "/" + key);

            AssertInvalid(manifest);
        }

        [Theory]
        [InlineData("")]
        [InlineData("generator")]
        [InlineData("compilation")]
        [InlineData("compilation/references/0")]
        [InlineData("dataContracts/0")]
        [InlineData("dataContracts/0/columns/0")]
        [InlineData("dataContracts/0/source")]
        [InlineData("pipelines/0")]
        [InlineData("pipelines/0/source")]
        [InlineData("pipelines/0/definitionHash")]
        [InlineData("pipelines/0/context")]
        [InlineData("pipelines/0/steps/0")]
        [InlineData("pipelines/0/steps/0/arguments/outputColumnName")]
        [InlineData("pipelines/0/steps/3/randomness")]
        [InlineData("pipelines/0/steps/3/randomness/seed")]
        [InlineData("pipelines/0/data/0")]
        [InlineData("pipelines/0/data/0/path")]
        [InlineData("pipelines/0/data/0/split")]
        [InlineData("pipelines/0/evaluations/0")]
        [InlineData("pipelines/0/persistence")]
        [InlineData("pipelines/0/persistence/saves/0")]
        [InlineData("rubric")]
        [InlineData("rubric/infra1ReproducibleTraining")]
        public void A_manifest_with_an_extra_key_is_invalid(string objectPath)
        {
            var manifest = Sample();
            ObjectAt(manifest, objectPath).Add("runId", "20260101-1200");

            AssertInvalid(manifest);
        }

        [Fact]
        public void An_argument_map_takes_any_name_whose_value_is_an_argument()
        {
            var manifest = Sample();
            var arguments = ObjectAt(manifest, "pipelines/0/steps/3/arguments");
            arguments.Add("options.Trees.<initializer>", new JsonObject { ["value"] = null, ["provenance"] = "nonConstant" });
            arguments.Add("columns", new JsonObject { ["value"] = new JsonArray("A", "B"), ["provenance"] = "literal" });
            arguments.Add("scale", new JsonObject { ["value"] = new JsonObject { ["x"] = 1 }, ["provenance"] = "const" });
            AssertValid(manifest);

            arguments.Add("numberOfThreads", 1);
            AssertInvalid(manifest);
        }

        [Theory]
        [InlineData("pipelines/0/source")]
        [InlineData("pipelines/0/evaluations/0/source")]
        [InlineData("pipelines/0/persistence/saves/0/source")]
        [InlineData("dataContracts/0/source")]
        public void A_relative_source_file_is_valid(string sourcePath)
        {
            foreach (var file in new[] { "Program.cs", "src/Training/Program.cs", "../TaxiFare/TaxiTrip.cs", "Program.g.cs" })
            {
                AssertValid(Sample(), sourcePath + "/file", JsonValue.Create(file));
            }
        }

        [Theory]
        [InlineData("pipelines/0/source", "/home/x/Program.cs")]
        [InlineData("pipelines/0/source", "C:\\x\\Program.cs")]
        [InlineData("pipelines/0/source", "C:/x/Program.cs")]
        [InlineData("pipelines/0/source", "d:Program.cs")]
        [InlineData("pipelines/0/source", "//server/share/Program.cs")]
        [InlineData("pipelines/0/source", "src\\Program.cs")]
        [InlineData("pipelines/0/evaluations/0/source", "/home/x/Program.cs")]
        [InlineData("pipelines/0/evaluations/0/source", "C:\\x\\Program.cs")]
        [InlineData("pipelines/0/persistence/saves/0/source", "/home/x/Program.cs")]
        [InlineData("dataContracts/0/source", "C:\\x\\TaxiTrip.cs")]
        public void An_absolute_or_backslashed_source_file_is_invalid(string sourcePath, string file)
        {
            AssertInvalid(Sample(), sourcePath + "/file", JsonValue.Create(file));
        }

        [Theory]
        [InlineData("pipelines/0/source/line", "0")]
        [InlineData("pipelines/0/source/column", "0")]
        [InlineData("pipelines/0/source/line", "-3")]
        [InlineData("pipelines/0/source/line", "1.5")]
        [InlineData("pipelines/0/source/line", "\"54\"")]
        public void A_source_position_below_one_or_not_an_integer_is_invalid(string path, string json)
        {
            AssertInvalid(Sample(), path, JsonNode.Parse(json));
        }

        [Theory]
        [InlineData("pipelines/0/steps/3/arguments/learningRate/provenance", "constant")]
        [InlineData("pipelines/0/steps/3/arguments/learningRate/provenance", "Literal")]
        [InlineData("pipelines/0/steps/3/arguments/learningRate/provenance", "explicit")]
        [InlineData("pipelines/0/data/0/loaderOptions/hasHeader/provenance", "inferred")]
        [InlineData("pipelines/0/data/0/split/arguments/testFraction/provenance", "")]
        [InlineData("pipelines/0/data/0/path/provenance", "file")]
        [InlineData("pipelines/0/persistence/saves/0/path/provenance", "absolutePath")]
        [InlineData("pipelines/0/steps/3/randomness/seed/provenance", "context")]
        [InlineData("pipelines/0/steps/3/randomness/seed/provenance", "literal")]
        public void A_provenance_outside_the_vocabulary_is_invalid(string path, string provenance)
        {
            AssertInvalid(Sample(), path, JsonValue.Create(provenance));
        }

        [Theory]
        [InlineData("pipelines/0/context/seedKind", "\"explicit\"")]
        [InlineData("pipelines/0/steps/0/role", "\"estimator\"")]
        [InlineData("pipelines/0/steps/3/randomness/threads", "\"many\"")]
        [InlineData("pipelines/0/steps/3/randomness/deterministic", "\"true\"")]
        [InlineData("pipelines/0/deterministic", "\"yes\"")]
        [InlineData("pipelines/0/deterministic", "null")]
        [InlineData("pipelines/0/task", "\"Classification\"")]
        [InlineData("pipelines/0/data/1/role", "\"holdout\"")]
        [InlineData("pipelines/0/evaluations/0/dataRole", "\"validationSet\"")]
        [InlineData("pipelines/0/persistence/saves/0/withInputSchema", "true")]
        [InlineData("pipelines/0/persistence/saves/0/withInputSchema", "\"yes\"")]
        [InlineData("pipelines/0/persistence/saves/0/format", "\"zip\"")]
        [InlineData("pipelines/0/persistence/saves/0/format", "null")]
        [InlineData("rubric/infra1ReproducibleTraining/evidence", "\"generated\"")]
        public void A_word_outside_a_closed_vocabulary_is_invalid(string path, string json)
        {
            AssertInvalid(Sample(), path, JsonNode.Parse(json));
        }

        [Theory]
        [InlineData("pipelines/0/deterministic", "false")]
        [InlineData("pipelines/0/deterministic", "\"unknown\"")]
        [InlineData("pipelines/0/steps/3/randomness/deterministic", "\"unknown\"")]
        [InlineData("pipelines/0/steps/3/randomness/threads", "\"multi\"")]
        [InlineData("pipelines/0/task", "\"AnomalyDetection\"")]
        [InlineData("pipelines/0/task", "\"Unknown\"")]
        [InlineData("pipelines/0/data/1/role", "\"unknown\"")]
        [InlineData("pipelines/0/evaluations/0/dataRole", "\"crossValidation\"")]
        [InlineData("pipelines/0/persistence/saves/0/withInputSchema", "\"loader\"")]
        [InlineData("pipelines/0/persistence/saves/0/format", "\"onnx\"")]
        [InlineData("pipelines/0/steps/3/randomness", "{\"seed\":{\"value\":null,\"provenance\":\"notApplicable\"},\"threads\":\"single\",\"deterministic\":true}")]
        [InlineData("pipelines/0/steps/3/randomness", "{\"seed\":{\"value\":null,\"provenance\":\"unknown\"},\"threads\":\"unknown\",\"deterministic\":\"unknown\"}")]
        [InlineData("pipelines/0/steps/3/randomness", "{\"seed\":{\"value\":null,\"provenance\":\"unseeded\"},\"threads\":\"notApplicable\",\"deterministic\":false}")]
        [InlineData("pipelines/0/steps/3/randomness", "{\"seed\":{\"value\":42,\"provenance\":\"explicit\"},\"threads\":\"notApplicable\",\"deterministic\":true}")]
        [InlineData("pipelines/0/context", "{\"seed\":null,\"seedKind\":\"null\"}")]
        [InlineData("pipelines/0/context", "{\"seed\":null,\"seedKind\":\"unknown\"}")]
        [InlineData("pipelines/0/data/0/path", "{\"value\":null,\"provenance\":\"parameter\"}")]
        [InlineData("pipelines/0/data/0/path", "{\"value\":\"C:/data/taxi.csv\",\"provenance\":\"absolute\"}")]
        [InlineData("pipelines/0/persistence/saves/0/path", "{\"value\":null,\"provenance\":\"stream\"}")]
        [InlineData("pipelines/0/factory", "{\"containingType\":\"TaxiFare.Pipelines\",\"method\":\"Build\",\"parameters\":[\"Microsoft.ML.MLContext\"],\"callable\":true,\"notCallableReason\":null}")]
        [InlineData("pipelines/0/factory", "{\"containingType\":\"TaxiFare.Pipelines\",\"method\":\"Build\",\"parameters\":[\"Microsoft.ML.MLContext\"],\"callable\":false,\"notCallableReason\":\"not static\"}")]
        [InlineData("dataContracts/0/columns/0/loadColumn", "{\"start\":0,\"end\":9}")]
        [InlineData("dataContracts/0/columns/0/loadColumn", "{\"indices\":[1,4]}")]
        [InlineData("dataContracts/0/source", "null")]
        public void Every_word_of_a_closed_vocabulary_is_valid(string path, string json)
        {
            AssertValid(Sample(), path, JsonNode.Parse(json));
        }

        [Theory]
        [InlineData("pipelines/0/context", "{\"seed\":1,\"seedKind\":\"null\"}")]
        [InlineData("pipelines/0/context", "{\"seed\":null,\"seedKind\":\"constant\"}")]
        [InlineData("pipelines/0/steps/3/arguments/learningRate", "{\"value\":0.2,\"provenance\":\"nonConstant\"}")]
        [InlineData("pipelines/0/data/0/path", "{\"value\":null,\"provenance\":\"relative\"}")]
        [InlineData("pipelines/0/data/0/path", "{\"value\":\"data.csv\",\"provenance\":\"none\"}")]
        [InlineData("pipelines/0/steps/3/randomness/seed", "{\"value\":5,\"provenance\":\"unseeded\"}")]
        [InlineData("pipelines/0/factory", "{\"containingType\":\"TaxiFare.Pipelines\",\"method\":\"Build\",\"parameters\":[\"Microsoft.ML.MLContext\"],\"callable\":true,\"notCallableReason\":\"generic\"}")]
        [InlineData("pipelines/0/factory", "{\"containingType\":\"TaxiFare.Pipelines\",\"method\":\"Build\",\"parameters\":[\"Microsoft.ML.MLContext\"],\"callable\":false,\"notCallableReason\":null}")]
        public void A_value_that_contradicts_its_provenance_or_kind_is_invalid(string path, string json)
        {
            AssertInvalid(Sample(), path, JsonNode.Parse(json));
        }

        [Theory]
        [InlineData("")]
        [InlineData("b7c7d7370caec07c5d81c42120555e2822d49718e191ba083ff918ca5c5ebc5")]
        [InlineData("b7c7d7370caec07c5d81c42120555e2822d49718e191ba083ff918ca5c5ebc5b0")]
        [InlineData("B7C7D7370CAEC07C5D81C42120555E2822D49718E191BA083FF918CA5C5EBC5B")]
        [InlineData("g7c7d7370caec07c5d81c42120555e2822d49718e191ba083ff918ca5c5ebc5b")]
        [InlineData("sha256:b7c7d7370caec07c5d81c42120555e2822d49718e191ba083ff918ca5c5ebc5b")]
        [InlineData("t8fX03DK7AfF2BwhIFVeKCLUlxjhkboIP/kYylxevFs=")]
        public void A_definition_hash_that_is_not_64_lower_case_hex_digits_is_invalid(string hash)
        {
            AssertInvalid(Sample(), "pipelines/0/definitionHash/value", JsonValue.Create(hash));
        }

        [Fact]
        public void A_definition_hash_of_another_algorithm_is_invalid()
        {
            AssertInvalid(Sample(), "pipelines/0/definitionHash/algorithm", JsonValue.Create("md5"));
        }

        /// <summary>Manifests written before 1.2 have no save format, and stay valid; from 1.2 on every save names it.</summary>
        [Theory]
        [InlineData("1.0.0", true)]
        [InlineData("1.1.0", true)]
        [InlineData("1.1.3", true)]
        [InlineData("1.2.0", false)]
        [InlineData("1.10.0", false)]
        public void A_save_without_a_format_is_valid_only_before_1_2(string version, bool valid)
        {
            var manifest = With(Sample(), "schemaVersion", JsonValue.Create(version));
            Assert.True(ObjectAt(manifest, "pipelines/0/persistence/saves/0").Remove("format"));

            if (valid)
            {
                AssertValid(manifest);
            }
            else
            {
                AssertInvalid(manifest);
            }

            // With its format, a save is valid in any 1.x version.
            AssertValid(Sample(), "schemaVersion", JsonValue.Create(version));
        }

        [Theory]
        [InlineData("1.0")]
        [InlineData("v1.0.0")]
        [InlineData("1.0.0.0")]
        [InlineData("01.0.0")]
        [InlineData("2.0.0")]
        public void A_schema_version_that_is_not_semver_of_major_version_1_is_invalid(string version)
        {
            AssertInvalid(Sample(), "schemaVersion", JsonValue.Create(version));
        }

        private static JsonNode Sample() => JsonNode.Parse(SampleManifest)!;

        private static JsonObject ObjectAt(JsonNode root, string path)
        {
            var node = root;
            foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                node = (int.TryParse(segment, out var index) ? node[index] : node[segment])
                    ?? throw new InvalidOperationException("The sample has nothing at " + path + ".");
            }

            return node.AsObject();
        }

        /// <summary>Sets the value at <paramref name="path"/> (parent path / key) and returns the manifest.</summary>
        private static JsonNode With(JsonNode manifest, string path, JsonNode? value)
        {
            var slash = path.LastIndexOf('/');
            var parent = ObjectAt(manifest, slash < 0 ? string.Empty : path.Substring(0, slash));
            var key = path.Substring(slash + 1);
            Assert.True(parent.ContainsKey(key), "the sample has no " + path);
            parent[key] = value;
            return manifest;
        }

        private static void AssertValid(JsonNode manifest, string path, JsonNode? value) => AssertValid(With(manifest, path, value));

        private static void AssertInvalid(JsonNode manifest, string path, JsonNode? value) => AssertInvalid(With(manifest, path, value));

        private static void AssertValid(JsonNode manifest)
        {
            var result = Evaluate(manifest);
            Assert.True(result.IsValid, Describe(result));
        }

        private static void AssertInvalid(JsonNode manifest)
        {
            Assert.False(Evaluate(manifest).IsValid, "the schema accepts: " + manifest.ToJsonString());
        }

        /// <summary>What the generator really writes, for the representative projects, is valid against the schema.</summary>
        [Theory]
        [InlineData("shop")]
        [InlineData("adversarial")]
        [InlineData("no pipeline")]
        [InlineData("unseeded, multi-threaded, cross-validated")]
        public void Generator_output_is_valid_against_the_schema(string project)
        {
            var sources = project switch
            {
                "shop" => ManifestSources.Shop,
                "adversarial" => new[] { (GeneratorHarness.ProjectDirectory + "/A.cs", ManifestSources.Adversarial) },
                "no pipeline" => new[] { (GeneratorHarness.ProjectDirectory + "/S.cs", "using Microsoft.ML; class S { ITransformer L(MLContext ml) => ml.Model.Load(\"m.zip\", out _); }") },
                _ => new[]
                {
                    (ManifestSources.ListingPath, ManifestSources.Listing),
                    (GeneratorHarness.ProjectDirectory + "/Cv.cs", """
                        using Microsoft.ML;
                        namespace Shop
                        {
                            static class Cv
                            {
                                static void Run(IDataView data, MLContext shared)
                                {
                                    var ml = new MLContext();
                                    var pipeline = ml.Transforms.Concatenate("Features", "Tenure", "Usage")
                                        .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "Churned"));
                                    var results = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5, labelColumnName: "Churned");
                                    var other = shared.Clustering.Trainers.KMeans(new Microsoft.ML.Trainers.KMeansTrainer.Options { NumberOfThreads = 1 }).Fit(data);
                                    var cached = ml.Data.Cache(ml.Data.ShuffleRows(data));
                                    var third = ml.Transforms.ProjectToPrincipalComponents("P", "Features", rank: 2).Append(ml.Regression.Trainers.LightGbm()).Fit(cached);
                                }
                            }
                        }
                        """),
                },
            };

            var json = GeneratorHarness.Manifest(sources);
            var result = Evaluate(JsonNode.Parse(json!)!);
            Assert.True(result.IsValid, Describe(result) + "\n" + json);
        }

        private static EvaluationResults Evaluate(JsonNode manifest) =>
            Schema.Value.Evaluate(JsonSerializer.SerializeToElement(manifest), ListOutput);

        private static string Describe(EvaluationResults result)
        {
            var text = new StringBuilder();
            foreach (var detail in result.Details ?? Enumerable.Empty<EvaluationResults>())
            {
                if (detail.Errors is { Count: > 0 } errors)
                {
                    foreach (var error in errors)
                    {
                        text.Append(detail.InstanceLocation).Append(" (").Append(detail.EvaluationPath).Append("): ").Append(error.Key).Append(": ").AppendLine(error.Value);
                    }
                }
            }

            return text.Length == 0 ? "no error details" : text.ToString();
        }
    }
}
