using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>How the thread count of one trainer call is configured.</summary>
    internal enum ThreadConfiguration
    {
        /// <summary>Neither one thread nor the deterministic mode is requested: the trainer runs multi-threaded.</summary>
        MultiThreaded,

        /// <summary><c>NumberOfThreads = 1</c>, or <c>Deterministic = true</c> where the trainer has it.</summary>
        Deterministic,

        /// <summary>The options object, or a value in it, cannot be seen: say nothing.</summary>
        Unknown,
    }

    /// <summary>Reads the options object passed to a trainer factory (inline or through a local of the same method).</summary>
    internal static class TrainerOptionsAnalysis
    {
        public const string NumberOfThreads = "NumberOfThreads";
        public const string DeterministicOption = "Deterministic";

        /// <summary>The argument that carries the trainer's options object, if the options overload is called.</summary>
        public static IArgumentOperation? FindOptionsArgument(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                var parameter = argument.Parameter;
                var isReceiver = invocation.TargetMethod.IsExtensionMethod && parameter?.Ordinal == 0;
                if (parameter is not null && !isReceiver && HasMember(parameter.Type, NumberOfThreads))
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>
        /// Evaluates the thread configuration of a trainer call, and returns the options object creation a fix can edit
        /// (null when the simple overload is called or the creation is not visible).
        /// </summary>
        public static ThreadConfiguration Evaluate(IInvocationOperation invocation, bool hasDeterministicOption, out IObjectCreationOperation? optionsCreation)
        {
            optionsCreation = null;
            var optionsArgument = FindOptionsArgument(invocation);
            if (optionsArgument is null)
            {
                return ThreadConfiguration.MultiThreaded;
            }

            var assignments = new List<ISimpleAssignmentOperation>();
            var value = OperationHelpers.SkipConversions(optionsArgument.Value);
            switch (value)
            {
                case IObjectCreationOperation creation:
                    optionsCreation = creation;
                    CollectInitializer(creation, assignments);
                    break;
                case ILocalReferenceOperation localReference:
                    if (!CollectLocal(localReference, optionsArgument, assignments, out optionsCreation))
                    {
                        return ThreadConfiguration.Unknown;
                    }

                    break;
                default:
                    return ThreadConfiguration.Unknown;
            }

            ISimpleAssignmentOperation? threads = Last(assignments, NumberOfThreads);
            ISimpleAssignmentOperation? deterministic = hasDeterministicOption ? Last(assignments, DeterministicOption) : null;

            if (threads is not null)
            {
                var constant = OperationHelpers.ConvertedConstant(threads.Value);
                if (!constant.HasValue)
                {
                    return ThreadConfiguration.Unknown;
                }

                if (constant.Value is int count && count == 1)
                {
                    return ThreadConfiguration.Deterministic;
                }
            }

            if (deterministic is not null)
            {
                var constant = OperationHelpers.SkipConversions(deterministic.Value).ConstantValue;
                if (!constant.HasValue)
                {
                    return ThreadConfiguration.Unknown;
                }

                if (constant.Value is true)
                {
                    return ThreadConfiguration.Deterministic;
                }
            }

            return ThreadConfiguration.MultiThreaded;
        }

        private static void CollectInitializer(IObjectCreationOperation creation, List<ISimpleAssignmentOperation> assignments)
        {
            if (creation.Initializer is null)
            {
                return;
            }

            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation assignment && MemberName(assignment.Target) is not null)
                {
                    assignments.Add(assignment);
                }
            }
        }

        /// <summary>
        /// Collects the options local's initializer and the member assignments made to it in the same body.
        /// Returns false when the local may be changed where it cannot be seen (passed elsewhere, reassigned from a call).
        /// </summary>
        private static bool CollectLocal(ILocalReferenceOperation localReference, IArgumentOperation optionsArgument, List<ISimpleAssignmentOperation> assignments, out IObjectCreationOperation? creation)
        {
            creation = null;
            var local = localReference.Local;
            var initializerCount = 0;
            foreach (var operation in OperationHelpers.GetRoot(localReference).Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        if (declarator.Initializer is null)
                        {
                            break;
                        }

                        initializerCount++;
                        if (OperationHelpers.SkipConversions(declarator.Initializer.Value) is not IObjectCreationOperation created)
                        {
                            return false;
                        }

                        creation = created;
                        CollectInitializer(created, assignments);
                        break;
                    case ISimpleAssignmentOperation assignment:
                        if (assignment.Target is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local))
                        {
                            return false; // reassigned: too many shapes to follow
                        }

                        if (MemberName(assignment.Target) is not null
                            && assignment.Target is IMemberReferenceOperation { Instance: ILocalReferenceOperation instance }
                            && SymbolEqualityComparer.Default.Equals(instance.Local, local))
                        {
                            assignments.Add(assignment);
                        }

                        break;
                    case IArgumentOperation argument when argument != optionsArgument
                        && OperationHelpers.SkipConversions(argument.Value) is ILocalReferenceOperation passed
                        && SymbolEqualityComparer.Default.Equals(passed.Local, local):
                        return false; // another method may set its members
                }
            }

            return initializerCount == 1 && creation is not null;
        }

        private static ISimpleAssignmentOperation? Last(List<ISimpleAssignmentOperation> assignments, string name)
        {
            ISimpleAssignmentOperation? last = null;
            foreach (var assignment in assignments)
            {
                if (MemberName(assignment.Target) == name && (last is null || assignment.Syntax.SpanStart > last.Syntax.SpanStart))
                {
                    last = assignment;
                }
            }

            return last;
        }

        private static string? MemberName(IOperation target) => target switch
        {
            IFieldReferenceOperation field => field.Field.Name,
            IPropertyReferenceOperation property => property.Property.Name,
            _ => null,
        };

        public static bool HasMember(ITypeSymbol? type, string name)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name))
                {
                    if (member is IFieldSymbol or IPropertySymbol)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
