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
                    || DataFileWrites.IsWrittenBySameBody(context.Operation, path.Text, known))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnversionedDataFile, value.Syntax.GetLocation(), path.Text));
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
