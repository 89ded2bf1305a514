using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Serving
{
    /// <summary>
    /// MLO4006: <c>Model.Save</c> to a path that is the same on every run and has no version in it, so each training run
    /// replaces the previous model. Only paths the analyzer can read completely are judged: a literal or constant, a
    /// <c>Path.Combine</c> or concatenation of those and of the well-known base directories, or a local or readonly field
    /// that holds one. Anything computed (an interpolation hole, configuration) is not flagged. A path that is a parameter of
    /// the saving method is followed to the calls of that method (<see cref="PathParameters"/>): each call passing a fixed,
    /// unversioned path is flagged on its argument.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ModelOverwrittenInPlaceAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.ModelOverwrittenInPlace);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var modelOperations = symbols.ModelOperationsCatalog;
            if (modelOperations is null)
            {
                return;
            }

            var known = PathSymbols.Get(context.Compilation);
            var reported = new ConcurrentDictionary<Location, byte>();
            context.RegisterOperationAction(
                operationContext => AnalyzeInvocation(operationContext, (IInvocationOperation)operationContext.Operation, modelOperations, known, reported),
                OperationKind.Invocation);
        }

        private static void AnalyzeInvocation(
            OperationAnalysisContext context, IInvocationOperation invocation, INamedTypeSymbol modelOperations, PathSymbols known, ConcurrentDictionary<Location, byte> reported)
        {
            var method = invocation.TargetMethod;
            if (method.Name != "Save" || !SymbolEqualityComparer.Default.Equals(method.ContainingType, modelOperations))
            {
                return;
            }

            // The file-path overloads only: a Stream can go anywhere.
            IArgumentOperation? pathArgument = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { Type.SpecialType: SpecialType.System_String })
                {
                    pathArgument = argument;
                    break;
                }
            }

            if (pathArgument is null || pathArgument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return;
            }

            if (PathParameters.Followable(pathArgument.Value) is { } parameter)
            {
                AnalyzeCallSites(context, invocation, parameter, known, reported);
                return;
            }

            var path = DataPaths.Read(pathArgument.Value, known);
            if (path is null || path.HasVersion() || IsArchivedFirst(invocation, path.Text, known))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ModelOverwrittenInPlace, pathArgument.Value.Syntax.GetLocation(), path.Text));
        }

        /// <summary>
        /// A save whose path is a parameter of the saving method: the argument of each call of that method in the compilation
        /// (or the parameter's default value) is judged as if written at the save, and the finding goes on that argument.
        /// Nothing when the saving method archives the file named by the parameter first; a call whose method archives the
        /// file before the call is not flagged. Two saves to the same parameter give one finding per call.
        /// </summary>
        private static void AnalyzeCallSites(
            OperationAnalysisContext context, IInvocationOperation save, IParameterSymbol parameter, PathSymbols known, ConcurrentDictionary<Location, byte> reported)
        {
            if (IsArchivedFirst(save, parameter, known))
            {
                return;
            }

            foreach (var (value, call, location) in PathParameters.ArgumentsAtCallSites(parameter, context.Compilation, context.CancellationToken))
            {
                if (DataPaths.Read(value, known) is not { } path
                    || path.HasVersion()
                    || IsArchivedFirst(call, path.Text, known)
                    || !reported.TryAdd(location, 0))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ModelOverwrittenInPlace, location, path.Text));
            }
        }

        /// <summary>Whether the saving method copies or moves the file named by its parameter (<c>File.Copy(modelPath, backup)</c>).</summary>
        private static bool IsArchivedFirst(IInvocationOperation save, IParameterSymbol parameter, PathSymbols known)
        {
            foreach (var operation in OperationHelpers.GetRoot(save).Descendants())
            {
                if (operation is not IInvocationOperation call || !known.IsFileArchiving(call.TargetMethod))
                {
                    continue;
                }

                foreach (var argument in call.Arguments)
                {
                    if (OperationHelpers.SkipConversions(argument.Value) is IParameterReferenceOperation reference
                        && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// True when the method moves or copies the file at the same path away before saving over it
        /// (<c>File.Copy</c>, <c>File.Move</c>, <c>File.Replace</c>): the previous model is kept.
        /// </summary>
        private static bool IsArchivedFirst(IInvocationOperation save, string pathText, PathSymbols known)
        {
            foreach (var operation in OperationHelpers.GetRoot(save).Descendants())
            {
                if (operation is not IInvocationOperation call || !known.IsFileArchiving(call.TargetMethod))
                {
                    continue;
                }

                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter?.Type.SpecialType == SpecialType.System_String
                        && DataPaths.Read(argument.Value, known) is { } other
                        && other.Text == pathText)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>The version-segment test of MLO4006, now shared with MLO2002 in <see cref="Model.VersionSegments"/>.</summary>
    internal static class VersionSegments
    {
        public static bool ContainsVersion(string path) => Model.VersionSegments.ContainsVersion(path);
    }
}
