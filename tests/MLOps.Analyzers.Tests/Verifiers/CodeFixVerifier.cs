using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MLOps.Analyzers.Tests.Verifiers
{
    /// <summary>Runs an analyzer and its code fix (single fixes and Fix All) against the real ML.NET assemblies.</summary>
    public static class CodeFixVerifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

        public static Task VerifyFixAsync(string source, string fixedSource, string? editorConfig = null) =>
            CreateTest(source, fixedSource, editorConfig).RunAsync(CancellationToken.None);

        /// <summary>The diagnostic is reported but no fix is offered: the fixed state equals the source.</summary>
        /// <summary>As <see cref="VerifyNoFixAsync"/>, in code with syntax errors (compiler diagnostics not compared).</summary>
        public static Task VerifyNoFixInBrokenCodeAsync(string source)
        {
            var test = CreateTest(source, source, null);
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync(CancellationToken.None);
        }

        public static Task VerifyNoFixAsync(string source)
        {
            var test = CreateTest(source, source, null);
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            return test.RunAsync(CancellationToken.None);
        }

        public static CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> CreateTest(string source, string fixedSource, string? editorConfig)
        {
            var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
            {
                TestCode = source,
                FixedCode = fixedSource,
                ReferenceAssemblies = TestReferences.NoPackages,
            };
            test.TestState.AdditionalReferences.AddRange(TestReferences.Runtime);
            test.TestState.AdditionalReferences.AddRange(TestReferences.MLNet);
            if (editorConfig is not null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
            }

            return test;
        }
    }
}
