using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
    /// that holds one. Anything computed (an interpolation hole, a parameter, configuration) is not flagged.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ModelOverwrittenInPlaceAnalyzer : MLNetAnalyzer
    {
        private const int MaxDepth = 4;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.ModelOverwrittenInPlace);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var compilation = context.Compilation;
            var modelOperations = compilation.GetTypeByMetadataName("Microsoft.ML.ModelOperationsCatalog");
            if (modelOperations is null)
            {
                return;
            }

            var known = new KnownTypes(compilation);
            context.RegisterOperationAction(
                operationContext => AnalyzeInvocation(operationContext, (IInvocationOperation)operationContext.Operation, modelOperations, known),
                OperationKind.Invocation);
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, IInvocationOperation invocation, INamedTypeSymbol modelOperations, KnownTypes known)
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

            var path = new FixedPath();
            if (!TryRead(pathArgument.Value, known, path, 0) || path.HasVersion() || IsArchivedFirst(invocation, path.Text, known))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ModelOverwrittenInPlace, pathArgument.Value.Syntax.GetLocation(), path.Text));
        }

        /// <summary>
        /// Reads a path that is the same on every run into <paramref name="path"/>. False when any part of it is computed.
        /// </summary>
        private static bool TryRead(IOperation value, KnownTypes known, FixedPath path, int depth)
        {
            if (value.ConstantValue is { HasValue: true } constant)
            {
                if (constant.Value is string text)
                {
                    path.AddLiteral(text);
                    return true;
                }

                return false;
            }

            var operation = OperationHelpers.SkipConversions(value);
            if (operation.ConstantValue is { HasValue: true, Value: string innerText })
            {
                path.AddLiteral(innerText);
                return true;
            }

            if (depth > MaxDepth)
            {
                return false;
            }

            switch (operation)
            {
                case IInvocationOperation call when known.IsPathCombine(call.TargetMethod):
                    return TryReadCombine(call, known, path, depth);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation
                    when concatenation.Type?.SpecialType == SpecialType.System_String:
                    return TryRead(concatenation.LeftOperand, known, path, depth + 1)
                        && TryRead(concatenation.RightOperand, known, path, depth + 1);
                case ILocalReferenceOperation local:
                    return OperationHelpers.FindSingleInitializer(local) is { } initializer && TryRead(initializer, known, path, depth + 1);
                case IFieldReferenceOperation { Field: { IsReadOnly: true } field } reference:
                    return FindReadonlyFieldInitializer(field, reference) is { } fieldValue && TryRead(fieldValue, known, path, depth + 1);
                default:
                    if (known.DescribeBaseDirectory(operation) is { } baseDirectory)
                    {
                        path.AddBaseDirectory(baseDirectory);
                        return true;
                    }

                    return false;
            }
        }

        private static bool TryReadCombine(IInvocationOperation call, KnownTypes known, FixedPath path, int depth)
        {
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
                        if (!first)
                        {
                            path.AddSeparator();
                        }

                        first = false;
                        if (!TryRead(element, known, path, depth + 1))
                        {
                            return false;
                        }
                    }

                    continue;
                }

                if (!first)
                {
                    path.AddSeparator();
                }

                first = false;
                if (!TryRead(argument.Value, known, path, depth + 1))
                {
                    return false;
                }
            }

            return !first;
        }

        /// <summary>
        /// The initializer of a readonly field declared in the file being analysed, when no constructor of that file assigns
        /// it again (a constructor may replace it with a configured value).
        /// </summary>
        private static IOperation? FindReadonlyFieldInitializer(IFieldSymbol field, IOperation reference)
        {
            var semanticModel = reference.SemanticModel;
            if (semanticModel is null)
            {
                return null;
            }

            foreach (var syntaxReference in field.DeclaringSyntaxReferences)
            {
                if (syntaxReference.SyntaxTree != semanticModel.SyntaxTree
                    || syntaxReference.GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } valueSyntax } declarator)
                {
                    continue;
                }

                if (declarator.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } typeDeclaration && IsAssignedIn(typeDeclaration, field.Name))
                {
                    return null;
                }

                return semanticModel.GetOperation(valueSyntax);
            }

            return null;
        }

        /// <summary>A syntactic look for <c>name = ...</c> or <c>this.name = ...</c> anywhere in the type declaration.</summary>
        private static bool IsAssignedIn(TypeDeclarationSyntax type, string name)
        {
            foreach (var node in type.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax assignment)
                {
                    var left = assignment.Left is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } member ? member.Name : assignment.Left;
                    if (left is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
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
        private static bool IsArchivedFirst(IInvocationOperation save, string pathText, KnownTypes known)
        {
            foreach (var operation in OperationHelpers.GetRoot(save).Descendants())
            {
                if (operation is not IInvocationOperation call || !known.IsFileArchiving(call.TargetMethod))
                {
                    continue;
                }

                foreach (var argument in call.Arguments)
                {
                    var other = new FixedPath();
                    if (argument.Parameter?.Type.SpecialType == SpecialType.System_String
                        && TryRead(argument.Value, known, other, 0)
                        && other.Text == pathText)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The BCL members the rule recognises, resolved once per compilation.</summary>
        private sealed class KnownTypes
        {
            private readonly INamedTypeSymbol? _path;
            private readonly INamedTypeSymbol? _file;
            private readonly INamedTypeSymbol? _environment;
            private readonly INamedTypeSymbol? _appContext;
            private readonly INamedTypeSymbol? _appDomain;
            private readonly INamedTypeSymbol? _directory;

            public KnownTypes(Compilation compilation)
            {
                _path = compilation.GetTypeByMetadataName("System.IO.Path");
                _file = compilation.GetTypeByMetadataName("System.IO.File");
                _environment = compilation.GetTypeByMetadataName("System.Environment");
                _appContext = compilation.GetTypeByMetadataName("System.AppContext");
                _appDomain = compilation.GetTypeByMetadataName("System.AppDomain");
                _directory = compilation.GetTypeByMetadataName("System.IO.Directory");
            }

            public bool IsPathCombine(IMethodSymbol method) =>
                (method.Name == "Combine" || method.Name == "Join") && Is(method.ContainingType, _path);

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
                    default:
                        return null;
                }
            }

            private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
                expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
        }

        /// <summary>
        /// A path read from the source: its text for the message, and its literal parts, which alone are searched for a
        /// version (a base directory is a location, not a version).
        /// </summary>
        private sealed class FixedPath
        {
            private readonly StringBuilder _text = new StringBuilder();
            private readonly List<string> _literals = new List<string>();

            public string Text => _text.ToString();

            public void AddLiteral(string literal)
            {
                _text.Append(literal);
                _literals.Add(literal);
            }

            public void AddBaseDirectory(string description) => _text.Append('<').Append(description).Append('>');

            public void AddSeparator()
            {
                if (_text.Length > 0 && _text[_text.Length - 1] != '/' && _text[_text.Length - 1] != '\\')
                {
                    _text.Append('/');
                }
            }

            public bool HasVersion()
            {
                foreach (var literal in _literals)
                {
                    if (VersionSegments.ContainsVersion(literal))
                    {
                        return true;
                    }
                }

                return false;
            }
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
