using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// Which files a method body writes (System.IO calls, and project helpers that write the path they are given): the
    /// files a run produces itself are not inputs to version (MLO2002); the manifest reads where a stream save goes.
    /// </summary>
    internal static class DataFileWrites
    {
        /// <summary>
        /// Whether the body that loads the file also writes it: <c>File.Create</c>/<c>CreateText</c>/<c>OpenWrite</c>/
        /// <c>WriteAll*</c>/<c>AppendAll*</c>, the destination of <c>File.Copy</c>/<c>Move</c>, <c>File.Open</c> or
        /// <c>new FileStream</c> with a mode other than <c>FileMode.Open</c>, <c>new StreamWriter(path)</c>. Such a file is an
        /// output of the same run (the ML.NET docs samples save a data view with <c>SaveAsBinary</c> and load it back), not
        /// an input a rerun could find changed. Only asked when a finding is about to be reported.
        /// </summary>
        public static bool IsWrittenBySameBody(IOperation load, string text, PathSymbols known)
        {
            var root = OperationHelpers.GetRoot(load);
            var written = WrittenFilesOfBody.GetValue(root, body => WrittenFiles.Collect(body, known));
            if (!written.ByText.TryGetValue(text, out var writers))
            {
                return false;
            }

            foreach (var (operation, viaHelper) in writers)
            {
                if (!viaHelper || operation != load)
                {
                    return true;
                }
            }

            return false;
        }

        private static readonly ConditionalWeakTable<IOperation, WrittenFiles> WrittenFilesOfBody = new ConditionalWeakTable<IOperation, WrittenFiles>();

        /// <summary>
        /// The files a body writes, by path text, collected in one walk the first time a load of the body is about to be
        /// reported: asking per load walked the body and read every argument's path again, K^2 on K loads in one method
        /// (`dataviews` at K = 1,000: 1.8 s).
        /// </summary>
        private sealed class WrittenFiles
        {
            public Dictionary<string, List<(IOperation Operation, bool ViaHelper)>> ByText { get; } =
                new Dictionary<string, List<(IOperation, bool)>>(StringComparer.Ordinal);

            public static WrittenFiles Collect(IOperation root, PathSymbols known)
            {
                var files = new WrittenFiles();
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
                        if (DataPaths.Read(written, known) is { } path)
                        {
                            files.Add(path.Text, operation, viaHelper: false);
                        }

                        continue;
                    }

                    // A helper of the project the path is handed to, that writes the parameter it arrives in (the samples'
                    // PrepDatasets(ml, data, trainPath, testPath) splits the data and saves both parts): one level deep.
                    if (!method.DeclaringSyntaxReferences.IsEmpty && operation.SemanticModel is { } semanticModel)
                    {
                        foreach (var argument in arguments)
                        {
                            if (argument.Parameter is { } parameter
                                && DataPaths.Read(argument.Value, known) is { } path)
                            {
                                summaries ??= MethodSummaries.Get(semanticModel.Compilation);
                                if (summaries.BodyOf(method) is { } body && WritesParameter(body.Root, parameter))
                                {
                                    files.Add(path.Text, operation, viaHelper: true);
                                }
                            }
                        }
                    }
                }

                return files;
            }

            private void Add(string text, IOperation operation, bool viaHelper)
            {
                if (!ByText.TryGetValue(text, out var writers))
                {
                    ByText[text] = writers = new List<(IOperation, bool)>();
                }

                writers.Add((operation, viaHelper));
            }
        }

        /// <summary>Whether a helper's body writes the file named by one of its parameters, passed as it is.</summary>
        public static bool WritesParameter(IOperation body, IParameterSymbol parameter)
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
        public static IOperation? WrittenPathParameter(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
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

    }
}
