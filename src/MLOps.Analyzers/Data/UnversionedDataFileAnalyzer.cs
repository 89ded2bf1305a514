using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Data
{
    /// <summary>
    /// MLO2002 (Info): a data file path that is fully known and relative (a literal, or under the application's base
    /// directory) passed to an ML.NET loader, and pinned by nothing: no <c>&lt;file&gt;.dvc</c>, no <c>dvc.lock</c>
    /// <c>deps</c>/<c>outs</c> entry (see <see cref="DvcPins"/>), no version segment (<see cref="VersionSegments"/>).
    /// Model files are MLO4006's business; absolute paths are MLO2001's; computed paths are not judged. The path is
    /// followed through the project's helpers, fields and properties that hold one value, and interpolations
    /// (<see cref="DataPaths"/>), and the loaders include <c>loader.Load("x.csv")</c> (<see cref="DataFileCalls"/>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnversionedDataFileAnalyzer : MLNetAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.UnversionedDataFile);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var calls = new DataFileCalls(context.Compilation);
            var known = PathSymbols.Get(context.Compilation);
            var options = context.Options;
            var cancellationToken = context.CancellationToken;
            var pins = new Lazy<DvcPins>(() => DvcPins.Create(options, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
            context.RegisterOperationAction(operationContext => Analyze(operationContext, calls, known, pins), OperationKind.Invocation, OperationKind.ObjectCreation);
        }

        private static void Analyze(OperationAnalysisContext context, DataFileCalls calls, PathSymbols known, Lazy<DvcPins> pins)
        {
            List<IOperation>? paths = null;
            calls.CollectPaths(context.Operation, includeModelFiles: false, ref paths);
            if (paths is null)
            {
                return;
            }

            foreach (var value in paths)
            {
                if (DataPaths.Read(value, known) is not { } path
                    || path.RelativeText is not { } relative
                    || path.HasVersion()
                    || IsPinned(path, relative, pins.Value)
                    || IsWrittenBySameBody(context.Operation, path.Text, known))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnversionedDataFile, value.Syntax.GetLocation(), path.Text));
            }
        }

        /// <summary>
        /// Whether the body that loads the file also writes it: <c>File.Create</c>/<c>CreateText</c>/<c>OpenWrite</c>/
        /// <c>WriteAll*</c>/<c>AppendAll*</c>, the destination of <c>File.Copy</c>/<c>Move</c>, <c>File.Open</c> or
        /// <c>new FileStream</c> with a mode other than <c>FileMode.Open</c>, <c>new StreamWriter(path)</c>. Such a file is an
        /// output of the same run (the ML.NET docs samples save a data view with <c>SaveAsBinary</c> and load it back), not
        /// an input a rerun could find changed. Only asked when a finding is about to be reported.
        /// </summary>
        private static bool IsWrittenBySameBody(IOperation load, string text, PathSymbols known)
        {
            var root = load;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            MethodSummaries? summaries = null;
            foreach (var operation in root.Descendants())
            {
                IMethodSymbol? method;
                ImmutableArray<IArgumentOperation> arguments;
                switch (operation)
                {
                    case IInvocationOperation invocation:
                        method = invocation.TargetMethod;
                        arguments = invocation.Arguments;
                        break;
                    case IObjectCreationOperation creation:
                        method = creation.Constructor;
                        arguments = creation.Arguments;
                        break;
                    default:
                        continue;
                }

                if (method is null)
                {
                    continue;
                }

                if (WrittenPathParameter(method, arguments) is { } written)
                {
                    if (IsSamePath(written, text, known))
                    {
                        return true;
                    }

                    continue;
                }

                // A helper of the project the path is handed to, that writes the parameter it arrives in (the samples'
                // PrepDatasets(ml, data, trainPath, testPath) splits the data and saves both parts): one level deep.
                if (operation != load && !method.DeclaringSyntaxReferences.IsEmpty)
                {
                    foreach (var argument in arguments)
                    {
                        if (argument.Parameter is { } parameter && IsSamePath(argument.Value, text, known))
                        {
                            summaries ??= MethodSummaries.Get(load.SemanticModel!.Compilation);
                            if (summaries.BodyOf(method) is { } body && WritesParameter(body.Root, parameter))
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        private static bool IsSamePath(IOperation value, string text, PathSymbols known) =>
            DataPaths.Read(value, known) is { } other && string.Equals(other.Text, text, StringComparison.Ordinal);

        /// <summary>Whether a helper's body writes the file named by one of its parameters, passed as it is.</summary>
        private static bool WritesParameter(IOperation body, IParameterSymbol parameter)
        {
            foreach (var operation in body.Descendants())
            {
                var written = operation switch
                {
                    IInvocationOperation invocation => WrittenPathParameter(invocation.TargetMethod, invocation.Arguments),
                    IObjectCreationOperation { Constructor: { } constructor } creation => WrittenPathParameter(constructor, creation.Arguments),
                    _ => null,
                };
                while (written is IConversionOperation conversion)
                {
                    written = conversion.Operand;
                }

                if (written is IParameterReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Parameter.OriginalDefinition, parameter.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The argument naming the file a System.IO call writes, or null when the call does not write one (the manifest's stream saves ask it too).</summary>
        internal static IOperation? WrittenPathParameter(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
        {
            var type = method.ContainingType;
            if (type?.ContainingNamespace is not { Name: "IO" } io || io.ContainingNamespace is not { Name: "System" } system
                || !system.ContainingNamespace.IsGlobalNamespace)
            {
                return null;
            }

            string? parameter = null;
            switch (type.Name)
            {
                case "File":
                    var name = method.Name;
                    if (name.EndsWith("Async", StringComparison.Ordinal))
                    {
                        name = name.Substring(0, name.Length - "Async".Length);
                    }

                    if (name is "Create" or "CreateText" or "OpenWrite" or "AppendText"
                        || name.StartsWith("WriteAll", StringComparison.Ordinal) || name.StartsWith("AppendAll", StringComparison.Ordinal))
                    {
                        parameter = "path";
                    }
                    else if (name is "Copy" or "Move")
                    {
                        parameter = "destFileName";
                    }
                    else if (name == "Open" && OpensForWriting(arguments))
                    {
                        parameter = "path";
                    }

                    break;
                case "FileStream" when method.MethodKind == MethodKind.Constructor && OpensForWriting(arguments):
                case "StreamWriter" when method.MethodKind == MethodKind.Constructor:
                    parameter = "path";
                    break;
            }

            if (parameter is null)
            {
                return null;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter is { } p && p.Name == parameter && p.Type.SpecialType == SpecialType.System_String)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>Whether a <c>FileMode</c> argument is a constant other than <c>Open</c> (3).</summary>
        private static bool OpensForWriting(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is { Name: "mode" } && argument.Value.ConstantValue is { HasValue: true, Value: int mode })
                {
                    return mode != 3;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether DVC pins the file. A path under the output directory that climbs out of it (the samples'
        /// <c>&lt;assembly folder&gt;/../../../../Data/x.csv</c>) leaves <c>bin/&lt;Configuration&gt;/&lt;framework&gt;/</c> first:
        /// it is matched both as written and from the project directory, and a pin of either silences the rule.
        /// </summary>
        private static bool IsPinned(KnownPath path, string relative, DvcPins pins)
        {
            if (pins.IsPinned(relative))
            {
                return true;
            }

            if (!path.StartsWithBaseDirectory)
            {
                return false;
            }

            var fromProject = relative;
            for (var level = 0; level < 3; level++)
            {
                if (!fromProject.StartsWith("../", StringComparison.Ordinal) && !fromProject.StartsWith(@"..\", StringComparison.Ordinal))
                {
                    return false;
                }

                fromProject = fromProject.Substring(3);
            }

            return fromProject.Length > 0 && pins.IsPinned(fromProject);
        }
    }
}
