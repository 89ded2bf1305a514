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
        // Kept by name: they live in Microsoft.ML.Mkl.Components and Microsoft.ML.Recommender, which the tests do not reference.
        private static readonly HashSet<string> NotReferencedTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "Microsoft.ML.Trainers.SymbolicSgdLogisticRegressionBinaryTrainer",
            "Microsoft.ML.Trainers.OlsTrainer",
            "Microsoft.ML.Trainers.MatrixFactorizationTrainer",
        };

        // Trainers users create from a catalog that have no 'Trainers.*' entry point in the manifest.
        private static readonly HashSet<string> WithoutEntryPoint = new HashSet<string>(StringComparer.Ordinal)
        {
            "Microsoft.ML.Trainers.OneVersusAllTrainer",
            "Microsoft.ML.Trainers.PairwiseCouplingTrainer",
            "Microsoft.ML.Trainers.MatrixFactorizationTrainer",
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
        public void CachingIsRequiredWhereTheDocumentationSaysSo()
        {
            string[] requiringCaching = TrainerFactsTable.All.Where(f => f.RequiresCaching).Select(f => f.TrainerTypeName).ToArray();

            // MatrixFactorization's table says Yes, but it reads its data in one pass into LIBMF (a recorded deviation).
            Assert.Equal(
                new[]
                {
                    "Microsoft.ML.Trainers.KMeansTrainer",
                    "Microsoft.ML.Trainers.OneVersusAllTrainer",
                    "Microsoft.ML.Trainers.PairwiseCouplingTrainer",
                },
                requiringCaching);
        }

        [Theory]
        [InlineData("Microsoft.ML.Trainers.SdcaRegressionTrainer")]
        [InlineData("Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer")]
        [InlineData("Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer")]
        [InlineData("Microsoft.ML.Trainers.SgdCalibratedTrainer")]
        [InlineData("Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer")]
        [InlineData("Microsoft.ML.Trainers.LbfgsPoissonRegressionTrainer")]
        [InlineData("Microsoft.ML.Trainers.AveragedPerceptronTrainer")]
        [InlineData("Microsoft.ML.Trainers.LinearSvmTrainer")]
        [InlineData("Microsoft.ML.Trainers.OnlineGradientDescentTrainer")]
        [InlineData("Microsoft.ML.Trainers.LdSvmTrainer")]
        [InlineData("Microsoft.ML.Trainers.KMeansTrainer")]
        [InlineData("Microsoft.ML.Trainers.RandomizedPcaTrainer")]
        [InlineData("Microsoft.ML.Trainers.OlsTrainer")]
        public void ScalingSensitiveTrainersRequireNormalization(string trainerTypeName)
        {
            Assert.True(TrainerFactsTable.Find(trainerTypeName)?.RequiresNormalization);
        }

        [Theory]
        [InlineData("Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer")]
        [InlineData("Microsoft.ML.Trainers.FastTree.FastForestRegressionTrainer")]
        [InlineData("Microsoft.ML.Trainers.FastTree.GamRegressionTrainer")]
        [InlineData("Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer")]
        // Deviations from the documented "Yes", recorded in the generator: each has its own reason.
        [InlineData("Microsoft.ML.Trainers.FieldAwareFactorizationMachineTrainer")]
        [InlineData("Microsoft.ML.Trainers.NaiveBayesMulticlassTrainer")]
        [InlineData("Microsoft.ML.Trainers.MatrixFactorizationTrainer")]
        // "Depends on the underlying binary classifier": the wrapped trainer is checked on its own.
        [InlineData("Microsoft.ML.Trainers.OneVersusAllTrainer")]
        [InlineData("Microsoft.ML.Trainers.PairwiseCouplingTrainer")]
        public void TreesWrappersAndDeviationsDoNotRequireNormalization(string trainerTypeName)
        {
            Assert.False(TrainerFactsTable.Find(trainerTypeName)?.RequiresNormalization ?? true);
        }

        [Fact]
        public void TrainersWithoutAnEntryPointHaveNoOptions()
        {
            foreach (string name in WithoutEntryPoint)
            {
                TrainerFacts? facts = TrainerFactsTable.Find(name);
                Assert.NotNull(facts);
                Assert.Null(facts!.EntryPointName);
                Assert.Empty(facts.Options);
                Assert.Null(facts.NormalizeFeaturesDefault);
                Assert.Null(facts.CachingDefault);
                Assert.Equal(ThreadDeterminism.Deterministic, facts.ThreadDeterminism);
                Assert.Null(facts.OwnSeedDefault);
            }
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

            Assert.Equal(35, names.Length);
            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
            Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
            Assert.All(TrainerFactsTable.All.Where(f => !WithoutEntryPoint.Contains(f.TrainerTypeName)), f =>
            {
                Assert.StartsWith("Trainers.", f.EntryPointName, StringComparison.Ordinal);
                Assert.NotEmpty(f.Options);
                Assert.DoesNotContain(f.Options, o => o.Name == "TrainingData");
                Assert.NotNull(f.NormalizeFeaturesDefault);
                Assert.NotNull(f.CachingDefault);
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
