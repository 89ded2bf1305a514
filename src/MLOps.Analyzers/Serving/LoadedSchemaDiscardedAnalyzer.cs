using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Serving
{
    /// <summary>
    /// MLO4004 (Info): <c>ml.Model.Load(path, out _)</c>, or <c>out var schema</c> never read, in a method where the
    /// loaded model then goes into <c>CreatePredictionEngine</c> without a schema. Reported at the out argument. The
    /// analysis stays within the method: a model returned or stored for use elsewhere is not followed.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LoadedSchemaDiscardedAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.LoadedSchemaDiscarded);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            if (symbols.ModelOperationsCatalog is not { } catalog || symbols.DataViewSchema is not { } schemaType)
            {
                return;
            }

            context.RegisterOperationAction(
                operationContext =>
                {
                    var load = (IInvocationOperation)operationContext.Operation;
                    if (!ModelCatalogCalls.IsCatalogMethod(load.TargetMethod, catalog, ModelCatalogCalls.Load)
                        || FindSchemaOutArgument(load, schemaType) is not { } schemaArgument)
                    {
                        return;
                    }

                    var root = OperationHelpers.GetRoot(load);
                    if (!IsDiscarded(schemaArgument, root) || !ReachesEngineWithoutSchema(load, root, catalog, schemaType))
                    {
                        return;
                    }

                    operationContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LoadedSchemaDiscarded, schemaArgument.Syntax.GetLocation()));
                },
                OperationKind.Invocation);
        }

        private static IArgumentOperation? FindSchemaOutArgument(IInvocationOperation load, INamedTypeSymbol schemaType)
        {
            foreach (var argument in load.Arguments)
            {
                if (argument.Parameter is { RefKind: RefKind.Out } parameter && SymbolEqualityComparer.Default.Equals(parameter.Type, schemaType))
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary><c>out _</c>, <c>out var _</c>, <c>out DataViewSchema _</c>, or a local the method never reads.</summary>
        private static bool IsDiscarded(IArgumentOperation argument, IOperation root)
        {
            var value = argument.Value is IDeclarationExpressionOperation declaration ? declaration.Expression : argument.Value;
            switch (value)
            {
                case IDiscardOperation:
                    return true;
                case ILocalReferenceOperation local:
                    if (ModelCatalogCalls.GetLocalReferences(root).TryGetValue(local.Local, out var references))
                    {
                        foreach (var reference in references)
                        {
                            if (ModelCatalogCalls.GetWriteKind(reference, out _) is not (WriteKind.Assignment or WriteKind.OutArgument))
                            {
                                return false; // read somewhere
                            }
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The loaded model goes, directly or through a local of this method, into a <c>CreatePredictionEngine</c>
        /// overload that takes no <c>DataViewSchema</c>.
        /// </summary>
        private static bool ReachesEngineWithoutSchema(IInvocationOperation load, IOperation root, INamedTypeSymbol catalog, INamedTypeSymbol schemaType)
        {
            var parent = OperationHelpers.ParentSkippingConversions(load);
            ILocalSymbol? modelLocal;
            switch (parent)
            {
                case IArgumentOperation argument:
                    return IsEngineWithoutSchema(argument, catalog, schemaType);
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    modelLocal = declarator.Symbol;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target }:
                    modelLocal = target.Local;
                    break;
                default:
                    return false;
            }

            if (!ModelCatalogCalls.GetLocalReferences(root).TryGetValue(modelLocal, out var references))
            {
                return false;
            }

            foreach (var reference in references)
            {
                if (OperationHelpers.ParentSkippingConversions(reference) is IArgumentOperation argument
                    && IsEngineWithoutSchema(argument, catalog, schemaType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The <c>transformer</c> argument of <c>CreatePredictionEngine</c>, in an overload without a <c>DataViewSchema</c>.</summary>
        private static bool IsEngineWithoutSchema(IArgumentOperation argument, INamedTypeSymbol catalog, INamedTypeSymbol schemaType)
        {
            if (argument.Parent is not IInvocationOperation engine
                || !ModelCatalogCalls.IsCatalogMethod(engine.TargetMethod, catalog, ModelCatalogCalls.CreatePredictionEngine)
                || argument.Parameter?.Ordinal != 0)
            {
                return false;
            }

            foreach (var parameter in engine.TargetMethod.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, schemaType))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
