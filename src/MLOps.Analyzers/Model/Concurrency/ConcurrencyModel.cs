using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// Who shares a <c>PredictionEngine</c> with which threads, for one compilation: the entry point of the concurrency
    /// model. <see cref="Sites"/> answers which code runs on more than one thread at once; <see cref="Captures"/>, which
    /// engine, field or captured local the delegates of such code reach; <see cref="Singletons"/>, which DI
    /// registrations share one engine across requests; <see cref="ForType"/>, which of a type's engine members
    /// code outside the type can run on several threads. Null without <c>PredictionEngineBase</c>.
    /// </summary>
    internal sealed class ConcurrencyModel
    {
        private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new ConditionalWeakTable<Compilation, Holder>();

        private ConcurrencyModel(ConcurrencySymbols symbols)
        {
            Symbols = symbols;
            Sites = new ConcurrencySites(symbols);
            Captures = new EngineCaptures(Sites);
            Singletons = new SingletonRegistrations(symbols);
        }

        public ConcurrencySymbols Symbols { get; }

        public ConcurrencySites Sites { get; }

        public EngineCaptures Captures { get; }

        public SingletonRegistrations Singletons { get; }

        /// <summary>The model of the compilation <paramref name="ml"/> belongs to; null when it has no prediction engine type.</summary>
        public static ConcurrencyModel? TryGet(MLNetSymbols ml) =>
            Cache.GetValue(ml.Compilation, _ =>
            {
                var symbols = ConcurrencySymbols.Get(ml);
                return new Holder(symbols.EngineBase is null ? null : new ConcurrencyModel(symbols));
            }).Model;

        /// <summary>A fresh per-type view, to be fed the type's operations (see <see cref="EngineMemberUsage"/>).</summary>
        public EngineMemberUsage ForType(INamedTypeSymbol type) => new EngineMemberUsage(type, Sites);

        private sealed class Holder
        {
            public Holder(ConcurrencyModel? model) => Model = model;

            public ConcurrencyModel? Model { get; }
        }
    }
}
