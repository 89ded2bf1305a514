using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Performance
{
    /// <summary>
    /// MLO5002: a trainer whose documentation says "Is normalization required? Yes" (SDCA, SGD, L-BFGS, averaged perceptron,
    /// linear SVM, online gradient descent, LD-SVM, KMeans, PCA, OLS, SymSGD) is trained by a fully known estimator chain
    /// that has no normalizer, and its feature column holds raw data columns. Precision first: the rule stays silent when
    /// the features are produced by something that scales them (text featurization, one-hot encoding, missing-value
    /// indicators), by a step it cannot read, when the chain has any normalizer, and when the data was produced by another
    /// fitted transformer before this chain.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NormalizationMissingAnalyzer : MLNetAnalyzer
    {
        /// <summary>The default of every trainer's feature column (TrainerInputBase.FeatureColumnName).</summary>
        private const string DefaultFeatureColumn = "Features";

        private const string FeatureColumnOption = "FeatureColumnName";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.NormalizationMissing);

        private protected override void AnalyzeCompilation(CompilationStartAnalysisContext context, MLNetSymbols symbols)
        {
            var catalogs = new TransformCatalogs(symbols.Compilation);
            var chainSymbols = EstimatorChainSymbols.Get(symbols);
            context.RegisterOperationAction(operationContext => Analyze(operationContext, chainSymbols, catalogs), OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, EstimatorChainSymbols symbols, TransformCatalogs catalogs)
        {
            var trainer = (IInvocationOperation)context.Operation;
            var method = trainer.TargetMethod;
            if (symbols.MLNet.GetTrainerFacts(method.ReturnType) is not { RequiresNormalization: true } || !symbols.MLNet.IsTrainerFactory(method)
                || FeatureColumnOf(trainer) is not { } featureColumn)
            {
                return;
            }

            var unnormalized = false;
            foreach (var placement in EstimatorChainAnalysis.PlacementsOf(trainer, symbols, context.CancellationToken))
            {
                if (!placement.IsFullyKnown || HasNormalizer(placement.PrecedingSteps, catalogs))
                {
                    continue;
                }

                var input = placement.FitInput is { } data ? EstimatorChainAnalysis.DescribeFitInput(data, symbols, context.CancellationToken) : default;
                if (input.IsTransformed)
                {
                    return; // the data was prepared by another fitted pipeline: it may be normalized there
                }

                var steps = placement.PrecedingSteps;
                switch (Classify(featureColumn, steps, steps.Length, catalogs, 0))
                {
                    case Scale.Raw:
                        unnormalized = true;
                        break;
                    case Scale.Input:
                        // The feature vector is a column of the input as it is: raw only if the method loads that input.
                        unnormalized |= input.IsLoaded;
                        break;
                }
            }

            if (unnormalized)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NormalizationMissing, trainer.Syntax.GetLocation(), method.Name));
            }
        }

        /// <summary>
        /// The trainer's feature column: the <c>featureColumnName</c> argument (its default is "Features"), or
        /// <c>FeatureColumnName</c> in an options object created inline; null when it is not a constant the rule can read.
        /// </summary>
        private static string? FeatureColumnOf(IInvocationOperation trainer)
        {
            foreach (var argument in trainer.Arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null || EstimatorChainSymbols.IsReceiverArgument(argument, trainer))
                {
                    continue;
                }

                if (parameter.Name == "featureColumnName")
                {
                    return OperationHelpers.SkipConversions(argument.Value).ConstantValue is { HasValue: true, Value: string name } ? name : null;
                }

                if (TrainerOptionsAnalysis.HasMember(parameter.Type, FeatureColumnOption))
                {
                    return OperationHelpers.SkipConversions(argument.Value) is IObjectCreationOperation creation ? FeatureColumnOf(creation) : null;
                }
            }

            return null;
        }

        private static string? FeatureColumnOf(IObjectCreationOperation options)
        {
            if (options.Initializer is not null)
            {
                foreach (var initializer in options.Initializer.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member.Name: FeatureColumnOption } } assignment)
                    {
                        return OperationHelpers.SkipConversions(assignment.Value).ConstantValue is { HasValue: true, Value: string name } ? name : null;
                    }
                }
            }

            return DefaultFeatureColumn;
        }

        private static bool HasNormalizer(ImmutableArray<EstimatorStep> steps, TransformCatalogs catalogs)
        {
            foreach (var step in steps)
            {
                if (step.Kind == EstimatorStepKind.Transform && catalogs.IsNormalizer(step.Method))
                {
                    return true;
                }
            }

            return false;
        }

        private enum Scale
        {
            /// <summary>Assembled by the chain from columns of the input data, unscaled.</summary>
            Raw,

            /// <summary>
            /// A column of the input data as it is (or a copy, type conversion or missing-value replacement of it): raw when
            /// the data is loaded from its source, but it may also have been prepared before the chain.
            /// </summary>
            Input,

            /// <summary>Produced by a step whose output is on a bounded scale: text featurization, one-hot encoding, ...</summary>
            Safe,

            /// <summary>Produced by something the rule cannot judge.</summary>
            Unknown,
        }

        /// <summary>What scale <paramref name="column"/> has when it reaches step number <paramref name="before"/>.</summary>
        private static Scale Classify(string column, ImmutableArray<EstimatorStep> steps, int before, TransformCatalogs catalogs, int depth)
        {
            if (depth > 16)
            {
                return Scale.Unknown;
            }

            for (var i = before - 1; i >= 0; i--)
            {
                var step = steps[i];
                if (step.Kind == EstimatorStepKind.CacheCheckpoint)
                {
                    continue;
                }

                if (step.Columns.IsDefault)
                {
                    return Scale.Unknown; // it may write the column
                }

                foreach (var mapping in step.Columns)
                {
                    if (mapping.Output == column)
                    {
                        return ClassifyProducer(step, mapping, steps, i, catalogs, depth);
                    }
                }
            }

            return Scale.Input; // not written by the chain: a column of the data
        }

        private static Scale ClassifyProducer(EstimatorStep step, ColumnMapping mapping, ImmutableArray<EstimatorStep> steps, int index, TransformCatalogs catalogs, int depth)
        {
            if (catalogs.ProducesBoundedScale(step.Invocation))
            {
                return Scale.Safe;
            }

            if (!catalogs.KeepsScale(step.Method) || mapping.Inputs.IsDefaultOrEmpty)
            {
                return Scale.Unknown;
            }

            // Concatenating columns of the input assembles a feature vector from raw values; the others pass a column on.
            var assembles = step.Method.Name == "Concatenate";
            var anyInput = false;
            var allSafe = true;
            foreach (var input in mapping.Inputs)
            {
                switch (Classify(input, steps, index, catalogs, depth + 1))
                {
                    case Scale.Raw:
                        return Scale.Raw; // a raw column among the features is enough
                    case Scale.Input when assembles:
                        return Scale.Raw;
                    case Scale.Input:
                        anyInput = true;
                        break;
                    case Scale.Unknown:
                        allSafe = false;
                        break;
                }
            }

            return anyInput ? Scale.Input : allSafe ? Scale.Safe : Scale.Unknown;
        }

        /// <summary>The ML.NET transform catalogs the rule recognises, resolved once per compilation.</summary>
        private sealed class TransformCatalogs
        {
            private readonly INamedTypeSymbol? _normalization;
            private readonly INamedTypeSymbol? _text;
            private readonly INamedTypeSymbol? _categorical;
            private readonly INamedTypeSymbol? _extensions;
            private readonly INamedTypeSymbol? _transformExtensions;
            private readonly INamedTypeSymbol? _conversions;

            public TransformCatalogs(Compilation compilation)
            {
                _normalization = compilation.GetTypeByMetadataName("Microsoft.ML.NormalizationCatalog");
                _text = compilation.GetTypeByMetadataName("Microsoft.ML.TextCatalog");
                _categorical = compilation.GetTypeByMetadataName("Microsoft.ML.CategoricalCatalog");
                _extensions = compilation.GetTypeByMetadataName("Microsoft.ML.ExtensionsCatalog");
                _transformExtensions = compilation.GetTypeByMetadataName("Microsoft.ML.TransformExtensionsCatalog");
                _conversions = compilation.GetTypeByMetadataName("Microsoft.ML.ConversionsExtensionsCatalog");
            }

            /// <summary>Any <c>ml.Transforms.Normalize*</c> (min-max, mean-variance, log, binning, supervised binning, robust scaling, Lp norm, global contrast).</summary>
            public bool IsNormalizer(IMethodSymbol method) => Is(method, _normalization) && method.Name.StartsWith("Normalize", System.StringComparison.Ordinal);

            /// <summary>
            /// Outputs on a bounded scale: FeaturizeText (rows normalized to unit L2 norm by default), one-hot encoding into
            /// indicator or binary vectors (the default output kind), missing-value indicators (0/1), and normalizers.
            /// </summary>
            public bool ProducesBoundedScale(IInvocationOperation invocation)
            {
                var method = invocation.TargetMethod;
                if (IsNormalizer(method)
                    || (Is(method, _text) && method.Name == "FeaturizeText")
                    || (Is(method, _extensions) && method.Name == "IndicateMissingValues"))
                {
                    return true;
                }

                return Is(method, _categorical)
                    && method.Name is "OneHotEncoding" or "OneHotHashEncoding"
                    && IsIndicatorOutput(invocation);
            }

            /// <summary>Concatenate, CopyColumns, ConvertType, ReplaceMissingValues: the output has the scale of the inputs.</summary>
            public bool KeepsScale(IMethodSymbol method) =>
                (Is(method, _transformExtensions) && method.Name is "Concatenate" or "CopyColumns")
                || (Is(method, _conversions) && method.Name == "ConvertType")
                || (Is(method, _extensions) && method.Name == "ReplaceMissingValues");

            /// <summary>The <c>outputKind</c> argument is (or defaults to) <c>Indicator</c> or <c>Binary</c>; <c>Bag</c> gives counts.</summary>
            private static bool IsIndicatorOutput(IInvocationOperation invocation)
            {
                if (EstimatorChainSymbols.ArgumentFor(invocation, "outputKind") is not { } argument)
                {
                    return false; // the ColumnOptions overloads: options the rule does not read
                }

                var value = OperationHelpers.SkipConversions(argument.Value).ConstantValue;
                if (!value.HasValue || argument.Parameter?.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } kind)
                {
                    return false;
                }

                foreach (var member in kind.GetMembers())
                {
                    if (member is IFieldSymbol { HasConstantValue: true, Name: "Indicator" or "Binary" } field && Equals(field.ConstantValue, value.Value))
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool Is(IMethodSymbol method, INamedTypeSymbol? catalog) =>
                catalog is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, catalog);
        }
    }
}
