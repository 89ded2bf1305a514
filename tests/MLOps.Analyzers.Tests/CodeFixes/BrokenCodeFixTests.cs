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
using MLOps.Analyzers.CodeFixes.Reproducibility;
using MLOps.Analyzers.Reproducibility;
using MLOps.Analyzers.Tests.Verifiers;
using Xunit;

namespace MLOps.Analyzers.Tests.CodeFixes
{
    /// <summary>
    /// In code that does not parse, the rules may still report, but no fix is offered: an edit where the parser guessed
    /// turned one error into several (fuzzing harness, seed 13: `new MLContext);` and an unterminated string in options).
    /// </summary>
    public class BrokenCodeFixTests
    {
        [Fact]
        public async Task No_seed_is_added_to_a_creation_whose_parenthesis_is_missing()
        {
            const string source = @"
using System;
using Microsoft.ML;
class C
{
    void M(IDataView data)
    {
        Action first = () => { var ml = new MLContext); ml.Regression.Trainers.FastTree().Fit(data); };
    }
}";
            var (reported, offered) = await ReportedAndOfferedAsync(new UnseededMLContextAnalyzer(), new UnseededMLContextCodeFixProvider(), source);
            Assert.NotEqual(0, reported);
            Assert.Equal(0, offered);
        }

        [Fact]
        public async Task No_thread_option_is_added_to_options_with_an_unterminated_string()
        {
            const string source = @"
using Microsoft.ML;
using Microsoft.ML.Trainers;
class C
{
    ITransformer M(IDataView data)
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { LabelColumnName = ""Fare }).Fit(data);
        return model;
    }
}";
            var (reported, offered) = await ReportedAndOfferedAsync(new NonDeterministicTrainerAnalyzer(), new NonDeterministicTrainerCodeFixProvider(), source);
            Assert.NotEqual(0, reported);
            Assert.Equal(0, offered);
        }

        [Fact]
        public async Task The_same_code_parsed_whole_gets_its_fix()
        {
            const string source = @"
using Microsoft.ML;
using Microsoft.ML.Trainers;
class C
{
    ITransformer M(IDataView data)
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { LabelColumnName = ""Fare"" }).Fit(data);
        return model;
    }
}";
            var (reported, offered) = await ReportedAndOfferedAsync(new NonDeterministicTrainerAnalyzer(), new NonDeterministicTrainerCodeFixProvider(), source);
            Assert.NotEqual(0, reported);
            Assert.Equal(reported, offered);
        }

        private static async Task<(int Reported, int Offered)> ReportedAndOfferedAsync(DiagnosticAnalyzer analyzer, CodeFixProvider provider, string source)
        {
            using var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId();
            var documentId = DocumentId.CreateNewId(projectId);
            var solution = workspace.CurrentSolution
                .AddProject(projectId, "Consumer", "Consumer", LanguageNames.CSharp)
                .WithProjectCompilationOptions(projectId, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
                .WithProjectParseOptions(projectId, new CSharpParseOptions(LanguageVersion.Latest))
                .AddMetadataReferences(projectId, TestReferences.Runtime.Concat(TestReferences.MLNet))
                .AddDocument(documentId, "Program.cs", SourceText.From(source), filePath: "/src/Program.cs");
            var compilation = (await solution.GetProject(projectId)!.GetCompilationAsync())!;
            var diagnostics = (await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync())
                .Where(diagnostic => provider.FixableDiagnosticIds.Contains(diagnostic.Id))
                .ToList();
            var offered = 0;
            foreach (var diagnostic in diagnostics)
            {
                var actions = new List<CodeAction>();
                await provider.RegisterCodeFixesAsync(new CodeFixContext(solution.GetDocument(documentId)!, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                offered += actions.Count;
            }

            return (diagnostics.Count, offered);
        }
    }
}
