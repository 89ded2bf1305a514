// Hand-written half of the trainer facts model: the types and the lookup. The data is in TrainerFacts.g.cs,
// generated from ML.NET's entry-point manifest by tools/TrainerFactsGenerator (see its README.md).

using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace MLOps.Analyzers.Model
{
    /// <summary>How a trainer's result depends on the number of threads it trains with.</summary>
    internal enum ThreadDeterminism
    {
        /// <summary>Results do not depend on the thread count (or the trainer is single-threaded).</summary>
        Deterministic,

        /// <summary>The NumberOfThreads option is documented "Determinism not guaranteed" (SDCA, SGD, KMeans, SymSGD): set it to 1.</summary>
        NotGuaranteedUnlessSingleThread,

        /// <summary>LightGBM: has a <c>Deterministic</c> option (default false); NumberOfThreads = 1 also works.</summary>
        NotGuaranteedUnlessDeterministic,
    }

    /// <summary>One input of a trainer entry point, as the ML.NET manifest describes it.</summary>
    internal sealed class TrainerOption
    {
        public TrainerOption(string name, string type, string? defaultValue, string description)
        {
            Name = name;
            Type = type;
            DefaultValue = defaultValue;
            Description = description;
        }

        /// <summary>The input's name, e.g. <c>NumberOfThreads</c>.</summary>
        public string Name { get; }

        /// <summary>The manifest's type text: <c>Int</c>, <c>Float</c>, <c>Bool</c>, ... or compact JSON for enums, arrays and components.</summary>
        public string Type { get; }

        /// <summary>The default as invariant text (<c>123</c>, <c>1E-07</c>, <c>true</c>, <c>Auto</c>, compact JSON for components); null when the default is null.</summary>
        public string? DefaultValue { get; }

        /// <summary>The manifest's description of the input.</summary>
        public string Description { get; }
    }

    /// <summary>
    /// What ML.NET says about one trainer class: its entry point in the manifest (reproducibility facts, options) and its
    /// documentation ("Trainer Characteristics": caching and normalization).
    /// </summary>
    internal sealed class TrainerFacts
    {
        public TrainerFacts(
            string? entryPointName,
            string trainerTypeName,
            string? optionsTypeName,
            ThreadDeterminism threadDeterminism,
            bool usesRandomness,
            int? ownSeedDefault,
            bool shufflesByDefault,
            string? normalizeFeaturesDefault,
            string? cachingDefault,
            bool requiresCaching,
            bool requiresNormalization,
            ImmutableArray<TrainerOption> options)
        {
            EntryPointName = entryPointName;
            TrainerTypeName = trainerTypeName;
            OptionsTypeName = optionsTypeName;
            ThreadDeterminism = threadDeterminism;
            UsesRandomness = usesRandomness;
            OwnSeedDefault = ownSeedDefault;
            ShufflesByDefault = shufflesByDefault;
            NormalizeFeaturesDefault = normalizeFeaturesDefault;
            CachingDefault = cachingDefault;
            RequiresCaching = requiresCaching;
            RequiresNormalization = requiresNormalization;
            Options = options;
        }

        /// <summary>
        /// The manifest entry point, e.g. <c>Trainers.StochasticDualCoordinateAscentBinaryClassifier</c>; null for the trainers
        /// that have none (OneVersusAll, PairwiseCoupling, MatrixFactorization), which are kept by name with no options.
        /// </summary>
        public string? EntryPointName { get; }

        /// <summary>Metadata name of the ML.NET 5.0.1 trainer class, e.g. <c>Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer</c>.</summary>
        public string TrainerTypeName { get; }

        /// <summary>Metadata name of the public nested options class (<c>...Trainer+Options</c>), or null when there is none.</summary>
        public string? OptionsTypeName { get; }

        public ThreadDeterminism ThreadDeterminism { get; }

        /// <summary>Has a Seed option, or shuffles by default, or is documented as random.</summary>
        public bool UsesRandomness { get; }

        /// <summary>The trainer's own fixed seed default (123 for FastTree), or null when it has none and falls back to the MLContext seed.</summary>
        public int? OwnSeedDefault { get; }

        public bool ShufflesByDefault { get; }

        /// <summary>
        /// The manifest default of NormalizeFeatures: <c>Auto</c>, <c>Yes</c>, <c>No</c> or <c>Warn</c> (field-aware factorization
        /// machines: a Bool, <c>true</c>); null without an entry point. It applies to entry-point (command-line) training only:
        /// an estimator chain normalizes only where it has a normalizer.
        /// </summary>
        public string? NormalizeFeaturesDefault { get; }

        /// <summary>The manifest default of Caching: <c>Auto</c>, <c>Memory</c> or <c>None</c>; null without an entry point. Entry-point training only, like NormalizeFeaturesDefault.</summary>
        public string? CachingDefault { get; }

        /// <summary>The trainer's documentation says "Is caching required? Yes" (KMeans, OneVersusAll, PairwiseCoupling).</summary>
        public bool RequiresCaching { get; }

        /// <summary>
        /// The trainer's documentation says "Is normalization required? Yes" (linear, kernel and distance-based trainers), except
        /// where the generator records a deviation (field-aware factorization machines, naive Bayes, matrix factorization).
        /// </summary>
        public bool RequiresNormalization { get; }

        /// <summary>Every input of the entry point except TrainingData, sorted by name (ordinal); empty without an entry point.</summary>
        public ImmutableArray<TrainerOption> Options { get; }

        /// <summary>The option with this exact name, or null.</summary>
        public TrainerOption? FindOption(string name)
        {
            foreach (TrainerOption option in Options)
            {
                if (string.Equals(option.Name, name, StringComparison.Ordinal))
                {
                    return option;
                }
            }

            return null;
        }
    }

    internal static partial class TrainerFactsTable
    {
        /// <summary>The facts for the trainer class with exactly this metadata name, or null.</summary>
        public static TrainerFacts? Find(string trainerTypeMetadataName)
        {
            if (trainerTypeMetadataName is null)
            {
                return null;
            }

            return Index.ByTrainerTypeName.TryGetValue(trainerTypeMetadataName, out TrainerFacts? facts) ? facts : null;
        }

        // Built on first use, after All (declared in the generated half) has been initialised.
        private static class Index
        {
            internal static readonly Dictionary<string, TrainerFacts> ByTrainerTypeName = Build();

            private static Dictionary<string, TrainerFacts> Build()
            {
                var byName = new Dictionary<string, TrainerFacts>(All.Length, StringComparer.Ordinal);
                foreach (TrainerFacts facts in All)
                {
                    byName[facts.TrainerTypeName] = facts;
                }

                return byName;
            }
        }
    }
}
