using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Reproducibility
{
    /// <summary>MLO1002: a seeded context trains with a trainer whose multi-threaded results are not deterministic.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NonDeterministicTrainerAnalyzer : MLContextFlowAnalyzer
    {
        /// <summary>Diagnostic property: the options member the fix sets.</summary>
        public const string OptionNameProperty = "OptionName";

        /// <summary>Diagnostic property: the value the fix gives it, as C# source.</summary>
        public const string OptionValueProperty = "OptionValue";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.NonDeterministicTrainer);

        private protected override void Report(MLContextFlowAnalysis analysis, SymbolAnalysisContext context, MLNetSymbols symbols)
        {
            foreach (var call in analysis.TrainerCalls)
            {
                var facts = symbols.GetTrainerFacts(call.Invocation.TargetMethod.ReturnType);
                if (facts is null || facts.ThreadDeterminism == ThreadDeterminism.Deterministic
                    || LoadsPretrainedModel(call.Invocation.TargetMethod) || !analysis.IsProvablySeeded(call.Root))
                {
                    continue;
                }

                var useDeterministic = facts.ThreadDeterminism == ThreadDeterminism.NotGuaranteedUnlessDeterministic;
                if (TrainerOptionsAnalysis.Evaluate(call.Invocation, useDeterministic, out _) != ThreadConfiguration.MultiThreaded)
                {
                    continue;
                }

                var optionName = useDeterministic ? TrainerOptionsAnalysis.DeterministicOption : TrainerOptionsAnalysis.NumberOfThreads;
                var optionValue = useDeterministic ? "true" : "1";
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(OptionNameProperty, optionName)
                    .Add(OptionValueProperty, optionValue);
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.NonDeterministicTrainer,
                    call.Invocation.Syntax.GetLocation(),
                    properties,
                    call.Invocation.TargetMethod.Name,
                    optionName + " = " + optionValue));
            }
        }

        /// <summary>LightGbm(Stream lightGbmModel, ...) wraps a model trained elsewhere: nothing is trained here.</summary>
        private static bool LoadsPretrainedModel(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type is { Name: "Stream", ContainingNamespace: { Name: "IO", ContainingNamespace.Name: "System" } })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
