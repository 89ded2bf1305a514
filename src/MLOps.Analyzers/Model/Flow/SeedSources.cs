using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// Where seeds go (a <c>seed</c> parameter of an ML.NET method, an ML.NET options object's <c>Seed</c>) and where
    /// values that change on every run come from (the clock, a GUID, an unseeded <see cref="System.Random"/>).
    /// </summary>
    internal sealed class SeedSources
    {
        private const int MaxLocalDepth = 4;

        private readonly INamedTypeSymbol? _environment;
        private readonly INamedTypeSymbol? _dateTime;
        private readonly INamedTypeSymbol? _dateTimeOffset;
        private readonly INamedTypeSymbol? _guid;
        private readonly INamedTypeSymbol? _stopwatch;
        private readonly INamedTypeSymbol? _random;

        public SeedSources(Compilation compilation)
        {
            _environment = compilation.GetTypeByMetadataName("System.Environment");
            _dateTime = compilation.GetTypeByMetadataName("System.DateTime");
            _dateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
            _guid = compilation.GetTypeByMetadataName("System.Guid");
            _stopwatch = compilation.GetTypeByMetadataName("System.Diagnostics.Stopwatch");
            _random = compilation.GetTypeByMetadataName("System.Random");
        }

        /// <summary>
        /// The seed value of an operation that sets one: a <c>seed</c> argument of an ML.NET method or constructor, or an
        /// assignment to the <c>Seed</c> member of an ML.NET options object.
        /// </summary>
        public static IOperation? GetSeedValue(IOperation operation)
        {
            switch (operation)
            {
                case IArgumentOperation { Parameter: { Name: "seed" } parameter, ArgumentKind: not ArgumentKind.DefaultValue } argument
                    when parameter.ContainingSymbol is IMethodSymbol method && MLNetSymbols.IsInMLNetNamespace(method.ContainingType):
                    return argument.Value;
                case ISimpleAssignmentOperation assignment when assignment.Target is IMemberReferenceOperation { Member: { Name: "Seed" } member }
                    && member is IFieldSymbol or IPropertySymbol
                    && MLNetSymbols.IsInMLNetNamespace(member.ContainingType):
                    return assignment.Value;
                default:
                    return null;
            }
        }

        /// <summary>True for <c>new Random()</c> without a seed.</summary>
        public bool IsUnseededRandomCreation(IOperation operation) =>
            operation is IObjectCreationOperation { Arguments.Length: 0 } creation
            && _random is not null
            && SymbolEqualityComparer.Default.Equals(creation.Type, _random);

        /// <summary>True for <c>Random.Shared</c>.</summary>
        public bool IsSharedRandom(IOperation operation) =>
            operation is IPropertyReferenceOperation { Property.Name: "Shared" } property
            && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _random);

        /// <summary>
        /// Looks for a run-dependent source in a seed value, following locals of the same body (single assignment) and
        /// readonly fields initialised in the same file. <paramref name="origin"/> is the expression to report and replace:
        /// the value itself, or the initializer of the local it came from. Every operation looked at is added to
        /// <paramref name="visited"/> when given.
        /// </summary>
        public bool TryFind(IOperation value, out IOperation origin, out string description, HashSet<IOperation>? visited = null) =>
            TryFind(value, value, 0, out origin, out description, visited);

        private bool TryFind(IOperation value, IOperation candidateOrigin, int depth, out IOperation origin, out string description, HashSet<IOperation>? visited)
        {
            origin = candidateOrigin;
            foreach (var operation in value.DescendantsAndSelf())
            {
                visited?.Add(operation);
                if (Describe(operation) is { } text)
                {
                    description = text;
                    return true;
                }

                if (depth >= MaxLocalDepth)
                {
                    continue;
                }

                if (operation is ILocalReferenceOperation local && OperationHelpers.FindSingleInitializer(local) is { } initializer
                    && TryFind(initializer, initializer, depth + 1, out origin, out description, visited))
                {
                    return true;
                }

                if (operation is IFieldReferenceOperation { Field: { IsReadOnly: true } field } fieldReference
                    && OperationHelpers.GetFieldInitializer(field, fieldReference) is { } fieldValue
                    && TryFind(fieldValue, candidateOrigin, depth + 1, out origin, out description, visited))
                {
                    return true;
                }
            }

            origin = candidateOrigin;
            description = string.Empty;
            return false;
        }

        private string? Describe(IOperation operation)
        {
            switch (operation)
            {
                case IPropertyReferenceOperation property:
                    var type = property.Property.ContainingType;
                    var name = property.Property.Name;
                    if (Is(type, _environment) && (name == "TickCount" || name == "TickCount64"))
                    {
                        return "Environment." + name;
                    }

                    if ((Is(type, _dateTime) || Is(type, _dateTimeOffset)) && property.Property.IsStatic && (name == "Now" || name == "UtcNow" || name == "Today"))
                    {
                        return type.Name + "." + name;
                    }

                    return IsSharedRandom(property) ? "Random.Shared" : null;
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    if (Is(method.ContainingType, _guid) && method.Name == "NewGuid")
                    {
                        return "Guid.NewGuid()";
                    }

                    return Is(method.ContainingType, _stopwatch) && method.Name == "GetTimestamp" ? "Stopwatch.GetTimestamp()" : null;
                default:
                    return IsUnseededRandomCreation(operation) ? "an unseeded System.Random" : null;
            }
        }

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
    }
}
