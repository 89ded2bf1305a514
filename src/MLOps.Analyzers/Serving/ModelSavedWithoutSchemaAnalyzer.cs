using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Serving
{
    /// <summary>
    /// MLO4003: <c>ml.Model.Save(model, null, path)</c> (or <c>default</c>, or a local only ever assigned null) drops the
    /// input schema. Reported at the schema argument. When one training-data candidate is obvious, its expression is
    /// passed to the code fix in <see cref="SchemaSourceProperty"/>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ModelSavedWithoutSchemaAnalyzer : MLNetAnalyzer
    {
        /// <summary>The data view whose <c>Schema</c> the fix writes (source text), when there is exactly one candidate.</summary>
        public const string SchemaSourceProperty = "SchemaSource";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.ModelSavedWithoutSchema);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            if (symbols.ModelOperationsCatalog is not { } catalog || symbols.DataViewSchema is not { } schemaType)
            {
                return;
            }

            context.RegisterOperationAction(
                operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    if (!ModelCatalogCalls.IsCatalogMethod(invocation.TargetMethod, catalog, ModelCatalogCalls.Save)
                        || FindSchemaArgument(invocation, schemaType) is not { } schemaArgument
                        || !IsNullSchema(schemaArgument.Value))
                    {
                        return;
                    }

                    var properties = ImmutableDictionary<string, string?>.Empty;
                    if (SchemaFix.FindTrainingData(invocation, schemaArgument, symbols) is { } source)
                    {
                        properties = properties.Add(SchemaSourceProperty, source);
                    }

                    operationContext.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.ModelSavedWithoutSchema, schemaArgument.Value.Syntax.GetLocation(), properties));
                },
                OperationKind.Invocation);
        }

        /// <summary>The <c>inputSchema</c> argument of <c>Save(ITransformer, DataViewSchema, string | Stream)</c>, given explicitly.</summary>
        private static IArgumentOperation? FindSchemaArgument(IInvocationOperation invocation, INamedTypeSymbol schemaType)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit
                    && argument.Parameter is { Ordinal: 1 } parameter
                    && SymbolEqualityComparer.Default.Equals(parameter.Type, schemaType))
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary><c>null</c>, <c>default</c>, or a local of this method that is only ever assigned those.</summary>
        private static bool IsNullSchema(IOperation value)
        {
            if (ModelCatalogCalls.IsNullOrDefault(value))
            {
                return true;
            }

            if (OperationHelpers.SkipConversions(value) is not ILocalReferenceOperation reference
                || reference.Local.DeclaringSyntaxReferences.Length != 1
                || reference.Local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax })
            {
                return false;
            }

            var writes = ModelCatalogCalls.GetWrites(OperationHelpers.GetRoot(value));
            if (!writes.TryGetValue(reference.Local, out var localWrites) || localWrites.Count == 0)
            {
                return false;
            }

            foreach (var write in localWrites)
            {
                if (write.Kind is not (WriteKind.Initializer or WriteKind.Assignment) || !ModelCatalogCalls.IsNullOrDefault(write.Value))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Finds the one obvious training-data expression whose <c>Schema</c> should be saved.</summary>
        private static class SchemaFix
        {
            /// <summary>
            /// The data view the saved model was <c>Fit</c> on, when that call is visible in the method; else the only
            /// <c>IDataView</c> local or parameter in scope; else null. The expression must be a plain variable or
            /// member chain that still holds the same value at the <c>Save</c> call.
            /// </summary>
            public static string? FindTrainingData(IInvocationOperation save, IArgumentOperation schemaArgument, MLNetSymbols symbols)
            {
                if (symbols.IDataView is null || save.SemanticModel is not { } semanticModel)
                {
                    return null;
                }

                var root = OperationHelpers.GetRoot(save);
                var writes = ModelCatalogCalls.GetWrites(root);
                var position = schemaArgument.Syntax.SpanStart;
                var model = FindModelArgument(save);
                if (model is not null)
                {
                    var fitArguments = new List<IOperation>();
                    var otherWrites = 0;
                    foreach (var value in ValuesOf(model, writes))
                    {
                        if (OperationHelpers.SkipConversions(value) is IInvocationOperation fit && symbols.IsEstimatorFit(fit.TargetMethod) && fit.Arguments.Length == 1)
                        {
                            fitArguments.Add(fit.Arguments[0].Value);
                        }
                        else
                        {
                            otherWrites++;
                        }
                    }

                    if (fitArguments.Count > 0)
                    {
                        // The Fit is visible: its data or nothing.
                        return fitArguments.Count == 1 && otherWrites == 0 && IsReusable(fitArguments[0], writes, semanticModel, position)
                            ? OperationHelpers.SkipConversions(fitArguments[0]).Syntax.ToString()
                            : null;
                    }
                }

                return FindOnlyDataViewInScope(semanticModel, position, writes, symbols.IDataView);
            }

            private static IOperation? FindModelArgument(IInvocationOperation save)
            {
                foreach (var argument in save.Arguments)
                {
                    if (argument.Parameter?.Ordinal == 0)
                    {
                        return OperationHelpers.SkipConversions(argument.Value);
                    }
                }

                return null;
            }

            /// <summary>The model expression itself, or every value assigned to the model local in the method.</summary>
            private static IEnumerable<IOperation> ValuesOf(IOperation model, Dictionary<ISymbol, List<VariableWrite>> writes)
            {
                if (model is not ILocalReferenceOperation local)
                {
                    yield return model;
                    yield break;
                }

                if (!writes.TryGetValue(local.Local, out var localWrites))
                {
                    yield break;
                }

                foreach (var write in localWrites)
                {
                    if (write.Value is not null && write.Kind is WriteKind.Initializer or WriteKind.Assignment)
                    {
                        yield return write.Value;
                    }
                    else
                    {
                        yield return write.Site; // not a Fit: counts as another write
                    }
                }
            }

            /// <summary>
            /// A local or parameter (written at most once, by its declaration), or a chain of fields and properties
            /// on one, that is in scope at the Save call: <c>trainData</c>, <c>split.TrainSet</c>.
            /// </summary>
            private static bool IsReusable(IOperation expression, Dictionary<ISymbol, List<VariableWrite>> writes, SemanticModel semanticModel, int position)
            {
                var current = OperationHelpers.SkipConversions(expression);
                while (true)
                {
                    switch (current)
                    {
                        case IPropertyReferenceOperation { Arguments.IsEmpty: true, Instance: { } instance }:
                            current = OperationHelpers.SkipConversions(instance);
                            continue;
                        case IFieldReferenceOperation { Instance: { } instance }:
                            current = OperationHelpers.SkipConversions(instance);
                            continue;
                        case ILocalReferenceOperation local:
                            return IsStableVariable(local.Local, writes) && IsVisible(local.Local, semanticModel, position);
                        case IParameterReferenceOperation parameter:
                            return IsStableVariable(parameter.Parameter, writes) && IsVisible(parameter.Parameter, semanticModel, position);
                        default:
                            return false;
                    }
                }
            }

            private static string? FindOnlyDataViewInScope(
                SemanticModel semanticModel, int position, Dictionary<ISymbol, List<VariableWrite>> writes, INamedTypeSymbol dataView)
            {
                ISymbol? found = null;
                foreach (var symbol in semanticModel.LookupSymbols(position))
                {
                    var type = symbol switch
                    {
                        ILocalSymbol local when IsDeclaredBefore(local, position) => local.Type,
                        IParameterSymbol parameter => parameter.Type,
                        _ => null,
                    };

                    if (type is null || !IsDataView(type, dataView) || !IsStableVariable(symbol, writes))
                    {
                        continue;
                    }

                    if (found is not null)
                    {
                        return null; // two candidates: no guess
                    }

                    found = symbol;
                }

                return found?.Name;
            }

            private static bool IsDataView(ITypeSymbol type, INamedTypeSymbol dataView)
            {
                if (SymbolEqualityComparer.Default.Equals(type, dataView))
                {
                    return true;
                }

                foreach (var implemented in type.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented, dataView))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>Never written in the method except by its own declaration.</summary>
            private static bool IsStableVariable(ISymbol variable, Dictionary<ISymbol, List<VariableWrite>> writes)
            {
                if (!writes.TryGetValue(variable, out var variableWrites))
                {
                    return true;
                }

                return variable is ILocalSymbol && variableWrites.Count == 1 && variableWrites[0].Kind == WriteKind.Initializer;
            }

            private static bool IsVisible(ISymbol symbol, SemanticModel semanticModel, int position)
            {
                if (symbol is ILocalSymbol local && !IsDeclaredBefore(local, position))
                {
                    return false;
                }

                foreach (var candidate in semanticModel.LookupSymbols(position, name: symbol.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(candidate, symbol))
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool IsDeclaredBefore(ILocalSymbol local, int position)
            {
                foreach (var reference in local.DeclaringSyntaxReferences)
                {
                    if (reference.Span.End <= position)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
