using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>What the source says about an MLContext's seed.</summary>
    internal enum SeedKind
    {
        /// <summary>No seed, <c>null</c> or <c>default</c>: ML.NET seeds from the environment.</summary>
        None,

        /// <summary>A compile-time constant.</summary>
        Constant,

        /// <summary>A non-nullable value whose number is only known at run time (a method result, a variable).</summary>
        NonNull,

        /// <summary>A nullable value: may or may not be null.</summary>
        Unknown,
    }

    internal readonly struct SeedInfo
    {
        public SeedInfo(SeedKind kind, int? value = null)
        {
            Kind = kind;
            Value = value;
        }

        public SeedKind Kind { get; }

        public int? Value { get; }

        public bool IsSeeded => Kind == SeedKind.Constant || Kind == SeedKind.NonNull;

        /// <summary>Classifies the <c>seed</c> argument of a call (or its absence).</summary>
        public static SeedInfo FromArgument(IArgumentOperation? argument)
        {
            if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return new SeedInfo(SeedKind.None);
            }

            return FromValue(argument.Value);
        }

        public static SeedInfo FromValue(IOperation value)
        {
            // The value after its implicit conversions: seed: 'A' is the int 65, seed: (byte)7 is 7.
            var constant = OperationHelpers.ConvertedConstant(value);
            if (constant.HasValue)
            {
                return constant.Value switch
                {
                    null => new SeedInfo(SeedKind.None),
                    int i => new SeedInfo(SeedKind.Constant, i),
                    _ => new SeedInfo(SeedKind.NonNull),
                };
            }

            var unwrapped = OperationHelpers.SkipConversions(value);
            if (unwrapped is IDefaultValueOperation && IsNullable(unwrapped.Type))
            {
                return new SeedInfo(SeedKind.None);
            }

            if (unwrapped.Type is null || unwrapped.Type.TypeKind == TypeKind.Error)
            {
                return new SeedInfo(SeedKind.Unknown);
            }

            return IsNullable(unwrapped.Type) ? new SeedInfo(SeedKind.Unknown) : new SeedInfo(SeedKind.NonNull);
        }

        /// <summary>The <c>seed</c> argument of an invocation or object creation, if the method has such a parameter.</summary>
        public static IArgumentOperation? FindSeedArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Name == "seed")
                {
                    return argument;
                }
            }

            return null;
        }

        private static bool IsNullable(ITypeSymbol? type) =>
            type is { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } || type is { IsReferenceType: true };
    }
}
