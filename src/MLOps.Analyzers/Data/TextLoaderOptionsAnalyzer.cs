using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Data
{
    /// <summary>
    /// MLO2006: a file whose name ends in <c>.csv</c> loaded by <c>LoadFromTextFile</c> (or by a <c>TextLoader</c> made by
    /// <c>CreateTextLoader</c> and then <c>Load(new MultiFileSource(path))</c>) with <c>separatorChar</c> left to its
    /// default, the tab character. An explicit separator, even a tab, is a choice and is not flagged; so are the
    /// <c>TextLoader.Options</c> overloads and paths whose extension is computed. The diagnostic is on the loader call,
    /// where the code fix adds <c>separatorChar: ','</c>.
    /// <para>
    /// Second pattern, only where the file itself can be seen: when the data file is one of the project's
    /// <c>AdditionalFiles</c> (resolved against <c>build_property.MSBuildProjectDirectory</c>) and its first line holds, at the
    /// <c>[LoadColumn(i)]</c> index of a numeric member of the data class, that member's column name (and no numeric
    /// column of that line is a number), the file has a header row; loading it with <c>hasHeader</c> left to its default
    /// (<c>false</c>) reads the header as a row of data. The code fix adds <c>hasHeader: true</c>.
    /// </para>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TextLoaderOptionsAnalyzer : MLNetAnalyzer
    {
        private const string SeparatorParameter = "separatorChar";

        private const string HeaderParameter = "hasHeader";

        /// <summary>Diagnostic property naming what the code fix adds: <see cref="SeparatorFix"/> or <see cref="HeaderFix"/>.</summary>
        public const string FixProperty = "MLO2006.Fix";

        public const string SeparatorFix = "separatorChar";

        public const string HeaderFix = "hasHeader";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.TextLoaderOptionsContradictFile);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var calls = new DataFileCalls(context.Compilation);
            var known = PathSymbols.Get(context.Compilation);
            var files = new ShippedDataFiles(
                context.Options,
                context.Compilation.GetTypeByMetadataName("Microsoft.ML.Data.LoadColumnAttribute"),
                context.Compilation.GetTypeByMetadataName("Microsoft.ML.Data.ColumnNameAttribute"));
            context.RegisterOperationAction(
                operationContext => Analyze(operationContext, (IInvocationOperation)operationContext.Operation, calls, known, files),
                OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, IInvocationOperation invocation, DataFileCalls calls, PathSymbols known, ShippedDataFiles files)
        {
            var method = invocation.TargetMethod;
            if (calls.IsTextFileLoader(method))
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is { Name: "path", Type.SpecialType: SpecialType.System_String }
                        && argument.ArgumentKind != ArgumentKind.DefaultValue)
                    {
                        Check(context, invocation, argument.Value, known, files);
                        return;
                    }
                }

                return;
            }

            if (calls.IsTextLoaderLoad(method) && invocation.Arguments.Length == 1)
            {
                // The loader made right here or held in a local with a single initializer.
                var instance = invocation.Instance is null ? null : OperationHelpers.SkipConversions(invocation.Instance);
                if (instance is ILocalReferenceOperation local)
                {
                    instance = OperationHelpers.FindSingleInitializer(local) is { } initializer ? OperationHelpers.SkipConversions(initializer) : null;
                }

                if (instance is not IInvocationOperation create || !calls.IsCreateTextLoader(create.TargetMethod))
                {
                    return;
                }

                var source = OperationHelpers.SkipConversions(invocation.Arguments[0].Value);
                if (source is ILocalReferenceOperation sourceLocal)
                {
                    source = OperationHelpers.FindSingleInitializer(sourceLocal) is { } sourceInitializer ? OperationHelpers.SkipConversions(sourceInitializer) : null;
                }

                if (source is not IObjectCreationOperation creation || !calls.IsMultiFileSource(creation.Type))
                {
                    return;
                }

                var paths = new List<IOperation>(1);
                DataFileCalls.CollectMultiFileSourcePaths(creation, paths);
                if (paths.Count == 1)
                {
                    Check(context, create, paths[0], known, files);
                }
            }
        }

        /// <summary>Checks one loader call (<c>LoadFromTextFile</c> or <c>CreateTextLoader</c>) against the file it loads.</summary>
        private static void Check(OperationAnalysisContext context, IInvocationOperation loader, IOperation pathValue, PathSymbols known, ShippedDataFiles files)
        {
            if (DataPaths.ReadWithHoles(pathValue, known) is not { } path)
            {
                return;
            }

            var separator = GetArgument(loader, SeparatorParameter, SpecialType.System_Char);
            var defaultSeparator = separator is { ArgumentKind: ArgumentKind.DefaultValue };
            var isCsv = path.TrailingLiteral.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
            if (isCsv && defaultSeparator)
            {
                Report(context, loader, SeparatorFix, $"'{path.Text}' is a CSV file but is loaded with the default tab separator: pass separatorChar: ','");
            }

            // The header row: only when the data file is in the compilation's AdditionalFiles and the loader is generic.
            var header = GetArgument(loader, HeaderParameter, SpecialType.System_Boolean);
            if (header is not { ArgumentKind: ArgumentKind.DefaultValue }
                || separator is null
                || loader.TargetMethod.TypeArguments.Length != 1
                || path.RelativeText is not { } relative)
            {
                return;
            }

            char separatorChar;
            if (defaultSeparator)
            {
                separatorChar = isCsv ? ',' : '\t'; // a .csv is judged as it will be read once the separator is fixed
            }
            else if (separator.Value.ConstantValue is { HasValue: true, Value: char explicitSeparator })
            {
                separatorChar = explicitSeparator;
            }
            else
            {
                return;
            }

            if (files.FindHeaderColumn(relative, separatorChar, loader.TargetMethod.TypeArguments[0], context.CancellationToken) is { } column)
            {
                Report(
                    context,
                    loader,
                    HeaderFix,
                    $"'{path.Text}' starts with a header row ('{column}' is a column name) but is loaded without hasHeader: true: the header is read as a row of data");
            }
        }

        private static IArgumentOperation? GetArgument(IInvocationOperation invocation, string name, SpecialType type)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && parameter.Name == name && parameter.Type.SpecialType == type)
                {
                    return argument;
                }
            }

            return null;
        }

        private static void Report(OperationAnalysisContext context, IInvocationOperation loader, string fix, string message) =>
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.TextLoaderOptionsContradictFile,
                loader.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix),
                message));
    }

    /// <summary>
    /// The data files the project ships as <c>AdditionalFiles</c>, by absolute path, read only when a loader asks for one:
    /// the first line of the file is compared with the data class's <c>[LoadColumn]</c> members.
    /// </summary>
    internal sealed class ShippedDataFiles
    {
        private readonly AnalyzerOptions _options;
        private readonly INamedTypeSymbol? _loadColumn;
        private readonly INamedTypeSymbol? _columnName;
        private readonly Lazy<(string? ProjectDirectory, Dictionary<string, AdditionalText> Files)> _index;

        public ShippedDataFiles(AnalyzerOptions options, INamedTypeSymbol? loadColumn, INamedTypeSymbol? columnName)
        {
            _options = options;
            _loadColumn = loadColumn;
            _columnName = columnName;
            _index = new Lazy<(string?, Dictionary<string, AdditionalText>)>(BuildIndex, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        private (string? ProjectDirectory, Dictionary<string, AdditionalText> Files) BuildIndex()
        {
            var projectDirectory = DvcPins.GetProjectDirectory(_options);

            var files = new Dictionary<string, AdditionalText>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in _options.AdditionalFiles)
            {
                if (!string.IsNullOrEmpty(file.Path))
                {
                    files[DvcPins.Normalize(file.Path)] = file;
                }
            }

            return (projectDirectory, files);
        }

        /// <summary>
        /// The column name found in the first line of the file, when that line is a header row for
        /// <paramref name="dataClass"/>: at the <c>[LoadColumn(i)]</c> index of a numeric member stands that member's column
        /// name (compared ignoring case, <c>_</c>, <c>-</c> and spaces), and no numeric member's field in that line is a number. Null otherwise, or when the file is not shipped.
        /// </summary>
        public string? FindHeaderColumn(string relativePath, char separator, ITypeSymbol dataClass, CancellationToken cancellationToken)
        {
            if (_loadColumn is null)
            {
                return null;
            }

            var (projectDirectory, files) = _index.Value;
            if (projectDirectory is null || files.Count == 0
                || !files.TryGetValue(DvcPins.Normalize(projectDirectory + "/" + relativePath), out var file)
                || file.GetText(cancellationToken) is not { } text
                || text.Lines.Count == 0)
            {
                return null;
            }

            var fields = text.Lines[0].ToString().Split(separator);
            string? headerColumn = null;
            for (var type = dataClass; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    var memberType = member switch
                    {
                        IPropertySymbol { IsStatic: false, IsIndexer: false } property => property.Type,
                        IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } fieldSymbol => fieldSymbol.Type,
                        _ => null,
                    };
                    if (memberType is null || !IsNumeric(memberType.SpecialType) || GetLoadColumn(member, out var name) is not { } index)
                    {
                        continue;
                    }

                    if (index >= fields.Length)
                    {
                        return null; // the line does not have the columns the class reads: not judged
                    }

                    var field = fields[index].Trim().Trim('"').Trim();
                    if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    {
                        return null; // a number where a number is expected: a data row
                    }

                    if (SameName(field, name) || SameName(field, member.Name))
                    {
                        headerColumn ??= field;
                    }
                }
            }

            return headerColumn;
        }

        /// <summary>The single index of <c>[LoadColumn(i)]</c> (ranges and index arrays are vectors: not used) and the column name.</summary>
        private int? GetLoadColumn(ISymbol member, out string name)
        {
            name = member.Name;
            int? index = null;
            foreach (var attribute in member.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _loadColumn))
                {
                    index = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int single && single >= 0 ? single : null;
                    if (index is null)
                    {
                        return null;
                    }
                }
                else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _columnName)
                    && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string renamed)
                {
                    name = renamed;
                }
            }

            return index;
        }

        /// <summary>Equal ignoring case and everything but letters and digits: <c>trip_distance</c> names <c>TripDistance</c>.</summary>
        private static bool SameName(string field, string name)
        {
            int i = 0, j = 0;
            while (true)
            {
                while (i < field.Length && !char.IsLetterOrDigit(field[i]))
                {
                    i++;
                }

                while (j < name.Length && !char.IsLetterOrDigit(name[j]))
                {
                    j++;
                }

                if (i == field.Length || j == name.Length)
                {
                    return i == field.Length && j == name.Length && i > 0;
                }

                if (char.ToUpperInvariant(field[i]) != char.ToUpperInvariant(name[j]))
                {
                    return false;
                }

                i++;
                j++;
            }
        }

        private static bool IsNumeric(SpecialType type) => type switch
        {
            SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Int16 or SpecialType.System_Int32
                or SpecialType.System_Int64 or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64
                or SpecialType.System_Byte or SpecialType.System_SByte => true,
            _ => false,
        };
    }
}
