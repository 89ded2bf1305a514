using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// Path provenance: reads the text of a file path argument when it is knowable from the source. Knowable parts are
    /// string literals and constants, <c>Path.Combine</c>/<c>Path.Join</c>, <c>+</c> and interpolations of those, a local
    /// with a single initializer, a field or property that holds one value for the whole run (see
    /// <see cref="MethodSummaries.SingleValueOf"/>: readonly or not, in any file), the value a helper of the project returns
    /// with its parameters standing for the call's arguments (<c>GetAbsolutePath(relative)</c>), and the application's own
    /// directories (<c>AppContext.BaseDirectory</c>, <c>Environment.CurrentDirectory</c>, <c>Directory.GetCurrentDirectory()</c>,
    /// <c>AppDomain.CurrentDomain.BaseDirectory</c>, the folder of the program's assembly) as a known "output directory"
    /// root. Anything else is unknown.
    /// </summary>
    internal static class DataPaths
    {
        /// <summary>How many nested parts a path may have (a field, a helper, a local, a combine, ... each count one).</summary>
        private const int MaxDepth = 16;

        /// <summary>How many helper calls deep a path is followed.</summary>
        private const int MaxHelperDepth = 4;

        /// <summary>
        /// Reads a path that is the same on every run into <paramref name="path"/>. False when any part of it is computed.
        /// </summary>
        public static bool TryRead(IOperation value, PathSymbols known, KnownPath path) =>
            new Reader(known, SummariesOf(value), allowHoles: false).TryRead(value, path, 0, null);

        /// <summary>
        /// Reads a path, rendering the parts that are computed (interpolation holes, parameters, configuration) as
        /// <c>{...}</c> holes, so that its fixed root or its fixed extension can still be judged. Null when even that is not
        /// possible (a <c>Path.Combine</c> with a computed part, which may be rooted and replace everything before it).
        /// </summary>
        public static KnownPath? ReadWithHoles(IOperation value, PathSymbols known)
        {
            var path = new KnownPath();
            return new Reader(known, SummariesOf(value), allowHoles: true).TryRead(value, path, 0, null) ? path : null;
        }

        /// <summary>Reads a path completely; null when any part of it is computed.</summary>
        public static KnownPath? Read(IOperation value, PathSymbols known)
        {
            var path = new KnownPath();
            return TryRead(value, known, path) ? path : null;
        }

        private static MethodSummaries? SummariesOf(IOperation value) =>
            value.SemanticModel?.Compilation is { } compilation ? MethodSummaries.Get(compilation) : null;

        /// <summary>
        /// A call of a helper being read: its parameters stand for the arguments of the call, read where the call is
        /// (in the frame of the caller, itself possibly a helper).
        /// </summary>
        private sealed class Frame
        {
            public Frame(IMethodSymbol method, IInvocationOperation call, Frame? caller, int depth)
            {
                Method = method;
                Call = call;
                Caller = caller;
                Depth = depth;
            }

            public IMethodSymbol Method { get; }

            public IInvocationOperation Call { get; }

            public Frame? Caller { get; }

            public int Depth { get; }

            public bool IsCalling(IMethodSymbol method)
            {
                for (var frame = this; frame is not null; frame = frame.Caller)
                {
                    if (SymbolEqualityComparer.Default.Equals(frame.Method, method))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>One reading of a path: the known members, the summaries of the compilation, and whether holes are allowed.</summary>
        private readonly struct Reader
        {
            private readonly PathSymbols _known;
            private readonly MethodSummaries? _summaries;
            private readonly bool _allowHoles;

            public Reader(PathSymbols known, MethodSummaries? summaries, bool allowHoles)
            {
                _known = known;
                _summaries = summaries;
                _allowHoles = allowHoles;
            }

            public bool TryRead(IOperation value, KnownPath path, int depth, Frame? frame)
            {
                if (value.ConstantValue is { HasValue: true } constant)
                {
                    if (constant.Value is string text)
                    {
                        path.AddLiteral(text);
                        return true;
                    }

                    return AddHole(value, path);
                }

                var operation = OperationHelpers.SkipConversions(value);
                if (operation.ConstantValue is { HasValue: true, Value: string innerText })
                {
                    path.AddLiteral(innerText);
                    return true;
                }

                if (depth > MaxDepth)
                {
                    return AddHole(value, path);
                }

                switch (operation)
                {
                    case IInvocationOperation call when _known.IsPathCombine(call.TargetMethod, out var discardsBeforeRooted):
                        return TryReadCombine(call, path, discardsBeforeRooted, depth, frame) || AddHole(value, path);
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation
                        when concatenation.Type?.SpecialType == SpecialType.System_String:
                        return TryRead(concatenation.LeftOperand, path, depth + 1, frame)
                            && TryRead(concatenation.RightOperand, path, depth + 1, frame);
                    case IInterpolatedStringOperation interpolation:
                        return TryReadInterpolation(interpolation, path, depth, frame);
                    case ILocalReferenceOperation local:
                        {
                            var mark = path.Mark();
                            if (OperationHelpers.FindSingleInitializer(local) is { } initializer && TryRead(initializer, path, depth + 1, frame))
                            {
                                return true;
                            }

                            path.RestoreTo(mark);
                            return AddHole(value, path);
                        }

                    case IParameterReferenceOperation parameter when FrameOf(parameter.Parameter, frame) is { } called:
                        {
                            // A parameter of a helper being read: the argument of the call, read where the call is.
                            var mark = path.Mark();
                            if (ArgumentFor(called.Call, parameter.Parameter) is { } argument && TryRead(argument, path, depth + 1, called.Caller))
                            {
                                return true;
                            }

                            path.RestoreTo(mark);
                            return AddHole(value, path);
                        }

                    case IFieldReferenceOperation { Field: { } field }:
                        return TryReadMember(field, value, path, depth);
                    case IPropertyReferenceOperation { Property: { IsIndexer: false } property } reference
                        when _known.DescribeBaseDirectory(reference) is null:
                        return TryReadMember(property, value, path, depth);
                    case IInvocationOperation call when _known.DescribeBaseDirectory(call) is null && call.Type?.SpecialType == SpecialType.System_String:
                        {
                            var mark = path.Mark();
                            if (TryReadHelper(call, path, depth, frame))
                            {
                                return true;
                            }

                            path.RestoreTo(mark);
                            return AddHole(value, path);
                        }

                    default:
                        if (_known.DescribeBaseDirectory(operation) is { } baseDirectory)
                        {
                            path.AddBaseDirectory(baseDirectory);
                            return true;
                        }

                        return AddHole(value, path);
                }
            }

            private bool TryReadInterpolation(IInterpolatedStringOperation interpolation, KnownPath path, int depth, Frame? frame)
            {
                foreach (var part in interpolation.Parts)
                {
                    if (part is IInterpolatedStringTextOperation { Text: { } textPart } && textPart.ConstantValue is { HasValue: true, Value: string literal })
                    {
                        path.AddLiteral(literal);
                    }
                    else if (part is IInterpolationOperation { Expression: { } hole, Alignment: null, FormatString: null })
                    {
                        if (!TryRead(hole, path, depth + 1, frame))
                        {
                            return false;
                        }
                    }
                    else if (_allowHoles)
                    {
                        path.AddHole(part.Syntax.ToString());
                    }
                    else
                    {
                        return false; // an alignment or a format: the text of the value is not the value
                    }
                }

                return true;
            }

            /// <summary>A field or property that holds one value for the whole run (see <see cref="MethodSummaries.SingleValueOf"/>).</summary>
            private bool TryReadMember(ISymbol member, IOperation value, KnownPath path, int depth)
            {
                var mark = path.Mark();
                if (_summaries?.SingleValueOf(member) is { } single && TryRead(single, path, depth + 1, frame: null))
                {
                    return true;
                }

                path.RestoreTo(mark);
                return AddHole(value, path);
            }

            /// <summary>
            /// A helper of the project returning a path built from its arguments, such as the samples'
            /// <c>GetAbsolutePath(relative) =&gt; Path.Combine(&lt;assembly folder&gt;, relative)</c>: the value it returns, read
            /// with its parameters standing for the arguments of this call.
            /// </summary>
            private bool TryReadHelper(IInvocationOperation call, KnownPath path, int depth, Frame? frame)
            {
                var method = call.TargetMethod.OriginalDefinition;
                var helperDepth = frame is null ? 1 : frame.Depth + 1;
                if (_summaries is null || helperDepth > MaxHelperDepth || (frame is not null && frame.IsCalling(method))
                    || _summaries.BodyOf(method) is not { ReturnedValue: { } returned })
                {
                    return false;
                }

                return TryRead(returned, path, depth + 1, new Frame(method, call, frame, helperDepth));
            }

            private static Frame? FrameOf(IParameterSymbol parameter, Frame? frame)
            {
                var owner = parameter.ContainingSymbol.OriginalDefinition;
                for (var current = frame; current is not null; current = current.Caller)
                {
                    if (SymbolEqualityComparer.Default.Equals(current.Method, owner))
                    {
                        return current;
                    }
                }

                return null;
            }

            private static IOperation? ArgumentFor(IInvocationOperation call, IParameterSymbol parameter)
            {
                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter is { } bound && bound.Ordinal == parameter.Ordinal
                        && argument.ArgumentKind != ArgumentKind.ParamArray && bound.RefKind == RefKind.None)
                    {
                        return argument.Value;
                    }
                }

                return null;
            }

            private bool AddHole(IOperation value, KnownPath path)
            {
                if (!_allowHoles)
                {
                    return false;
                }

                path.AddHole(value.Syntax.ToString());
                return true;
            }

            private bool TryReadCombine(IInvocationOperation call, KnownPath path, bool discardsBeforeRooted, int depth, Frame? frame)
            {
                var combined = new KnownPath();
                var first = true;
                foreach (var argument in call.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.ParamArray && OperationHelpers.SkipConversions(argument.Value) is IArrayCreationOperation array)
                    {
                        if (array.Initializer is null)
                        {
                            return false;
                        }

                        foreach (var element in array.Initializer.ElementValues)
                        {
                            if (!AppendCombinePart(element, combined, discardsBeforeRooted, ref first, depth, frame))
                            {
                                return false;
                            }
                        }

                        continue;
                    }

                    if (!AppendCombinePart(argument.Value, combined, discardsBeforeRooted, ref first, depth, frame))
                    {
                        return false;
                    }
                }

                if (first)
                {
                    return false;
                }

                path.Append(combined);
                return true;
            }

            private bool AppendCombinePart(IOperation value, KnownPath combined, bool discardsBeforeRooted, ref bool first, int depth, Frame? frame)
            {
                var part = new KnownPath();
                if (!TryRead(value, part, depth + 1, frame))
                {
                    return false;
                }

                if (discardsBeforeRooted)
                {
                    // Path.Combine restarts at a rooted part; a computed part that starts the argument may be rooted.
                    if (part.StartsWithHole)
                    {
                        return false;
                    }

                    if (part.StartsWithRootedLiteral)
                    {
                        combined.Clear();
                        first = true;
                    }
                }

                if (!first)
                {
                    combined.AddSeparator();
                }

                first = false;
                combined.Append(part);
                return true;
            }
        }

        /// <summary>
        /// The machine-specific root a path starts with, or null: a drive letter (<c>C:\</c>, <c>D:/</c>), a UNC share
        /// (<c>\\server\share</c>), a home directory (<c>~/</c>, <c>/home/</c>, <c>/Users/</c>, <c>/root/</c>) or a mount
        /// point (<c>/mnt/</c>). Temporary directories (<c>/tmp/</c>) and other absolute paths (<c>/app/</c>, <c>/data/</c>,
        /// container volume layouts) are not machine-specific: an image or a CI job recreates them.
        /// </summary>
        public static string? GetMachineSpecificRoot(string leadingLiteral)
        {
            var text = leadingLiteral;
            if (text.Length >= 3 && IsAsciiLetter(text[0]) && text[1] == ':' && (text[2] == '\\' || text[2] == '/'))
            {
                return text.Substring(0, 3);
            }

            if (text.Length >= 3 && text[0] == '\\' && text[1] == '\\' && text[2] != '\\' && text[2] != '?' && text[2] != '.')
            {
                return @"\\";
            }

            if (text.Length >= 2 && text[0] == '~' && (text[1] == '/' || text[1] == '\\'))
            {
                return text.Substring(0, 2);
            }

            foreach (var prefix in UnixMachineRoots)
            {
                if (text.StartsWith(prefix, System.StringComparison.Ordinal) && text.Length > prefix.Length)
                {
                    return prefix;
                }
            }

            return null;
        }

        private static readonly string[] UnixMachineRoots = { "/home/", "/Users/", "/root/", "/mnt/" };

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        /// <summary>True when the text starts at a root: <c>/</c>, <c>\</c>, <c>~</c> or a drive letter.</summary>
        public static bool IsRooted(string text) =>
            text.Length > 0 && (text[0] == '/' || text[0] == '\\' || text[0] == '~' || (text.Length >= 2 && IsAsciiLetter(text[0]) && text[1] == ':'));
    }

    /// <summary>The BCL members <see cref="DataPaths"/> recognises, resolved once per compilation.</summary>
    internal sealed class PathSymbols
    {
        private readonly INamedTypeSymbol? _path;
        private readonly INamedTypeSymbol? _file;
        private readonly INamedTypeSymbol? _environment;
        private readonly INamedTypeSymbol? _appContext;
        private readonly INamedTypeSymbol? _appDomain;
        private readonly INamedTypeSymbol? _directory;
        private readonly INamedTypeSymbol? _assembly;
        private readonly INamedTypeSymbol? _fileInfo;
        private readonly INamedTypeSymbol? _directoryInfo;

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, PathSymbols> Cache =
            new System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, PathSymbols>();

        /// <summary>The members of a compilation, resolved once and shared by every rule and the manifest generator.</summary>
        public static PathSymbols Get(Compilation compilation) => Cache.GetValue(compilation, static c => new PathSymbols(c));

        private PathSymbols(Compilation compilation)
        {
            _path = compilation.GetTypeByMetadataName("System.IO.Path");
            _file = compilation.GetTypeByMetadataName("System.IO.File");
            _environment = compilation.GetTypeByMetadataName("System.Environment");
            _appContext = compilation.GetTypeByMetadataName("System.AppContext");
            _appDomain = compilation.GetTypeByMetadataName("System.AppDomain");
            _directory = compilation.GetTypeByMetadataName("System.IO.Directory");
            _assembly = compilation.GetTypeByMetadataName("System.Reflection.Assembly");
            _fileInfo = compilation.GetTypeByMetadataName("System.IO.FileInfo");
            _directoryInfo = compilation.GetTypeByMetadataName("System.IO.DirectoryInfo");
        }

        public bool IsPathCombine(IMethodSymbol method) => IsPathCombine(method, out _);

        /// <summary><c>Path.Combine</c> (which restarts at a rooted part) or <c>Path.Join</c> (which does not).</summary>
        public bool IsPathCombine(IMethodSymbol method, out bool discardsBeforeRooted)
        {
            discardsBeforeRooted = method.Name == "Combine";
            return (method.Name == "Combine" || method.Name == "Join") && Is(method.ContainingType, _path);
        }

        public bool IsFileArchiving(IMethodSymbol method) =>
            (method.Name == "Copy" || method.Name == "Move" || method.Name == "Replace") && Is(method.ContainingType, _file);

        /// <summary>
        /// The application's own directories, the same on every run of an installed program:
        /// <c>Environment.CurrentDirectory</c>, <c>AppContext.BaseDirectory</c>,
        /// <c>AppDomain.CurrentDomain.BaseDirectory</c>, <c>Directory.GetCurrentDirectory()</c>.
        /// </summary>
        public string? DescribeBaseDirectory(IOperation operation)
        {
            switch (operation)
            {
                case IPropertyReferenceOperation { Property: { Name: "CurrentDirectory" } property } when Is(property.ContainingType, _environment):
                    return "Environment.CurrentDirectory";
                case IPropertyReferenceOperation { Property: { Name: "BaseDirectory" } property } when Is(property.ContainingType, _appContext):
                    return "AppContext.BaseDirectory";
                case IPropertyReferenceOperation { Property: { Name: "BaseDirectory" } property, Instance: IPropertyReferenceOperation { Property.Name: "CurrentDomain" } }
                    when Is(property.ContainingType, _appDomain):
                    return "AppDomain.CurrentDomain.BaseDirectory";
                case IInvocationOperation { TargetMethod: { Name: "GetCurrentDirectory", Parameters.Length: 0 } method } when Is(method.ContainingType, _directory):
                    return "Directory.GetCurrentDirectory()";
                case IInvocationOperation { TargetMethod: { Name: "GetDirectoryName", Parameters.Length: 1 } method, Arguments: { Length: 1 } arguments }
                    when Is(method.ContainingType, _path) && IsAssemblyLocation(arguments[0].Value):
                    return AssemblyFolder;
                case IPropertyReferenceOperation { Property.Name: "FullName", Instance: { } directory }
                    when Is(directory.Type, _directoryInfo)
                        && OperationHelpers.SkipConversions(directory) is IPropertyReferenceOperation { Property.Name: "Directory", Instance: { } file } directoryOf
                        && Is(directoryOf.Property.ContainingType, _fileInfo)
                        && IsFileInfoOfAssembly(file):
                    return AssemblyFolder;
                case IPropertyReferenceOperation { Property: { Name: "DirectoryName" } property, Instance: { } file }
                    when Is(property.ContainingType, _fileInfo) && IsFileInfoOfAssembly(file):
                    return AssemblyFolder;
                default:
                    return null;
            }
        }

        /// <summary>The folder of the program's assembly: the output directory, like <c>AppContext.BaseDirectory</c>.</summary>
        private const string AssemblyFolder = "assembly folder";

        /// <summary><c>new FileInfo(&lt;assembly location&gt;)</c>, written there or held in a local with a single initializer.</summary>
        private bool IsFileInfoOfAssembly(IOperation operation)
        {
            operation = OperationHelpers.SkipConversions(operation);
            if (operation is ILocalReferenceOperation local)
            {
                operation = OperationHelpers.FindSingleInitializer(local) is { } initializer ? OperationHelpers.SkipConversions(initializer) : operation;
            }

            return operation is IObjectCreationOperation { Arguments: { Length: 1 } arguments } creation
                && Is(creation.Type, _fileInfo)
                && IsAssemblyLocation(arguments[0].Value);
        }

        /// <summary>
        /// <c>typeof(T).Assembly.Location</c>, <c>Assembly.GetExecutingAssembly().Location</c>,
        /// <c>Assembly.GetEntryAssembly().Location</c> (also through a local with a single initializer).
        /// </summary>
        private bool IsAssemblyLocation(IOperation operation)
        {
            operation = OperationHelpers.SkipConversions(operation);
            if (operation is ILocalReferenceOperation local)
            {
                operation = OperationHelpers.FindSingleInitializer(local) is { } initializer ? OperationHelpers.SkipConversions(initializer) : operation;
            }

            if (operation is not IPropertyReferenceOperation { Property: { Name: "Location" } location, Instance: { } instance }
                || !Is(location.ContainingType, _assembly))
            {
                return false;
            }

            switch (OperationHelpers.SkipConversions(instance))
            {
                case IPropertyReferenceOperation { Property.Name: "Assembly", Instance: ITypeOfOperation }:
                    return true;
                case IPropertyReferenceOperation { Property.Name: "Assembly", Instance: IInvocationOperation { TargetMethod.Name: "GetTypeInfo", Arguments: { Length: 1 } getTypeInfo } }
                    when OperationHelpers.SkipConversions(getTypeInfo[0].Value) is ITypeOfOperation:
                    return true;
                case IInvocationOperation { TargetMethod: { Name: "GetExecutingAssembly" or "GetEntryAssembly", Parameters.Length: 0 } method }
                    when Is(method.ContainingType, _assembly):
                    return true;
                default:
                    return false;
            }
        }

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
    }

    /// <summary>
    /// A path read from the source, as a list of parts: literals, the application's base directories and, when asked for,
    /// computed holes. Only the literal parts are searched for a version (a base directory is a location, not a version).
    /// </summary>
    internal sealed class KnownPath
    {
        private enum PartKind
        {
            Literal,
            BaseDirectory,
            Hole,
        }

        private readonly List<(PartKind Kind, string Text)> _parts = new List<(PartKind, string)>();

        /// <summary>The path as written, base directories as <c>&lt;AppContext.BaseDirectory&gt;</c> and holes as <c>{expression}</c>.</summary>
        public string Text
        {
            get
            {
                var builder = new StringBuilder();
                foreach (var part in _parts)
                {
                    switch (part.Kind)
                    {
                        case PartKind.BaseDirectory:
                            builder.Append('<').Append(part.Text).Append('>');
                            break;
                        case PartKind.Hole:
                            builder.Append('{').Append(part.Text).Append('}');
                            break;
                        default:
                            builder.Append(part.Text);
                            break;
                    }
                }

                return builder.ToString();
            }
        }

        public bool HasHoles
        {
            get
            {
                foreach (var part in _parts)
                {
                    if (part.Kind == PartKind.Hole)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>True when the path starts at one of the application's base directories.</summary>
        public bool StartsWithBaseDirectory => FirstNonEmpty() is { Kind: PartKind.BaseDirectory };

        public bool StartsWithHole => FirstNonEmpty() is { Kind: PartKind.Hole };

        public bool StartsWithRootedLiteral => FirstNonEmpty() is { Kind: PartKind.Literal } first && DataPaths.IsRooted(first.Text);

        /// <summary>The literal text before the first base directory or hole.</summary>
        public string LeadingLiteral
        {
            get
            {
                var builder = new StringBuilder();
                foreach (var part in _parts)
                {
                    if (part.Kind != PartKind.Literal)
                    {
                        break;
                    }

                    builder.Append(part.Text);
                }

                return builder.ToString();
            }
        }

        /// <summary>The literal text after the last base directory or hole (the file name and extension, when it is fixed).</summary>
        public string TrailingLiteral
        {
            get
            {
                var start = _parts.Count;
                while (start > 0 && _parts[start - 1].Kind == PartKind.Literal)
                {
                    start--;
                }

                var builder = new StringBuilder();
                for (var i = start; i < _parts.Count; i++)
                {
                    builder.Append(_parts[i].Text);
                }

                return builder.ToString();
            }
        }

        /// <summary>
        /// The path relative to the directory the program runs in, when it is fully known: a literal relative path, or one
        /// under a base directory (whose prefix is dropped). Null for rooted paths and paths with holes.
        /// </summary>
        public string? RelativeText
        {
            get
            {
                if (HasHoles)
                {
                    return null;
                }

                var builder = new StringBuilder();
                var index = 0;
                while (index < _parts.Count && (_parts[index].Kind == PartKind.BaseDirectory || _parts[index].Text.Length == 0))
                {
                    index++;
                }

                for (var i = index; i < _parts.Count; i++)
                {
                    if (_parts[i].Kind != PartKind.Literal)
                    {
                        return null; // a second base directory in the middle: not a plain path
                    }

                    builder.Append(_parts[i].Text);
                }

                var text = builder.ToString();
                if (index > 0)
                {
                    text = text.TrimStart('/', '\\');
                }

                return text.Length == 0 || DataPaths.IsRooted(text) ? null : text;
            }
        }

        public void AddLiteral(string literal) => _parts.Add((PartKind.Literal, literal));

        public void AddBaseDirectory(string description) => _parts.Add((PartKind.BaseDirectory, description));

        public void AddHole(string expression) => _parts.Add((PartKind.Hole, expression));

        public void AddSeparator()
        {
            var text = Text;
            if (text.Length > 0 && text[text.Length - 1] != '/' && text[text.Length - 1] != '\\')
            {
                _parts.Add((PartKind.Literal, "/"));
            }
        }

        public void Append(KnownPath other) => _parts.AddRange(other._parts);

        public void Clear() => _parts.Clear();

        public int Mark() => _parts.Count;

        public void RestoreTo(int mark)
        {
            if (mark < _parts.Count)
            {
                _parts.RemoveRange(mark, _parts.Count - mark);
            }
        }

        public bool HasVersion()
        {
            foreach (var part in _parts)
            {
                if (part.Kind == PartKind.Literal && VersionSegments.ContainsVersion(part.Text))
                {
                    return true;
                }
            }

            return false;
        }

        private (PartKind Kind, string Text)? FirstNonEmpty()
        {
            foreach (var part in _parts)
            {
                if (part.Kind != PartKind.Literal || part.Text.Length > 0)
                {
                    return part;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// What counts as a version in a path. The path is cut at <c>/</c>, <c>\</c>, <c>-</c>, <c>_</c>, <c>.</c>, <c>+</c>,
    /// <c>:</c>, <c>=</c> and spaces; a token is a version when it is
    /// <list type="bullet">
    /// <item>all digits: <c>3</c>, <c>2024</c>, <c>05</c> (a run number, a date written <c>2024-05-01</c>, a timestamp, semver <c>1.2.0</c>);</item>
    /// <item><c>v</c> or <c>V</c> followed by digits: <c>v3</c>, <c>V12</c>;</item>
    /// <item>any token holding six or more digits in a row: <c>20240501T1015Z</c>, <c>run240501</c>;</item>
    /// <item>seven or more hexadecimal characters with at least one digit: a git commit hash or a GUID without dashes.</item>
    /// </list>
    /// A GUID with dashes (8-4-4-4-12) and a template placeholder (<c>{0}</c>, <c>{version}</c>) also count.
    /// </summary>
    internal static class VersionSegments
    {
        public static bool ContainsVersion(string path)
        {
            if (path.IndexOf('{') >= 0 && path.IndexOf('}') > path.IndexOf('{'))
            {
                return true; // a template filled in elsewhere
            }

            if (ContainsDashedGuid(path))
            {
                return true;
            }

            var start = 0;
            for (var i = 0; i <= path.Length; i++)
            {
                if (i == path.Length || IsSeparator(path[i]))
                {
                    if (i > start && IsVersionToken(path, start, i - start))
                    {
                        return true;
                    }

                    start = i + 1;
                }
            }

            return false;
        }

        private static bool IsSeparator(char c) =>
            c == '/' || c == '\\' || c == '-' || c == '_' || c == '.' || c == '+' || c == ':' || c == '=' || c == ' ';

        private static bool IsVersionToken(string text, int start, int length)
        {
            var digits = 0;
            var longestDigitRun = 0;
            var run = 0;
            var allHex = true;
            for (var i = start; i < start + length; i++)
            {
                var c = text[i];
                if (c >= '0' && c <= '9')
                {
                    digits++;
                    run++;
                    if (run > longestDigitRun)
                    {
                        longestDigitRun = run;
                    }
                }
                else
                {
                    run = 0;
                    if (!IsHexLetter(c))
                    {
                        allHex = false;
                    }
                }
            }

            if (digits == length)
            {
                return true;
            }

            if (length >= 2 && (text[start] == 'v' || text[start] == 'V') && digits == length - 1)
            {
                return true;
            }

            return longestDigitRun >= 6 || (allHex && length >= 7 && digits > 0);
        }

        private static bool IsHexLetter(char c) => (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || IsHexLetter(c);

        private static bool ContainsDashedGuid(string text)
        {
            // 8-4-4-4-12 hexadecimal digits.
            const int GuidLength = 36;
            for (var start = 0; start + GuidLength <= text.Length; start++)
            {
                var matches = true;
                for (var i = 0; i < GuidLength && matches; i++)
                {
                    var c = text[start + i];
                    matches = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : IsHex(c);
                }

                if (matches)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
