using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// A file path that reaches a load or a save through a parameter of the method doing it (the samples'
    /// <c>BuildAndTrainModel(DataSetLocation, ModelPath)</c>), followed one level up: the argument every call of that
    /// method in the compilation passes (<see cref="MethodSummaries.CallSitesOf"/>), or the parameter's explicit default
    /// value where a call leaves it out. Only a parameter whose value at the load is the value the call passed: an
    /// ordinary method or local function that cannot be replaced at run time (not virtual, abstract, an override, an
    /// interface member, extern or partial without body), passed by value, never assigned in its body, not a
    /// <c>[Caller*]</c> parameter. Calls from outside the compilation and through delegates are not seen.
    /// Asked only when a load's or a save's path is such a parameter.
    /// </summary>
    internal static class PathParameters
    {
        /// <summary>The parameter the path value is, when it can be followed to the method's call sites; null otherwise.</summary>
        public static IParameterSymbol? Followable(IOperation value)
        {
            if (OperationHelpers.SkipConversions(value) is not IParameterReferenceOperation reference)
            {
                return null;
            }

            var parameter = reference.Parameter;
            if (parameter.RefKind != RefKind.None || parameter.IsParams
                || parameter.ContainingSymbol is not IMethodSymbol method
                || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
                || method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern
                || method.IsPartialDefinition || method.ContainingType?.TypeKind == TypeKind.Interface
                || method.DeclaringSyntaxReferences.Length != 1
                || HasCallerInfo(parameter)
                || DataFlow.IsWritten(reference))
            {
                return null;
            }

            return parameter;
        }

        /// <summary>
        /// What each call of the parameter's method in the compilation passes for it: the argument as written (the finding
        /// goes on it), or the explicit default value when the call leaves it out (the finding goes on the call).
        /// </summary>
        public static List<(IOperation Value, IInvocationOperation Call, Location Location)> ArgumentsAtCallSites(
            IParameterSymbol parameter, Compilation compilation, CancellationToken cancellationToken)
        {
            var found = new List<(IOperation, IInvocationOperation, Location)>();
            var method = (IMethodSymbol)parameter.ContainingSymbol;
            foreach (var call in MethodSummaries.Get(compilation).CallSitesOf(method, cancellationToken))
            {
                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter?.Ordinal != parameter.Ordinal)
                    {
                        continue;
                    }

                    switch (argument.ArgumentKind)
                    {
                        case ArgumentKind.Explicit:
                            found.Add((argument.Value, call, argument.Value.Syntax.GetLocation()));
                            break;
                        case ArgumentKind.DefaultValue when parameter.HasExplicitDefaultValue:
                            found.Add((argument.Value, call, call.Syntax.GetLocation()));
                            break;
                    }

                    break;
                }
            }

            return found;
        }

        private static bool HasCallerInfo(IParameterSymbol parameter)
        {
            foreach (var attribute in parameter.GetAttributes())
            {
                if (attribute.AttributeClass?.Name is { } name && name.StartsWith("Caller", System.StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
