using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MLOps.Analyzers.Tests.Verifiers
{
    /// <summary>Runs one analyzer over C# source compiled against the real ML.NET assemblies.</summary>
    public static class AnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

        /// <summary>Verifies the diagnostics marked in <paramref name="source"/> with <c>{|MLO1001:...|}</c> and nothing else.</summary>
        public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
            CreateTest(source, expected).RunAsync(CancellationToken.None);

        /// <summary>Like <see cref="VerifyAsync"/>, with the ASP.NET Core shared framework referenced too.</summary>
        public static Task VerifyWithAspNetCoreAsync(string source, params DiagnosticResult[] expected)
        {
            var test = CreateTest(source, expected);
            test.TestState.AdditionalReferences.AddRange(TestReferences.AspNetCore);
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>Source that does not compile (half-typed code): only the analyzer's diagnostics are compared.</summary>
        public static Task VerifyIncompleteAsync(string source, params DiagnosticResult[] expected)
        {
            var test = CreateTest(source, expected);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>Source compiled without ML.NET: every rule must stay silent.</summary>
        public static Task VerifyWithoutMLNetAsync(string source)
        {
            var test = CreateTest(source);
            test.TestState.AdditionalReferences.Clear();
            test.TestState.AdditionalReferences.AddRange(TestReferences.Runtime);
            return test.RunAsync(CancellationToken.None);
        }

        public static CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> CreateTest(string source, params DiagnosticResult[] expected)
        {
            var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
            {
                TestCode = source,
                ReferenceAssemblies = TestReferences.NoPackages,
            };
            test.TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
            test.TestState.AdditionalReferences.AddRange(TestReferences.Runtime);
            test.TestState.AdditionalReferences.AddRange(TestReferences.MLNet);
            test.ExpectedDiagnostics.AddRange(expected);
            return test;
        }
    }
}
