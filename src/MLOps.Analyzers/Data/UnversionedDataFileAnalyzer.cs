using System;
using System.Collections.Concurrent;
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
    /// (<see cref="DataPaths"/>), and the loaders include <c>loader.Load("x.csv")</c> (<see cref="DataFileCalls"/>). A path
    /// that is a parameter of the loading method is followed to the calls of that method (<see cref="PathParameters"/>):
    /// each call passing a path flagged by the same criteria is flagged on its argument.
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
            var reported = new ConcurrentDictionary<Location, byte>();
            context.RegisterOperationAction(operationContext => Analyze(operationContext, calls, known, pins, reported), OperationKind.Invocation, OperationKind.ObjectCreation);
        }

        private static void Analyze(OperationAnalysisContext context, DataFileCalls calls, PathSymbols known, Lazy<DvcPins> pins, ConcurrentDictionary<Location, byte> reported)
        {
            List<IOperation>? paths = null;
            calls.CollectPaths(context.Operation, includeModelFiles: false, ref paths);
            if (paths is null)
            {
                return;
            }

            foreach (var value in paths)
            {
                if (PathParameters.Followable(value) is { } parameter)
                {
                    AnalyzeCallSites(context, parameter, known, pins, reported);
                    continue;
                }

                if (DataPaths.Read(value, known) is not { } path
                    || path.RelativeText is not { } relative
                    || path.HasVersion()
                    || IsPinned(path, relative, pins.Value)
                    || DataFileWrites.IsWrittenBySameBody(context.Operation, path.Text, known))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnversionedDataFile, value.Syntax.GetLocation(), path.Text));
            }
        }

        /// <summary>
        /// A load whose path is a parameter of the loading method: the argument of each call of that method in the
        /// compilation (or the parameter's default value) is judged as if written at the load, and the finding goes on
        /// that argument. Nothing when the loading method writes the file through that parameter itself; a call whose
        /// method writes the file before the call is not flagged. Two loads of the same parameter give one finding per call.
        /// </summary>
        private static void AnalyzeCallSites(OperationAnalysisContext context, IParameterSymbol parameter, PathSymbols known, Lazy<DvcPins> pins, ConcurrentDictionary<Location, byte> reported)
        {
            if (DataFileWrites.WritesParameter(OperationHelpers.GetRoot(context.Operation), parameter))
            {
                return;
            }

            foreach (var (value, call, location) in PathParameters.ArgumentsAtCallSites(parameter, context.Compilation, context.CancellationToken))
            {
                if (DataPaths.Read(value, known) is not { } path
                    || path.RelativeText is not { } relative
                    || path.HasVersion()
                    || IsPinned(path, relative, pins.Value)
                    || DataFileWrites.IsWrittenBySameBody(call, path.Text, known)
                    || !reported.TryAdd(location, 0))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnversionedDataFile, location, path.Text));
            }
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
