using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using MLOps.Analyzers.Model;
using Xunit;

namespace MLOps.Analyzers.Tests
{
    public class TrainerFactsTableTests
    {
        // Kept by name: they live in Microsoft.ML.Mkl.Components, which the tests do not reference.
        private static readonly HashSet<string> NotReferencedTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "Microsoft.ML.Trainers.SymbolicSgdLogisticRegressionBinaryTrainer",
            "Microsoft.ML.Trainers.OlsTrainer",
        };

        // The ML.NET 5.0.1 assemblies that define trainers.
        private static readonly Assembly[] TrainerAssemblies =
        {
            typeof(Microsoft.ML.MLContext).Assembly,
            typeof(Microsoft.ML.Trainers.SdcaRegressionTrainer).Assembly,
            typeof(Microsoft.ML.Trainers.KMeansTrainer).Assembly,
            typeof(Microsoft.ML.Trainers.RandomizedPcaTrainer).Assembly,
            typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer).Assembly,
            typeof(Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer).Assembly,
        };

        [Theory]
        [InlineData("Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer")]
        [InlineData("Microsoft.ML.Trainers.SdcaNonCalibratedBinaryTrainer")]
        public void SdcaBinaryIsNotGuaranteedUnlessSingleThread(string trainerTypeName)
        {
            TrainerFacts? facts = TrainerFactsTable.Find(trainerTypeName);

            Assert.NotNull(facts);
            Assert.Equal("Trainers.StochasticDualCoordinateAscentBinaryClassifier", facts!.EntryPointName);
            Assert.Equal(ThreadDeterminism.NotGuaranteedUnlessSingleThread, facts.ThreadDeterminism);
            Assert.Equal(trainerTypeName + "+Options", facts.OptionsTypeName);
            Assert.True(facts.ShufflesByDefault);
            Assert.True(facts.UsesRandomness);
            Assert.Null(facts.OwnSeedDefault);
        }

        [Fact]
        public void LightGbmBinaryIsNotGuaranteedUnlessDeterministic()
        {
            TrainerFacts? facts = TrainerFactsTable.Find("Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer");

            Assert.NotNull(facts);
            Assert.Equal(ThreadDeterminism.NotGuaranteedUnlessDeterministic, facts!.ThreadDeterminism);
            Assert.Equal("false", facts.FindOption("Deterministic")?.DefaultValue);
            Assert.True(facts.UsesRandomness);
            Assert.Null(facts.OwnSeedDefault);
        }

        [Fact]
        public void FastTreeIsDeterministicWithItsOwnSeed()
        {
            TrainerFacts? facts = TrainerFactsTable.Find("Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer");

            Assert.NotNull(facts);
            Assert.Equal(ThreadDeterminism.Deterministic, facts!.ThreadDeterminism);
            Assert.Equal(123, facts.OwnSeedDefault);
            Assert.True(facts.UsesRandomness);
            Assert.False(facts.ShufflesByDefault);
            Assert.Equal("Auto", facts.NormalizeFeaturesDefault);
            Assert.Equal("Auto", facts.CachingDefault);
        }

        [Fact]
        public void FindIsAnExactOrdinalMatch()
        {
            Assert.Null(TrainerFactsTable.Find("SdcaLogisticRegressionBinaryTrainer"));
            Assert.Null(TrainerFactsTable.Find("microsoft.ml.trainers.sdcalogisticregressionbinarytrainer"));
            Assert.Null(TrainerFactsTable.Find("Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer+Options"));
            Assert.Same(TrainerFactsTable.All[0], TrainerFactsTable.Find(TrainerFactsTable.All[0].TrainerTypeName));
        }

        [Fact]
        public void TableIsSortedUniqueAndComplete()
        {
            string[] names = TrainerFactsTable.All.Select(f => f.TrainerTypeName).ToArray();

            Assert.Equal(32, names.Length);
            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
            Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
            Assert.All(TrainerFactsTable.All, f =>
            {
                Assert.StartsWith("Trainers.", f.EntryPointName, StringComparison.Ordinal);
                Assert.NotEmpty(f.Options);
                Assert.DoesNotContain(f.Options, o => o.Name == "TrainingData");
            });
        }

        [Fact]
        public void EveryTrainerAndOptionsTypeResolvesInMLNet()
        {
            var unresolved = new List<string>();
            foreach (TrainerFacts facts in TrainerFactsTable.All)
            {
                if (NotReferencedTypes.Contains(facts.TrainerTypeName))
                {
                    continue;
                }

                Type? trainer = Resolve(facts.TrainerTypeName);
                if (trainer is null || !trainer.IsPublic)
                {
                    unresolved.Add(facts.TrainerTypeName);
                    continue;
                }

                if (facts.OptionsTypeName is not null)
                {
                    Type? options = Resolve(facts.OptionsTypeName);
                    if (options is null || !options.IsNestedPublic || options.DeclaringType != trainer)
                    {
                        unresolved.Add(facts.OptionsTypeName);
                    }
                }
                else
                {
                    // Null only when the trainer has no public nested Options class.
                    Type? options = trainer.GetNestedType("Options", BindingFlags.Public);
                    if (options is not null)
                    {
                        unresolved.Add(facts.TrainerTypeName + ": has a public Options class the table does not record");
                    }
                }
            }

            Assert.Empty(unresolved);
            Assert.All(NotReferencedTypes, name => Assert.NotNull(TrainerFactsTable.Find(name)));
        }

        private static Type? Resolve(string metadataName)
        {
            foreach (Assembly assembly in TrainerAssemblies)
            {
                Type? type = assembly.GetType(metadataName, throwOnError: false);
                if (type is not null)
                {
                    return type;
                }
            }

            return null;
        }
    }
}
