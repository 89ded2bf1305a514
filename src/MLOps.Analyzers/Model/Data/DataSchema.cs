using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Model
{
    /// <summary>One column of a data class as ML.NET sees it (<c>SchemaDefinition.Create</c>).</summary>
    internal sealed class DataColumn
    {
        public DataColumn(string name, ISymbol member, bool hasLoadColumn, bool isVector, bool isKey)
        {
            Name = name;
            Member = member;
            HasLoadColumn = hasLoadColumn;
            IsVector = isVector;
            IsKey = isKey;
        }

        /// <summary>The column name: the <c>[ColumnName]</c> argument, else the member name.</summary>
        public string Name { get; }

        /// <summary>The public field or property the column is read from.</summary>
        public ISymbol Member { get; }

        public bool HasLoadColumn { get; }

        /// <summary>Marked <c>[VectorType]</c>.</summary>
        public bool IsVector { get; }

        /// <summary>Marked <c>[KeyType]</c>.</summary>
        public bool IsKey { get; }
    }

    /// <summary>The columns of a data class used with <c>LoadFromTextFile&lt;T&gt;</c>, <c>LoadFromEnumerable&lt;T&gt;</c>, <c>CreateTextLoader&lt;T&gt;</c>.</summary>
    internal sealed class DataSchema
    {
        private DataSchema(ITypeSymbol type, ImmutableArray<DataColumn> columns)
        {
            Type = type;
            Columns = columns;
        }

        public ITypeSymbol Type { get; }

        public ImmutableArray<DataColumn> Columns { get; }

        public bool Contains(string name)
        {
            foreach (var column in Columns)
            {
                if (column.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The public instance fields and properties of the type and its base types, renamed by <c>[ColumnName]</c> and
        /// without those marked <c>[NoColumn]</c>. Null when a <c>[ColumnName]</c> argument is not a constant string.
        /// </summary>
        public static DataSchema? Of(ITypeSymbol type, DataSchemaSymbols symbols)
        {
            var builder = ImmutableArray.CreateBuilder<DataColumn>();
            var seen = new HashSet<string>();
            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared)
                    {
                        continue;
                    }

                    if (member is not IFieldSymbol && member is not IPropertySymbol { IsIndexer: false })
                    {
                        continue;
                    }

                    if (!seen.Add(member.Name))
                    {
                        continue; // hidden by a member of a derived type
                    }

                    string? name = member.Name;
                    bool noColumn = false, load = false, vector = false, key = false;
                    foreach (var attribute in member.GetAttributes())
                    {
                        var attributeClass = attribute.AttributeClass;
                        if (attributeClass is null)
                        {
                            continue;
                        }

                        if (SymbolEqualityComparer.Default.Equals(attributeClass, symbols.ColumnName))
                        {
                            name = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string renamed ? renamed : null;
                        }
                        else if (SymbolEqualityComparer.Default.Equals(attributeClass, symbols.NoColumn))
                        {
                            noColumn = true;
                        }
                        else if (SymbolEqualityComparer.Default.Equals(attributeClass, symbols.LoadColumn))
                        {
                            load = true;
                        }
                        else if (SymbolEqualityComparer.Default.Equals(attributeClass, symbols.VectorType))
                        {
                            vector = true;
                        }
                        else if (SymbolEqualityComparer.Default.Equals(attributeClass, symbols.KeyType))
                        {
                            key = true;
                        }
                    }

                    if (noColumn)
                    {
                        continue;
                    }

                    if (name is null)
                    {
                        return null;
                    }

                    builder.Add(new DataColumn(name, member, load, vector, key));
                }
            }

            return new DataSchema(type, builder.ToImmutable());
        }
    }

    /// <summary>The ML.NET attribute types the schema reads, resolved once per compilation.</summary>
    internal sealed class DataSchemaSymbols
    {
        internal DataSchemaSymbols(MLNetSymbols symbols)
        {
            var compilation = symbols.Compilation;
            Chain = symbols.Chain;
            ColumnName = compilation.GetTypeByMetadataName("Microsoft.ML.Data.ColumnNameAttribute");
            NoColumn = compilation.GetTypeByMetadataName("Microsoft.ML.Data.NoColumnAttribute");
            LoadColumn = compilation.GetTypeByMetadataName("Microsoft.ML.Data.LoadColumnAttribute");
            VectorType = compilation.GetTypeByMetadataName("Microsoft.ML.Data.VectorTypeAttribute");
            KeyType = compilation.GetTypeByMetadataName("Microsoft.ML.Data.KeyTypeAttribute");
            TextLoader = compilation.GetTypeByMetadataName("Microsoft.ML.Data.TextLoader");
        }

        public EstimatorChainSymbols Chain { get; }

        public INamedTypeSymbol? ColumnName { get; }

        public INamedTypeSymbol? NoColumn { get; }

        public INamedTypeSymbol? LoadColumn { get; }

        public INamedTypeSymbol? VectorType { get; }

        public INamedTypeSymbol? KeyType { get; }

        public INamedTypeSymbol? TextLoader { get; }

        /// <summary>The compilation's set, held by its <see cref="MLNetSymbols"/> (created on first use).</summary>
        public static DataSchemaSymbols Get(MLNetSymbols symbols) => symbols.Schema;
    }

    /// <summary>
    /// Finds the data class behind a data view, within the method: the type argument of the loader the data comes from,
    /// through locals, row operations (<c>ShuffleRows</c>, <c>Cache</c>, ...) and the parts of a split. This is a minimal
    /// lookup of its own (no IDataView provenance model is used); anything else (a parameter, a transformer's output, a
    /// schema definition) is unknown.
    /// </summary>
    internal static class DataClassLookup
    {
        private const int MaxDepth = 16;

        /// <summary>
        /// The data class of the loader the data comes from, asked of the <see cref="DataFlow"/> model (locals, split parts,
        /// row operations, same-file helpers); null for transformed, unknown or schema-definition data.
        /// </summary>
        public static ITypeSymbol? DataClassOf(IOperation data, DataSchemaSymbols symbols, CancellationToken cancellationToken)
        {
            DataSource? source = DataFlow.Resolve(data, symbols.Chain, cancellationToken);
            for (var depth = 0; depth < MaxDepth && source is not null; depth++)
            {
                switch (source.Kind)
                {
                    case DataSourceKind.Loaded when source.Operation is IInvocationOperation loader:
                        var method = loader.TargetMethod;
                        if (method.Name is "LoadFromTextFile" or "LoadFromEnumerable")
                        {
                            return LoaderType(loader);
                        }

                        // textLoader.Load(source), or the DataLoaderExtensions.Load(loader, paths) extension.
                        return method.Name == "Load" && EstimatorChainSymbols.Receiver(loader) is { } receiver
                            && SymbolEqualityComparer.Default.Equals(OperationHelpers.SkipConversions(receiver).Type, symbols.TextLoader)
                            ? TextLoaderType(receiver, symbols, cancellationToken)
                            : null;
                    case DataSourceKind.SplitPart:
                        source = source.Split?.Input;
                        continue;
                    case DataSourceKind.RowOperation:
                        source = source.Input;
                        continue;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary><c>LoadFromTextFile&lt;T&gt;(path, ...)</c> or <c>LoadFromEnumerable&lt;T&gt;(rows)</c> without a schema definition.</summary>
        private static ITypeSymbol? LoaderType(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.TypeArguments.Length != 1 || method.TypeArguments[0] is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type)
            {
                return null;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == "schemaDefinition" && !(argument.ArgumentKind == ArgumentKind.DefaultValue
                    || OperationHelpers.SkipConversions(argument.Value).ConstantValue is { HasValue: true, Value: null }))
                {
                    return null; // the schema definition may rename or drop columns
                }
            }

            return type;
        }

        /// <summary><c>loader.Load(path)</c> where <c>loader = ml.Data.CreateTextLoader&lt;T&gt;(...)</c> in the same method.</summary>
        private static ITypeSymbol? TextLoaderType(IOperation loader, DataSchemaSymbols symbols, CancellationToken cancellationToken)
        {
            var value = OperationHelpers.SkipConversions(loader);
            if (value is ILocalReferenceOperation local)
            {
                value = LocalDefinitions.Reaching(local, cancellationToken) is { } definition ? OperationHelpers.SkipConversions(definition.Value) : null;
            }

            return value is IInvocationOperation { TargetMethod: { Name: "CreateTextLoader", TypeArguments.Length: 1 } create }
                && MLNetSymbols.IsInMLNetNamespace(create.ContainingType)
                && create.TypeArguments[0] is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type
                ? type
                : null;
        }
    }
}
