using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MLOps.Analyzers.Generators;
using MLOps.Analyzers.Generators.Scaffolding;

namespace MLOps.Fuzz.Engine
{
    /// <summary>What <see cref="FuzzChecker.CheckAsync"/> runs.</summary>
    public sealed class CheckOptions
    {
        public bool Analyzers { get; set; } = true;

        /// <summary>Only the analyzers of the rules that have a code fix (the test suite's bounded slice).</summary>
        public bool OnlyFixableAnalyzers { get; set; }

        public bool ManifestGenerator { get; set; } = true;

        /// <summary>The test-scaffolding generator, in a test project referencing the input built as a library (when it builds).</summary>
        public bool Scaffolding { get; set; } = true;

        /// <summary>Scaffold only inputs whose manifest has a callable factory (that get test classes); the test suite's slice.</summary>
        public bool ScaffoldOnlyCallableFactories { get; set; }

        public bool Fixes { get; set; } = true;

        public bool FixAll { get; set; } = true;

        /// <summary>At most this many single fixes applied (and as many Fix Alls) per input.</summary>
        public int MaxFixes { get; set; } = int.MaxValue;

        /// <summary>A second library the scaffolding test project references too (two ML projects in one test project).</summary>
        public MetadataReference? SecondLibrary { get; set; }

        /// <summary>Only the fixes of these rule IDs (null: all), e.g. when reducing a failure.</summary>
        public ISet<string>? FixIds { get; set; }
    }

    /// <summary>One defect seen: its kind (see <see cref="FailureKinds"/>), the analyzer, generator or fix, and what happened.</summary>
    public sealed class FuzzFailure
    {
        public FuzzFailure(string kind, string component, string signature, string detail)
        {
            Kind = kind;
            Component = component;
            Signature = signature;
            Detail = detail;
        }

        public string Kind { get; }

        public string Component { get; }

        /// <summary>Kind, component and the error IDs or exception: failures with one signature are one defect.</summary>
        public string Signature { get; }

        public string Detail { get; }

        public override string ToString() => Signature + "\n" + Detail;
    }

    public static class FailureKinds
    {
        public const string AnalyzerCrash = "analyzer-crash";
        public const string GeneratorCrash = "generator-crash";
        public const string ManifestCodeError = "manifest-code-error";
        public const string ScaffoldCodeError = "scaffold-code-error";
        public const string FixCrash = "fix-crash";
        public const string FixBreaksBuild = "fix-breaks-build";
        public const string FixLeavesDiagnostic = "fix-leaves-diagnostic";
        public const string FixAllBreaksBuild = "fixall-breaks-build";
        public const string FixAllLeavesDiagnostic = "fixall-leaves-diagnostic";
        public const string Timeout = "timeout";

        public static readonly string[] All =
        {
            AnalyzerCrash, GeneratorCrash, ManifestCodeError, ScaffoldCodeError, FixCrash, FixBreaksBuild, FixLeavesDiagnostic,
            FixAllBreaksBuild, FixAllLeavesDiagnostic, Timeout,
        };
    }

    /// <summary>The counts of one check, and the failures it found.</summary>
    public sealed class CheckResult
    {
        public int AnalyzerRuns { get; set; }

        public int AnalyzerDiagnostics { get; set; }

        public bool Compiles { get; set; }

        public int GeneratorRuns { get; set; }

        /// <summary>Generated files compiled (with the code they were generated for).</summary>
        public int GeneratedFilesCompiled { get; set; }

        public int FixesApplied { get; set; }

        public int FixAllsApplied { get; set; }

        /// <summary>Test projects the scaffolding generator ran in (the input compiled and was built as their library).</summary>
        public int Scaffolded { get; set; }

        /// <summary>The code fix providers applied (type names).</summary>
        public HashSet<string> AppliedFixers { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Time spent per stage (Stopwatch ticks): compile and analyze, manifest generator, scaffolding, fixes.</summary>
        public long AnalyzeTicks { get; set; }

        public long GenerateTicks { get; set; }

        public long ScaffoldTicks { get; set; }

        public long FixTicks { get; set; }

        /// <summary>The emitted library (when it compiles and the scaffolding ran), for a later two-project check.</summary>
        public MetadataReference? Library { get; set; }

        public List<FuzzFailure> Failures { get; } = new List<FuzzFailure>();
    }

    /// <summary>
    /// Runs an input through every analyzer of the package (found by reflection, as RobustnessTests does), both generators
    /// (the manifest generator on the input; the scaffolding generator in a test project referencing the input built as a
    /// library, as a build embeds the manifest) and every code fix of MLOps.Analyzers.CodeFixes (each fix on each of its
    /// diagnostics, then Fix All per rule and document), recompiling what they produce.
    /// </summary>
    public sealed class FuzzChecker
    {
        public const string ProjectDirectory = "/src/Fuzz";

        public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        /// <summary>Every analyzer the package ships.</summary>
        public static readonly ImmutableArray<DiagnosticAnalyzer> AllAnalyzers = typeof(PipelineManifestGenerator).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                && type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();

        /// <summary>Every code fix the package ships.</summary>
        public static readonly ImmutableArray<CodeFixProvider> AllFixers = typeof(MLOps.Analyzers.CodeFixes.NodeReplacingCodeFixProvider<>).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
            .ToImmutableArray();

        /// <summary>The analyzers of the rules that have a code fix.</summary>
        public static readonly ImmutableArray<DiagnosticAnalyzer> FixableAnalyzers = AllAnalyzers
            .Where(analyzer => analyzer.SupportedDiagnostics.Any(d => AllFixers.Any(f => f.FixableDiagnosticIds.Contains(d.Id))))
            .ToImmutableArray();

        /// <summary>Checks every input (in parallel, at most <paramref name="jobs"/> at once); the results in the inputs' order.</summary>
        public async Task<CheckResult[]> CheckAllAsync(IReadOnlyList<FuzzInput> inputs, CheckOptions options, int jobs, CancellationToken cancellationToken)
        {
            var results = new CheckResult[inputs.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, inputs.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = cancellationToken },
                async (index, token) => results[index] = await CheckAsync(inputs[index], options, token).ConfigureAwait(false)).ConfigureAwait(false);
            return results;
        }

        private const string TestProjectGates = """
            [assembly: MLOps.Testing.QualityGate("BuildPipeline", "RSquared", Minimum = 0.5)]
            [assembly: MLOps.Testing.QualityGate("BuildFastTree", "RSquared", Minimum = 0.95)]
            [assembly: MLOps.Testing.QualityGate("model", "AreaUnderRocCurve", Minimum = 0.7)]
            """;

        private static readonly ImmutableDictionary<string, ImmutableArray<DiagnosticAnalyzer>> AnalyzersById = AllAnalyzers
            .SelectMany(analyzer => analyzer.SupportedDiagnostics.Select(d => (d.Id, analyzer)))
            .GroupBy(pair => pair.Id, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.Select(p => p.analyzer).Distinct().ToImmutableArray(), StringComparer.Ordinal);

        private readonly FuzzReferences _references;

        public FuzzChecker(FuzzReferences references) => _references = references;

        public async Task<CheckResult> CheckAsync(FuzzInput input, CheckOptions options, CancellationToken cancellationToken)
        {
            var result = new CheckResult();
            var started = Stopwatch.GetTimestamp();
            var compilation = Template(input).AddSyntaxTrees(input.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path, Encoding.UTF8)));

            // The manifest generator first; then one binding pass over the output (as a build: the analyzers see the
            // generated files too) gives the compiler's errors, the generated files' and the analyzers' diagnostics.
            var output = (Compilation)compilation;
            var generatedTrees = new HashSet<SyntaxTree>();
            string? generated = null;
            if (options.ManifestGenerator)
            {
                (output, generatedTrees, generated) = RunManifestGenerator(compilation, result, cancellationToken);
            }

            result.GenerateTicks += Stopwatch.GetTimestamp() - started;
            started = Stopwatch.GetTimestamp();
            ImmutableArray<Diagnostic> all;
            if (options.Analyzers)
            {
                var analyzers = options.OnlyFixableAnalyzers ? FixableAnalyzers : AllAnalyzers;
                all = await AnalyzeAsync(output, analyzers, result, cancellationToken).ConfigureAwait(false);
                result.AnalyzerRuns += analyzers.Length;
                result.AnalyzerDiagnostics += all.Count(d => AnalyzersById.ContainsKey(d.Id));
            }
            else
            {
                all = output.GetDiagnostics(cancellationToken);
            }

            var userErrors = all.Where(d => IsCompilerError(d) && !(d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))).ToList();
            result.Compiles = userErrors.Count == 0;
            result.AnalyzeTicks += Stopwatch.GetTimestamp() - started;

            if (generatedTrees.Count > 0)
            {
                started = Stopwatch.GetTimestamp();
                const string name = nameof(PipelineManifestGenerator);
                result.GeneratedFilesCompiled += generatedTrees.Count;

                // No error or warning in a generated file; no declaration error in the user's files it did not have.
                var introduced = all.Where(d => (d.Severity == DiagnosticSeverity.Error || d.Severity == DiagnosticSeverity.Warning && !d.IsSuppressed)
                    && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)).ToList();
                var before = compilation.GetDeclarationDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).Select(Key).ToHashSet(StringComparer.Ordinal);
                introduced.AddRange(output.GetDeclarationDiagnostics(cancellationToken)
                    .Where(d => d.Severity == DiagnosticSeverity.Error && !before.Contains(Key(d)) && !(d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))));
                if (introduced.Count > 0)
                {
                    result.Failures.Add(new FuzzFailure(
                        FailureKinds.ManifestCodeError,
                        name,
                        $"{FailureKinds.ManifestCodeError}|{name}|{Ids(introduced)}",
                        Describe(introduced) + "\n--- generated:\n" + generated));
                }
                else if (options.Scaffolding && result.Compiles
                    && (!options.ScaffoldOnlyCallableFactories || System.Text.RegularExpressions.Regex.IsMatch(generated ?? string.Empty, @"callable\W+true")))
                {
                    using var stream = new MemoryStream();
                    if (output.Emit(stream, cancellationToken: cancellationToken).Success)
                    {
                        result.Library = MetadataReference.CreateFromImage(stream.ToArray());
                        result.Scaffolded++;
                        CheckScaffolding(result.Library, options.SecondLibrary, result, cancellationToken);
                    }
                }

                result.ScaffoldTicks += Stopwatch.GetTimestamp() - started;
            }

            var fixable = all.Where(d => AllFixers.Any(f => f.FixableDiagnosticIds.Contains(d.Id)) && (options.FixIds is null || options.FixIds.Contains(d.Id))).ToList();
            if (options.Fixes && fixable.Count > 0)
            {
                started = Stopwatch.GetTimestamp();

                // The fixes run in a workspace: its own compilation, and the diagnostics of the rules that have fixes on it.
                using var workspace = new AdhocWorkspace();
                var project = CreateProject(workspace, input, "Fuzz");
                var workspaceCompilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
                var ids = fixable.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
                var analyzers = ids.SelectMany(id => AnalyzersById[id]).Distinct().ToImmutableArray();
                var diagnostics = await AnalyzeAsync(workspaceCompilation, analyzers, null, cancellationToken).ConfigureAwait(false);
                var baseErrors = diagnostics.Where(IsCompilerError).ToList();
                await CheckFixesAsync(project, baseErrors, diagnostics.Where(d => ids.Contains(d.Id)).ToImmutableArray(), options, result, cancellationToken).ConfigureAwait(false);
                result.FixTicks += Stopwatch.GetTimestamp() - started;
            }

            return result;
        }

        /// <summary>The input compiled as a library with the manifest generator and emitted (null when it does not compile).</summary>
        public MetadataReference? BuildLibrary(FuzzInput input, string assemblyName, CancellationToken cancellationToken)
        {
            var compilation = Template(input).WithAssemblyName(assemblyName).AddSyntaxTrees(input.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path, Encoding.UTF8)));
            ManifestDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _, cancellationToken);
            using var stream = new MemoryStream();
            return output.Emit(stream, cancellationToken: cancellationToken).Success ? MetadataReference.CreateFromImage(stream.ToArray()) : null;
        }

        /// <summary>
        /// An empty compilation per output kind and reference set, which every input's compilation is derived from: derived
        /// compilations share its bound references (binding some 200 assemblies per input would cost more than the input).
        /// </summary>
        private CSharpCompilation Template(FuzzInput input)
        {
            var executable = input.Files.Any(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions).GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any());
            var aspNetCore = input.Files.Any(f => f.Text.Contains("AspNetCore", StringComparison.Ordinal));
            return _templates.GetOrAdd((executable, aspNetCore), key => new Lazy<CSharpCompilation>(() =>
            {
                var template = CSharpCompilation.Create(
                    "Fuzz",
                    Array.Empty<SyntaxTree>(),
                    _references.For(key.AspNetCore),
                    new CSharpCompilationOptions(key.Executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
                _ = template.GetDiagnostics();
                return template;
            })).Value;
        }

        private readonly ConcurrentDictionary<(bool Executable, bool AspNetCore), Lazy<CSharpCompilation>> _templates = new ConcurrentDictionary<(bool Executable, bool AspNetCore), Lazy<CSharpCompilation>>();

        private Project CreateProject(AdhocWorkspace workspace, FuzzInput input, string assemblyName)
        {
            var template = Template(input);
            var projectId = ProjectId.CreateNewId();
            var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
                projectId, VersionStamp.Default, assemblyName, assemblyName, LanguageNames.CSharp,
                compilationOptions: template.Options, parseOptions: ParseOptions, metadataReferences: template.References));
            foreach (var file in input.Files)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(file.Path), SourceText.From(file.Text, Encoding.UTF8), filePath: file.Path);
            }

            return solution.GetProject(projectId)!;
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
            Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, CheckResult? result, CancellationToken cancellationToken)
        {
            var exceptions = new ConcurrentQueue<(DiagnosticAnalyzer Analyzer, Exception Exception)>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue((analyzer, exception)),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                foreach (var (analyzer, exception) in exceptions)
                {
                    var name = analyzer.GetType().Name;
                    result.Failures.Add(new FuzzFailure(FailureKinds.AnalyzerCrash, name, $"{FailureKinds.AnalyzerCrash}|{name}|{ExceptionSignature(exception)}", exception.ToString()));
                }

                foreach (var ad0001 in diagnostics.Where(d => d.Id == "AD0001"))
                {
                    result.Failures.Add(new FuzzFailure(FailureKinds.AnalyzerCrash, "AD0001", $"{FailureKinds.AnalyzerCrash}|AD0001|{ad0001.GetMessage()}", ad0001.ToString()));
                }
            }

            return diagnostics.Where(d => d.Id != "AD0001").OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();
        }

        private static (Compilation Output, HashSet<SyntaxTree> Generated, string? Text) RunManifestGenerator(Compilation compilation, CheckResult result, CancellationToken cancellationToken)
        {
            var driver = ManifestDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics, cancellationToken);
            result.GeneratorRuns++;
            var run = driver.GetRunResult().Results.Single();
            const string name = nameof(PipelineManifestGenerator);
            if (run.Exception is not null)
            {
                result.Failures.Add(new FuzzFailure(FailureKinds.GeneratorCrash, name, $"{FailureKinds.GeneratorCrash}|{name}|{ExceptionSignature(run.Exception)}", run.Exception.ToString()));
            }

            foreach (var diagnostic in generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || d.Id == "CS8785"))
            {
                result.Failures.Add(new FuzzFailure(FailureKinds.GeneratorCrash, name, $"{FailureKinds.GeneratorCrash}|{name}|{diagnostic.Id}", diagnostic.ToString()));
            }

            var text = string.Join("\n", run.GeneratedSources.Select(s => "// " + s.HintName + "\n" + s.SourceText));
            return (output, run.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet(), text);
        }

        private void CheckScaffolding(MetadataReference library, MetadataReference? second, CheckResult result, CancellationToken cancellationToken)
        {
            var references = _references.Runtime.AddRange(_references.MLNet).AddRange(_references.Xunit).Add(library);
            if (second is not null)
            {
                references = references.Add(second);
            }

            var compilation = CSharpCompilation.Create(
                "Fuzz.Tests",
                new[] { CSharpSyntaxTree.ParseText(TestProjectGates, ParseOptions, "/src/Fuzz.Tests/QualityGates.cs") },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new TestScaffoldingGenerator().AsSourceGenerator() },
                parseOptions: ParseOptions,
                optionsProvider: new OptionsProvider(new Dictionary<string, string>(StringComparer.Ordinal)));
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics, cancellationToken);
            result.GeneratorRuns++;
            var run = driver.GetRunResult().Results.Single();
            const string name = nameof(TestScaffoldingGenerator);
            if (run.Exception is not null)
            {
                result.Failures.Add(new FuzzFailure(FailureKinds.GeneratorCrash, name, $"{FailureKinds.GeneratorCrash}|{name}|{ExceptionSignature(run.Exception)}", run.Exception.ToString()));
                return;
            }

            foreach (var diagnostic in generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || d.Id == "CS8785"))
            {
                result.Failures.Add(new FuzzFailure(FailureKinds.GeneratorCrash, name, $"{FailureKinds.GeneratorCrash}|{name}|{diagnostic.Id}", diagnostic.ToString()));
            }

            result.GeneratedFilesCompiled += run.GeneratedSources.Length;
            var problems = output.GetDiagnostics(cancellationToken).Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed).ToList();
            if (problems.Count > 0)
            {
                result.Failures.Add(new FuzzFailure(
                    FailureKinds.ScaffoldCodeError,
                    name,
                    $"{FailureKinds.ScaffoldCodeError}|{name}|{Ids(problems)}{(second is null ? string.Empty : "|two-libraries")}",
                    Describe(problems) + "\n--- generated:\n" + string.Join("\n", run.GeneratedSources.Select(s => "// " + s.HintName + "\n" + s.SourceText))));
            }
        }

        private static async Task CheckFixesAsync(Project project, List<Diagnostic> baseErrors, ImmutableArray<Diagnostic> diagnostics, CheckOptions options, CheckResult result, CancellationToken cancellationToken)
        {
            var fixAllCandidates = new Dictionary<(CodeFixProvider Fixer, string Id, DocumentId Document, string? Key), List<Diagnostic>>();
            var applied = 0;
            foreach (var diagnostic in diagnostics)
            {
                if (options.FixIds is not null && !options.FixIds.Contains(diagnostic.Id))
                {
                    continue;
                }

                var document = diagnostic.Location.SourceTree is { } tree ? project.GetDocument(tree) : null;
                if (document is null)
                {
                    continue;
                }

                foreach (var fixer in AllFixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var name = fixer.GetType().Name;
                    var actions = new List<CodeAction>();
                    try
                    {
                        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken)).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        result.Failures.Add(new FuzzFailure(FailureKinds.FixCrash, name, $"{FailureKinds.FixCrash}|{name}|{diagnostic.Id}|{ExceptionSignature(exception)}", At(diagnostic) + "\n" + exception));
                        continue;
                    }

                    foreach (var action in actions)
                    {
                        var candidate = (fixer, diagnostic.Id, document.Id, action.EquivalenceKey);
                        if (!fixAllCandidates.TryGetValue(candidate, out var list))
                        {
                            fixAllCandidates[candidate] = list = new List<Diagnostic>();
                        }

                        if (!list.Contains(diagnostic))
                        {
                            list.Add(diagnostic);
                        }

                        if (applied >= options.MaxFixes)
                        {
                            continue;
                        }

                        applied++;
                        var title = $"'{action.Title}' on {At(diagnostic)}";
                        var changed = await ApplyAsync(action, name, diagnostic.Id, title, FailureKinds.FixCrash, result, cancellationToken).ConfigureAwait(false);
                        if (changed is null)
                        {
                            continue;
                        }

                        result.FixesApplied++;
                        result.AppliedFixers.Add(name);
                        var before = diagnostics.Count(d => d.Id == diagnostic.Id);
                        await CompareAsync(changed.GetProject(project.Id)!, baseErrors, diagnostic.Id, name, title, before, before - 1,
                            FailureKinds.FixBreaksBuild, FailureKinds.FixLeavesDiagnostic, result, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            if (!options.FixAll)
            {
                return;
            }

            var fixAlls = 0;
            foreach (var ((fixer, id, documentId, key), fixable) in fixAllCandidates.Where(c => c.Value.Count >= 2))
            {
                if (fixAlls++ >= options.MaxFixes || fixer.GetFixAllProvider() is not { } provider)
                {
                    continue;
                }

                var name = fixer.GetType().Name;
                var document = project.GetDocument(documentId)!;
                var ofId = diagnostics.Where(d => d.Id == id).ToImmutableArray();
                var context = new FixAllContext(document, fixer, FixAllScope.Document, key, new[] { id }, new FixedDiagnostics(ofId), cancellationToken);
                var title = $"Fix All {id} ({fixable.Count} fixable of {ofId.Length}) in {document.FilePath}";
                CodeAction? action;
                try
                {
                    action = await provider.GetFixAsync(context).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    result.Failures.Add(new FuzzFailure(FailureKinds.FixCrash, name, $"{FailureKinds.FixCrash}|{name}|{id}|fix-all|{ExceptionSignature(exception)}", title + "\n" + exception));
                    continue;
                }

                if (action is null)
                {
                    continue;
                }

                var changed = await ApplyAsync(action, name, id, title, FailureKinds.FixCrash, result, cancellationToken).ConfigureAwait(false);
                if (changed is null)
                {
                    continue;
                }

                result.FixAllsApplied++;
                await CompareAsync(changed.GetProject(project.Id)!, baseErrors, id, name, title, ofId.Length, ofId.Length - fixable.Count,
                    FailureKinds.FixAllBreaksBuild, FailureKinds.FixAllLeavesDiagnostic, result, cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task<Solution?> ApplyAsync(CodeAction action, string name, string id, string title, string crashKind, CheckResult result, CancellationToken cancellationToken)
        {
            try
            {
                var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                return operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                result.Failures.Add(new FuzzFailure(crashKind, name, $"{crashKind}|{name}|{id}|{ExceptionSignature(exception)}", title + "\n" + exception));
                return null;
            }
        }

        /// <summary>The fixed project: no compile error the input did not have; at most <paramref name="expectedAfter"/> diagnostics of the rule left.</summary>
        private static async Task CompareAsync(
            Project fixedProject, List<Diagnostic> baseErrors, string id, string name, string title, int before, int expectedAfter,
            string breaksKind, string leavesKind, CheckResult result, CancellationToken cancellationToken)
        {
            var fixedCompilation = (await fixedProject.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            var analyzers = AnalyzersById.TryGetValue(id, out var found) ? found : ImmutableArray<DiagnosticAnalyzer>.Empty;
            var all = analyzers.IsEmpty
                ? fixedCompilation.GetDiagnostics(cancellationToken)
                : await AnalyzeAsync(fixedCompilation, analyzers, null, cancellationToken).ConfigureAwait(false);
            var introduced = NewErrors(baseErrors, all.Where(IsCompilerError));
            var changes = await DiffAsync(fixedProject, cancellationToken).ConfigureAwait(false);
            if (introduced.Count > 0)
            {
                result.Failures.Add(new FuzzFailure(breaksKind, name, $"{breaksKind}|{name}|{id}|{Ids(introduced)}", title + "\n" + Describe(introduced) + "\n--- fixed code:\n" + changes));
            }

            if (analyzers.IsEmpty)
            {
                return;
            }

            var after = all.Count(d => d.Id == id);
            if (after > expectedAfter && after >= before)
            {
                result.Failures.Add(new FuzzFailure(leavesKind, name, $"{leavesKind}|{name}|{id}", $"{title}\n{id}: {before} before, {after} after (expected at most {expectedAfter})\n--- fixed code:\n{changes}"));
            }
            else if (after > expectedAfter)
            {
                result.Failures.Add(new FuzzFailure(leavesKind, name, $"{leavesKind}|{name}|{id}|partial", $"{title}\n{id}: {before} before, {after} after (expected at most {expectedAfter})\n--- fixed code:\n{changes}"));
            }
        }

        private static async Task<string> DiffAsync(Project fixedProject, CancellationToken cancellationToken)
        {
            var builder = new StringBuilder();
            foreach (var document in fixedProject.Documents)
            {
                var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                builder.Append("// ").AppendLine(document.FilePath).AppendLine(text.ToString());
            }

            return builder.ToString();
        }

        private static GeneratorDriver ManifestDriver() =>
            CSharpGeneratorDriver.Create(
                new[] { new PipelineManifestGenerator().AsSourceGenerator() },
                parseOptions: ParseOptions,
                optionsProvider: new OptionsProvider(new Dictionary<string, string>(StringComparer.Ordinal) { ["build_property.MSBuildProjectDirectory"] = ProjectDirectory }));

        private static bool IsCompilerError(Diagnostic diagnostic) =>
            diagnostic.Severity == DiagnosticSeverity.Error && diagnostic.Id != "AD0001" && !AnalyzersById.ContainsKey(diagnostic.Id);

        /// <summary>Errors after an edit that were not there before, matched by ID and message (positions move).</summary>
        public static List<Diagnostic> NewErrors(IEnumerable<Diagnostic> before, IEnumerable<Diagnostic> after)
        {
            var remaining = before.GroupBy(d => d.Id + ": " + d.GetMessage(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var introduced = new List<Diagnostic>();
            foreach (var diagnostic in after)
            {
                var key = diagnostic.Id + ": " + diagnostic.GetMessage();
                if (remaining.TryGetValue(key, out var count) && count > 0)
                {
                    remaining[key] = count - 1;
                }
                else
                {
                    introduced.Add(diagnostic);
                }
            }

            return introduced;
        }

        private static string Key(Diagnostic diagnostic) => diagnostic.Id + "@" + diagnostic.Location.SourceTree?.FilePath + ":" + diagnostic.Location.SourceSpan.Start;

        private static string Ids(IEnumerable<Diagnostic> diagnostics) => string.Join(",", diagnostics.Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal));

        private static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Take(8).Select(d => d.ToString()));

        private static string At(Diagnostic diagnostic) => $"{diagnostic.Id} at {diagnostic.Location.GetLineSpan()}";

        /// <summary>The exception type and its innermost frame in MLOps code (one defect, whatever the input).</summary>
        public static string ExceptionSignature(Exception exception)
        {
            var inner = exception;
            while (inner.InnerException is not null && (inner is AggregateException || inner is System.Reflection.TargetInvocationException || inner.GetType().Name.Contains("Generator", StringComparison.Ordinal)))
            {
                inner = inner.InnerException;
            }

            var frame = (inner.StackTrace ?? string.Empty).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("MLOps.", StringComparison.Ordinal)) ?? string.Empty;
            var at = frame.IndexOf(" in ", StringComparison.Ordinal);
            return inner.GetType().Name + " " + (at > 0 ? frame.Substring(0, at) : frame);
        }

        private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<Diagnostic> _diagnostics;

            public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            {
                var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
                return _diagnostics.Where(d => d.Location.SourceTree == tree);
            }

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics.Where(d => !d.Location.IsInSource));
        }

        private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
        {
            private readonly DictionaryOptions _global;

            public OptionsProvider(Dictionary<string, string> global) => _global = new DictionaryOptions(global);

            public override AnalyzerConfigOptions GlobalOptions => _global;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => DictionaryOptions.Empty;
        }

        private sealed class DictionaryOptions : AnalyzerConfigOptions
        {
            public static readonly DictionaryOptions Empty = new DictionaryOptions(new Dictionary<string, string>(StringComparer.Ordinal));

            private readonly Dictionary<string, string> _values;

            public DictionaryOptions(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value)
            {
                var found = _values.TryGetValue(key, out var text);
                value = text ?? string.Empty;
                return found;
            }
        }
    }
}
