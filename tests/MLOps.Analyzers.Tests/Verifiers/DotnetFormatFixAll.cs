using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace MLOps.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// Applies a code fix the way <c>dotnet format analyzers --diagnostics ID</c> does: the equivalence key is taken from
    /// the first fix registered for the first diagnostic of the ID (null when that diagnostic has none), then the provider's
    /// Fix All runs in Solution scope with that key and the diagnostics of the ID.
    /// </summary>
    public static class DotnetFormatFixAll
    {
        public static async Task<string> ApplyAsync(DiagnosticAnalyzer analyzer, CodeFixProvider provider, string diagnosticId, string source)
        {
            using var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId();
            var documentId = DocumentId.CreateNewId(projectId);
            var solution = workspace.CurrentSolution
                .AddProject(projectId, "Consumer", "Consumer", LanguageNames.CSharp)
                .WithProjectCompilationOptions(projectId, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
                .WithProjectParseOptions(projectId, new CSharpParseOptions(LanguageVersion.Latest))
                .AddMetadataReferences(projectId, TestReferences.Runtime.Concat(TestReferences.MLNet))
                .AddDocument(documentId, "Program.cs", SourceText.From(source), filePath: "/src/Program.cs");
            var project = solution.GetProject(projectId)!;
            var compilation = (await project.GetCompilationAsync())!;
            var diagnostics = (await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync())
                .Where(diagnostic => diagnostic.Id == diagnosticId)
                .OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start)
                .ToImmutableArray();
            Assert.NotEmpty(diagnostics);

            var document = solution.GetDocument(documentId)!;
            CodeAction? first = null;
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => first ??= action, CancellationToken.None));

            var fixAllContext = new FixAllContext(
                document,
                provider,
                FixAllScope.Solution,
                first?.EquivalenceKey!,
                new[] { diagnosticId },
                new FixedDiagnosticProvider(diagnostics),
                CancellationToken.None);
            var fixAll = await provider.GetFixAllProvider()!.GetFixAsync(fixAllContext);
            Assert.NotNull(fixAll); // dotnet format: "didn't return a Fix All action"
            var operations = await fixAll!.GetOperationsAsync(CancellationToken.None);
            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            var fixedText = (await changed.GetDocument(documentId)!.GetTextAsync()).ToString();

            var fixedCompilation = (await changed.GetProject(projectId)!.GetCompilationAsync())!;
            var errors = fixedCompilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "The fixed code does not compile:\n" + string.Join("\n", errors) + "\n" + fixedText);
            return fixedText;
        }

        /// <summary>The analysis result dotnet format hands to the Fix All context.</summary>
        private sealed class FixedDiagnosticProvider : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<Diagnostic> _diagnostics;

            public FixedDiagnosticProvider(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

            public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics.Where(diagnostic => diagnostic.Location.SourceTree?.FilePath == document.FilePath));

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
        }
    }
}
