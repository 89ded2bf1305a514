using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Evaluation;
using MLOps.Analyzers.Infrastructure;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Generators
{
    /// <summary>
    /// Turns one trainer call into the equatable <see cref="PipelineModel"/> of the manifest. It only asks the semantic
    /// model the analyzers use (Model/: EstimatorChainAnalysis, DataFlow, DataPaths, SeedInfo, TrainerFacts,
    /// TrainerOptionsAnalysis, ChainColumns, DataSchema): there is no second extractor. Nothing it returns refers to a
    /// symbol, syntax node or operation.
    /// </summary>
    internal static partial class PipelineExtractor
    {
        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

        private static readonly SymbolDisplayFormat MemberFormat = new SymbolDisplayFormat(
            globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            memberOptions: SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeParameters,
            parameterOptions: SymbolDisplayParameterOptions.IncludeType,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        /// <summary>The trainer-call shape the generator looks for (<see cref="PipelineOwners.IsTrainerCall"/>).</summary>
        public static bool IsTrainerCallSyntax(SyntaxNode node, CancellationToken cancellationToken) => PipelineOwners.IsTrainerCall(node);

        /// <summary>
        /// Every pipeline of one member (see <see cref="PipelineOwners"/>): the member is bound once and what its pipelines
        /// share (uses of each fit, contexts, call sites, ordinals) is computed once. A pipeline that cannot be read is left out.
        /// </summary>
        public static EquatableArray<PipelineModel> ExtractMember(SemanticModel semanticModel, SyntaxNode owner, CancellationToken cancellationToken)
        {
            if (MLNetSymbols.TryCreate(semanticModel.Compilation) is not { } symbols)
            {
                return EquatableArray<PipelineModel>.Empty;
            }

            var calls = PipelineOwners.TrainerCalls(owner);
            var facts = new MemberFacts(semanticModel, cancellationToken);
            var pipelines = new List<PipelineModel>(calls.Count);
            foreach (var call in calls)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    if (semanticModel.GetOperation(call, cancellationToken) is IInvocationOperation trainer
                        && symbols.IsTrainerFactory(trainer.TargetMethod)
                        && !IsWrappedTrainer(trainer, symbols))
                    {
                        Interlocked.Increment(ref _extractions);
                        pipelines.Add(new Extraction(semanticModel, symbols, trainer, facts, cancellationToken).Run());
                    }
                }
                catch (OperationCanceledException)
                {
                    throw;
                }
                catch (Exception)
                {
                    // A generator must never fail the build: a pipeline the model cannot read is left out of the manifest.
                }
            }

            return pipelines.ToEquatable();
        }

        /// <summary>One trainer call's pipeline (tests and tools); the generator extracts whole members.</summary>
        public static PipelineModel? Extract(SemanticModel semanticModel, SyntaxNode node, CancellationToken cancellationToken)
        {
            if (MLNetSymbols.TryCreate(semanticModel.Compilation) is not { } symbols
                || semanticModel.GetOperation(node, cancellationToken) is not IInvocationOperation trainer
                || !symbols.IsTrainerFactory(trainer.TargetMethod)
                || IsWrappedTrainer(trainer, symbols))
            {
                return null;
            }

            var facts = new MemberFacts(semanticModel, cancellationToken);
            return new Extraction(semanticModel, symbols, trainer, facts, cancellationToken).Run();
        }

        private static long _extractions;

        /// <summary>How many pipelines this process has extracted (benchmarks count what a driver re-run recomputes).</summary>
        internal static long ExtractionCount => Interlocked.Read(ref _extractions);

        /// <summary>A binary trainer passed to <c>OneVersusAll</c>/<c>PairwiseCoupling</c>: the wrapper is the pipeline's trainer.</summary>
        private static bool IsWrappedTrainer(IInvocationOperation trainer, MLNetSymbols symbols) =>
            OperationHelpers.ParentSkippingConversions(trainer) is IArgumentOperation { Parent: IInvocationOperation outer }
            && symbols.IsTrainerFactory(outer.TargetMethod);

        private sealed partial class Extraction
        {
            private readonly SemanticModel _semanticModel;
            private readonly MLNetSymbols _symbols;
            private readonly EstimatorChainSymbols _chain;
            private readonly IInvocationOperation _trainer;
            private readonly CancellationToken _cancellationToken;
            private readonly PathSymbols _paths;
            private readonly MemberFacts _facts;
            private readonly List<string> _reasons = new List<string>();
            private int _callSiteDepth;
            private readonly Dictionary<string, ITypeSymbol> _rowTypes = new Dictionary<string, ITypeSymbol>(StringComparer.Ordinal);

            public Extraction(SemanticModel semanticModel, MLNetSymbols symbols, IInvocationOperation trainer, MemberFacts facts, CancellationToken cancellationToken)
            {
                _facts = facts;
                _semanticModel = semanticModel;
                _symbols = symbols;
                _chain = EstimatorChainSymbols.Get(symbols);
                _trainer = trainer;
                _cancellationToken = cancellationToken;
                _paths = PathSymbols.Get(semanticModel.Compilation);
            }

            public PipelineModel Run()
            {
                var enclosing = _semanticModel.GetEnclosingSymbol(_trainer.Syntax.SpanStart, _cancellationToken);
                var member = enclosing is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } inner
                    ? ContainingMember(inner)
                    : enclosing;

                var placements = EstimatorChainAnalysis.PlacementsOf(_trainer, _chain, _cancellationToken);
                var primary = Primary(placements);
                var steps = StepsOf(primary, out var chainKnown);

                // A method that builds the chain and returns it: the fits are at its call sites in the same file.
                FactoryModel? factory = null;
                IInvocationOperation? factoryCall = null;
                var fits = new List<TrainerPlacement>();
                foreach (var placement in placements)
                {
                    if (placement.Fit is not null)
                    {
                        fits.Add(placement);
                    }
                }

                var inNestedFunction = !SymbolEqualityComparer.Default.Equals(enclosing, member);
                if (primary is { Fit: null, Chain: { } returned } && !inNestedFunction && member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && IsReturned(returned))
                {
                    factory = DescribeFactory(method);
                    foreach (var call in _facts.CallSitesOf(method))
                    {
                        factoryCall ??= call;
                        foreach (var placement in EstimatorChainAnalysis.PlacementsOfChain(call, _chain, _cancellationToken))
                        {
                            if (placement.Fit is not null)
                            {
                                fits.Add(placement);
                            }
                        }
                    }
                }

                if (!chainKnown)
                {
                    _reasons.Add("Part of the estimator chain is built where the model cannot see it (a parameter, a field, another file or a branch).");
                }

                var context = DescribeContext(EstimatorChainAnalysis.FindContext(_trainer, _chain), factoryCall);
                var stepModels = DescribeSteps(steps, context);
                var data = new List<DataModel>();
                var evaluations = new List<EvaluationModel>();
                var saves = new List<SaveModel>();
                var loads = new List<LoadModel>();
                foreach (var fit in fits)
                {
                    DescribeFit(fit, data, evaluations, saves, loads);
                }

                var task = ChainColumns.TaskOf(_trainer.TargetMethod).ToString();
                var memberName = member is null ? "<unknown>" : ReadableName(member);
                var typeName = member?.ContainingType is { } type ? type.ToDisplayString(TypeFormat) : "<global>";
                var trainerPath = EstimatorChainAnalysis.CatalogPath(_trainer);
                var id = typeName + "." + memberName + "/" + trainerPath + Ordinal(member);
                var deterministic = Verdict(context, stepModels, data, chainKnown);

                return new PipelineModel(
                    Id: id,
                    Name: NameOf(factory, fits, memberName, trainerPath),
                    Task: task,
                    Source: SourceOf(_trainer.Syntax, member),
                    Context: context,
                    ChainFullyKnown: chainKnown,
                    Steps: stepModels.ToEquatable(),
                    Data: Distinct(data).ToEquatable(),
                    Evaluations: Distinct(evaluations).ToEquatable(),
                    Saves: Distinct(saves).ToEquatable(),
                    Loads: Distinct(loads).ToEquatable(),
                    Factory: factory,
                    Deterministic: deterministic,
                    Reasons: _reasons.Distinct(StringComparer.Ordinal).ToEquatable(),
                    DataContracts: DescribeContracts());
            }

            private static ISymbol? ContainingMember(ISymbol symbol)
            {
                var current = symbol;
                while (current is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
                {
                    current = current.ContainingSymbol;
                }

                return current;
            }

            /// <summary>The placement whose chain the manifest describes: the first one that is fitted, else the first one with a chain.</summary>
            private static TrainerPlacement? Primary(ImmutableArray<TrainerPlacement> placements)
            {
                TrainerPlacement? first = null;
                foreach (var placement in placements)
                {
                    if (placement.Chain is null)
                    {
                        continue;
                    }

                    if (placement.Fit is not null)
                    {
                        return placement;
                    }

                    first ??= placement;
                }

                return first;
            }

            private ImmutableArray<EstimatorStep> StepsOf(TrainerPlacement? primary, out bool known)
            {
                if (primary?.Chain is { } chain)
                {
                    var steps = EstimatorChainAnalysis.StepsOf(chain, _chain, _cancellationToken, out var stepsKnown, primary.Element);
                    foreach (var step in steps)
                    {
                        if (step.Invocation.Syntax == _trainer.Syntax)
                        {
                            known = stepsKnown && primary.IsFullyKnown;
                            return steps;
                        }
                    }
                }

                // The chain could not be read as a whole: the steps before the trainer, then the trainer.
                known = false;
                var before = primary?.PrecedingSteps ?? ImmutableArray<EstimatorStep>.Empty;
                return before.Add(new EstimatorStep(EstimatorStepKind.Trainer, EstimatorChainAnalysis.CatalogPath(_trainer), _trainer, default));
            }

            private static bool IsReturned(IOperation chain) =>
                OperationHelpers.ParentSkippingConversions(chain) is IReturnOperation;

            /// <summary>
            /// The factory as the manifest names it: the type a call names (for a C# 14 extension member, the static class
            /// that declares it), the method, its parameter types (which overload), and whether the call generated tests
            /// write, <c>global::Type.Method(ml)</c>, compiles and binds to this overload.
            /// </summary>
            private FactoryModel DescribeFactory(IMethodSymbol method)
            {
                // A C# 14 extension block is an unnamed type nested in its static class; its static members are called
                // through the static class (the compiler emits them there with the same parameters).
                var extensionBlock = IsExtensionBlock(method.ContainingType);
                var callType = extensionBlock ? method.ContainingType.ContainingType : method.ContainingType;
                var parameters = method.Parameters
                    .Select(p => RefKindPrefix(p.RefKind) + (p.IsParams ? "params " : string.Empty) + p.Type.ToDisplayString(TypeFormat))
                    .ToEquatable();
                var required = method.Parameters.Where(p => !p.IsOptional && !p.IsParams).ToList();
                string? reason = null;
                if (!method.IsStatic)
                {
                    reason = "not static";
                }
                else if (callType is null || !CanBeNamed(callType) || !method.CanBeReferencedByName)
                {
                    reason = "its type cannot be named in C#";
                }
                else if (method.IsGenericMethod || HasGenericContainer(method))
                {
                    reason = "generic (or in a generic type)";
                }
                else if (!ReturnsEstimator(method.ReturnType))
                {
                    reason = "it does not return an estimator (IEstimator<ITransformer>)";
                }
                else if (!IsPublic(method) || (extensionBlock && !IsPublic(callType)))
                {
                    reason = "not public (or in a type that is not public)";
                }
                else if (required.Count != 1 || !_symbols.IsMLContext(required[0].Type))
                {
                    reason = "its parameters are not a single MLContext";
                }
                else if (required[0].RefKind is not (RefKind.None or RefKind.In))
                {
                    reason = "its MLContext parameter is passed by " + (required[0].RefKind == RefKind.Out ? "out" : "ref") + ", which a call with a plain MLContext cannot satisfy";
                }
                else if (GeneratedCallProblem(method, callType, extensionBlock) is { } problem)
                {
                    reason = problem;
                }

                return new FactoryModel((callType ?? method.ContainingType).ToDisplayString(TypeFormat), method.Name, parameters, reason is null, reason);
            }

            private static string RefKindPrefix(RefKind kind) => kind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                _ => (int)kind == 4 ? "ref readonly " : string.Empty, // RefKind.RefReadOnlyParameter (C# 12)
            };

            /// <summary>A C# 14 <c>extension(...)</c> block: a type that cannot be named, nested in a static class.</summary>
            private static bool IsExtensionBlock(INamedTypeSymbol? type) =>
                type is { ContainingType: { IsStatic: true } }
                && (type.TypeKind.ToString() == "Extension" || !type.CanBeReferencedByName);

            private static bool CanBeNamed(INamedTypeSymbol type)
            {
                for (var current = type; current is not null; current = current.ContainingType)
                {
                    if (!current.CanBeReferencedByName || current.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface))
                    {
                        return false;
                    }
                }

                return true;
            }

            /// <summary>
            /// Binds the call the generated tests write, <c>global::Type.Method(default(MLContext))</c>, outside any type of
            /// this file (so private members do not count): null when it binds to this method, else why not (two
            /// overloads that a call with one MLContext cannot choose between, or another overload that it prefers).
            /// </summary>
            private string? GeneratedCallProblem(IMethodSymbol method, INamedTypeSymbol callType, bool extensionBlock)
            {
                var text = "global::" + callType.ToDisplayString(TypeFormat) + "." + EscapedName(method.Name) + "(default(global::Microsoft.ML.MLContext))";
                var parseOptions = _semanticModel.SyntaxTree.Options as Microsoft.CodeAnalysis.CSharp.CSharpParseOptions;
                var call = Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ParseExpression(text, options: parseOptions);
                var info = _semanticModel.GetSpeculativeSymbolInfo(0, call, SpeculativeBindingOption.BindAsExpression);
                if (info.Symbol is IMethodSymbol bound)
                {
                    return IsSameMethod(bound, method, extensionBlock)
                        ? null
                        : "a call with only the MLContext, " + callType.Name + "." + method.Name + "(ml), calls another overload (" + bound.ToDisplayString(MemberFormat) + ")";
                }

                var candidates = info.CandidateSymbols.OfType<IMethodSymbol>().Select(m => m.ToDisplayString(MemberFormat)).Distinct(StringComparer.Ordinal).OrderBy(m => m, StringComparer.Ordinal).ToList();
                return info.CandidateReason == CandidateReason.OverloadResolutionFailure || info.CandidateReason == CandidateReason.Ambiguous || candidates.Count > 1
                    ? "a call with only the MLContext, " + callType.Name + "." + method.Name + "(ml), is ambiguous between its overloads" + (candidates.Count > 0 ? " (" + string.Join(", ", candidates) + ")" : string.Empty)
                    : "a call with only the MLContext, " + callType.Name + "." + method.Name + "(ml), does not compile";
            }

            private static bool IsSameMethod(IMethodSymbol bound, IMethodSymbol method, bool extensionBlock)
            {
                if (SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, method.OriginalDefinition))
                {
                    return true;
                }

                // The static class's implementation of an extension block's static member: same name, same parameters.
                return extensionBlock
                    && bound.Name == method.Name
                    && SymbolEqualityComparer.Default.Equals(bound.ContainingType, method.ContainingType.ContainingType)
                    && bound.Parameters.Length == method.Parameters.Length
                    && bound.Parameters.Zip(method.Parameters, (a, b) => a.RefKind == b.RefKind && SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same);
            }

            private static string EscapedName(string name) =>
                Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

            private static bool HasGenericContainer(IMethodSymbol method)
            {
                for (var type = method.ContainingType; type is not null; type = type.ContainingType)
                {
                    if (type.TypeParameters.Length > 0)
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>The type is <c>IEstimator&lt;T&gt;</c> or implements it (a chain, a trainer), so it converts to <c>IEstimator&lt;ITransformer&gt;</c>.</summary>
            private bool ReturnsEstimator(ITypeSymbol type) => OperationHelpers.IsOrImplements(type, _symbols.Estimator);

            private static bool IsPublic(ISymbol symbol)
            {
                for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
                {
                    if (current.DeclaredAccessibility != Accessibility.Public)
                    {
                        return false;
                    }
                }

                return true;
            }

            private ContextModel DescribeContext(IOperation? reference, IInvocationOperation? factoryCall)
            {
                // A local's or field's context does not depend on the factory call (only parameters do): one answer per member.
                var symbol = reference is null ? null : OperationHelpers.SkipConversions(reference) switch
                {
                    ILocalReferenceOperation local => (ISymbol)local.Local,
                    IFieldReferenceOperation { Field.IsReadOnly: true } field => field.Field,
                    _ => null,
                };
                if (symbol is null)
                {
                    return DescribeContextUncached(reference, factoryCall);
                }

                if (!_facts.Contexts.TryGetValue(symbol, out var model))
                {
                    model = DescribeContextUncached(reference, factoryCall);
                    _facts.Contexts[symbol] = model;
                }

                return model;
            }

            private ContextModel DescribeContextUncached(IOperation? reference, IInvocationOperation? factoryCall)
            {
                var seed = ResolveContextSeed(reference, factoryCall, 0);
                var model = seed switch
                {
                    { Kind: SeedKind.Constant, Value: { } value } => new ContextModel(ConstantValues.Render(value, null), "constant"),
                    { Kind: SeedKind.None } => new ContextModel(null, "null"),
                    { Kind: SeedKind.NonNull } => new ContextModel(null, "nonConstant"),
                    _ => new ContextModel(null, "unknown"),
                };
                return model;
            }

            private SeedInfo? ResolveContextSeed(IOperation? reference, IInvocationOperation? factoryCall, int depth)
            {
                if (reference is null || depth > 4)
                {
                    return null;
                }

                IOperation? value = OperationHelpers.SkipConversions(reference) switch
                {
                    IObjectCreationOperation creation => creation,
                    ILocalReferenceOperation local => OperationHelpers.FindSingleInitializer(local),
                    IFieldReferenceOperation { Field.IsReadOnly: true } field => OperationHelpers.GetFieldInitializer(field.Field, field),
                    IParameterReferenceOperation parameter when factoryCall is not null
                        && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol?.OriginalDefinition, factoryCall.TargetMethod.OriginalDefinition)
                        => EstimatorChainSymbols.ArgumentFor(factoryCall, parameter.Parameter.Ordinal)?.Value,
                    _ => null,
                };

                if (value is null)
                {
                    return null;
                }

                value = OperationHelpers.SkipConversions(value);
                if (value is IObjectCreationOperation created && _symbols.IsMLContext(created.Type))
                {
                    return SeedInfo.FromArgument(SeedInfo.FindSeedArgument(created.Arguments));
                }

                return ResolveContextSeed(value, null, depth + 1);
            }

            private List<StepModel> DescribeSteps(ImmutableArray<EstimatorStep> steps, ContextModel context)
            {
                var models = new List<StepModel>(steps.Length);
                for (var i = 0; i < steps.Length; i++)
                {
                    models.Add(DescribeStep(i, steps[i], context));
                }

                return models;
            }

            private StepModel DescribeStep(int index, EstimatorStep step, ContextModel context)
            {
                var invocation = step.Invocation;
                if (step.Kind == EstimatorStepKind.CacheCheckpoint)
                {
                    return new StepModel(index, "cacheCheckpoint", step.CatalogPath, null, EquatableArray<ArgumentModel>.Empty, null, null, null);
                }

                var arguments = DescribeArguments(invocation);
                var role = step.Kind == EstimatorStepKind.Trainer ? "trainer"
                    : invocation.TargetMethod.Name is "CustomMapping" or "StatefulCustomMapping" or "Expression" ? "custom"
                    : "transform";
                EquatableArray<string>? inputs = null;
                EquatableArray<string>? outputs = null;
                RandomnessModel? randomness;
                if (step.Kind == EstimatorStepKind.Trainer)
                {
                    (inputs, outputs) = TrainerColumns(step);
                    randomness = TrainerRandomness(invocation, arguments, context);
                    if (WrappedTrainer(invocation) is { } wrapped)
                    {
                        // OneVersusAll/PairwiseCoupling: the binary trainer they train per class is part of the step, its
                        // arguments (prefixed with the parameter's name) in the hash, its randomness in the verdict.
                        var (parameter, inner) = wrapped;
                        var innerArguments = DescribeArguments(inner);
                        arguments = arguments.Where(a => a.Name != parameter)
                            .Append(new ArgumentModel(parameter, JsonWriter.Quote(EstimatorChainAnalysis.CatalogPath(inner)), ConstantValues.Literal))
                            .Concat(innerArguments.Select(a => a with { Name = parameter + "." + a.Name }))
                            .OrderBy(a => a.Name, StringComparer.Ordinal)
                            .ToEquatable();
                        var innerFeatures = ChainColumns.TrainerColumn(inner, "featureColumnName", "FeatureColumnName", ChainColumns.DefaultFeatures);
                        if (innerFeatures is not null && inputs is { } known && !known.Contains(innerFeatures))
                        {
                            inputs = known.Append(innerFeatures).ToEquatable();
                        }

                        randomness = Combine(randomness, TrainerRandomness(inner, innerArguments, context));
                    }
                }
                else
                {
                    if (!step.Columns.IsDefault)
                    {
                        var read = new List<string>();
                        var written = new List<string>();
                        var allInputsKnown = true;
                        foreach (var mapping in step.Columns)
                        {
                            written.Add(mapping.Output);
                            if (mapping.Inputs.IsDefault)
                            {
                                allInputsKnown = false;
                                continue;
                            }

                            read.AddRange(mapping.Inputs);
                        }

                        outputs = written.Distinct(StringComparer.Ordinal).ToEquatable();
                        inputs = allInputsKnown ? read.Distinct(StringComparer.Ordinal).ToEquatable() : null;
                    }

                    randomness = TransformRandomness(invocation, arguments, context);
                }

                return new StepModel(
                    index,
                    role,
                    step.CatalogPath,
                    invocation.TargetMethod.ReturnType.ToDisplayString(TypeFormat),
                    arguments,
                    inputs,
                    outputs,
                    randomness);
            }

            /// <summary>The binary trainer passed to <c>OneVersusAll</c>/<c>PairwiseCoupling</c> (its parameter name and the call), or null.</summary>
            private (string Parameter, IInvocationOperation Trainer)? WrappedTrainer(IInvocationOperation wrapper)
            {
                foreach (var argument in wrapper.Arguments)
                {
                    if (argument.Parameter is { } parameter
                        && OperationHelpers.SkipConversions(argument.Value) is IInvocationOperation inner
                        && _symbols.IsTrainerFactory(inner.TargetMethod))
                    {
                        return (parameter.Name, inner);
                    }
                }

                return null;
            }

            /// <summary>The randomness of a wrapper and the trainer it wraps: the less deterministic one decides.</summary>
            private static RandomnessModel? Combine(RandomnessModel? outer, RandomnessModel? inner)
            {
                if (outer is null || inner is null)
                {
                    return outer ?? inner;
                }

                var rank = new Dictionary<string, int>(StringComparer.Ordinal) { ["true"] = 0, ["unknown"] = 1, ["false"] = 2 };
                return rank[inner.Deterministic] > rank[outer.Deterministic] ? inner : outer;
            }

            /// <summary>Every argument but the catalog: simple arguments by parameter name, inline options objects member by member.</summary>
            private EquatableArray<ArgumentModel> DescribeArguments(IInvocationOperation invocation)
            {
                var arguments = new List<ArgumentModel>();
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is not { } parameter || EstimatorChainSymbols.IsReceiverArgument(argument, invocation))
                    {
                        continue;
                    }

                    if (argument.ArgumentKind != ArgumentKind.DefaultValue
                        && OperationHelpers.SkipConversions(argument.Value) is IObjectCreationOperation { Initializer: { } } creation
                        && parameter.Type.TypeKind == TypeKind.Class
                        && parameter.Type.SpecialType == SpecialType.None)
                    {
                        AddObjectMembers(parameter.Name, creation, arguments, 0);
                        continue;
                    }

                    arguments.Add(ConstantValues.Argument(parameter.Name, argument));
                }

                arguments.Sort((a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name));
                return arguments.ToEquatable();
            }

            private static void AddObjectMembers(string prefix, IObjectCreationOperation creation, List<ArgumentModel> arguments, int depth)
            {
                var other = 0;
                foreach (var initializer in creation.Initializer!.Initializers)
                {
                    if (initializer is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment)
                    {
                        // A collection element or nested member initializer: recorded as not constant, one key each.
                        other++;
                        arguments.Add(new ArgumentModel(prefix + ".<initializer" + other.ToString(System.Globalization.CultureInfo.InvariantCulture) + ">", null, ConstantValues.NonConstant));
                        continue;
                    }

                    var name = prefix + "." + target.Member.Name;
                    if (depth < 3 && OperationHelpers.SkipConversions(assignment.Value) is IObjectCreationOperation { Initializer: { } } nested)
                    {
                        AddObjectMembers(name, nested, arguments, depth + 1);
                        continue;
                    }

                    arguments.Add(ConstantValues.Value(name, assignment.Value));
                }
            }

            private (EquatableArray<string>? Inputs, EquatableArray<string>? Outputs) TrainerColumns(EstimatorStep step)
            {
                var invocation = step.Invocation;
                var inputs = new List<string>();
                var label = ChainColumns.TrainerColumn(invocation, "labelColumnName", "LabelColumnName", ChainColumns.DefaultLabel);
                var features = ChainColumns.TrainerColumn(invocation, "featureColumnName", "FeatureColumnName", ChainColumns.DefaultFeatures);
                // Only ranking trainers read a group column (the options of the others inherit RowGroupColumnName = null).
                var group = ChainColumns.TaskOf(invocation.TargetMethod) == TrainerTask.Ranking
                    ? ChainColumns.TrainerColumn(invocation, "rowGroupColumnName", "RowGroupColumnName", ChainColumns.DefaultGroupId)
                    : null;
                var weight = ChainColumns.TrainerColumn(invocation, "exampleWeightColumnName", "ExampleWeightColumnName", string.Empty);
                foreach (var column in new[] { label, features, group, weight })
                {
                    if (!string.IsNullOrEmpty(column))
                    {
                        inputs.Add(column!);
                    }
                }

                var written = new HashSet<string>(StringComparer.Ordinal);
                EquatableArray<string>? outputs = ChainColumns.TryAddOutputs(step, written)
                    ? written.OrderBy(c => c, StringComparer.Ordinal).ToEquatable()
                    : null;
                return (inputs.Count == 0 ? null : inputs.ToEquatable(), outputs);
            }

            private RandomnessModel? TrainerRandomness(IInvocationOperation invocation, EquatableArray<ArgumentModel> arguments, ContextModel context)
            {
                var facts = _symbols.GetTrainerFacts(invocation.TargetMethod.ReturnType);
                var name = invocation.TargetMethod.Name;
                if (facts is null)
                {
                    _reasons.Add(name + ": not in the trainer-facts table; its randomness and threading are not known.");
                    return new RandomnessModel(null, "unknown", "unknown", "unknown");
                }

                if (!facts.UsesRandomness && facts.ThreadDeterminism == ThreadDeterminism.Deterministic)
                {
                    return null;
                }

                string? seedJson;
                string seedProvenance;
                if (FindArgument(arguments, "seed", "options.Seed") is { } explicitSeed && explicitSeed.Provenance != ConstantValues.Default)
                {
                    seedJson = explicitSeed.ValueJson;
                    seedProvenance = "explicit";
                }
                else if (!facts.UsesRandomness)
                {
                    seedJson = null;
                    seedProvenance = "notApplicable";
                }
                else if (facts.OwnSeedDefault is { } ownSeed)
                {
                    seedJson = ConstantValues.Render(ownSeed, null);
                    seedProvenance = "fixedInternal";
                }
                else if (context.SeedKind == "null")
                {
                    seedJson = null;
                    seedProvenance = "unseeded";
                    _reasons.Add(name + " draws its random numbers from an MLContext created without a seed.");
                }
                else
                {
                    seedJson = context.SeedJson;
                    seedProvenance = "mlContext";
                }

                string threads;
                var deterministic = "true";
                if (facts.ThreadDeterminism == ThreadDeterminism.Deterministic)
                {
                    threads = "notApplicable";
                }
                else
                {
                    var useDeterministic = facts.ThreadDeterminism == ThreadDeterminism.NotGuaranteedUnlessDeterministic;
                    switch (TrainerOptionsAnalysis.Evaluate(invocation, useDeterministic, out _))
                    {
                        case ThreadConfiguration.Deterministic:
                            threads = "single";
                            break;
                        case ThreadConfiguration.MultiThreaded:
                            threads = "multi";
                            deterministic = "false";
                            _reasons.Add(name + " trains on several threads and its result is not guaranteed to be the same from run to run (set "
                                + (useDeterministic ? "Deterministic = true" : "NumberOfThreads = 1") + ").");
                            break;
                        default:
                            threads = "unknown";
                            deterministic = "unknown";
                            _reasons.Add(name + ": the thread settings are not visible (options object built elsewhere).");
                            break;
                    }
                }

                if (seedProvenance == "unseeded")
                {
                    deterministic = "false";
                }
                else if (seedProvenance == "mlContext" && context.SeedKind != "constant" && deterministic == "true")
                {
                    deterministic = "unknown";
                }

                return new RandomnessModel(seedJson, seedProvenance, threads, deterministic);
            }

            /// <summary>Transforms with a <c>seed</c> parameter (random projections, PCA, ...) draw from it, else from the context.</summary>
            private RandomnessModel? TransformRandomness(IInvocationOperation invocation, EquatableArray<ArgumentModel> arguments, ContextModel context)
            {
                if (FindArgument(arguments, "seed", "options.Seed") is not { } seed)
                {
                    return null;
                }

                if (seed.Provenance != ConstantValues.Default && seed.ValueJson != "null")
                {
                    return new RandomnessModel(seed.ValueJson, "explicit", "notApplicable", seed.ValueJson is null ? "unknown" : "true");
                }

                if (context.SeedKind == "null")
                {
                    _reasons.Add(invocation.TargetMethod.Name + " draws its random numbers from an MLContext created without a seed.");
                    return new RandomnessModel(null, "unseeded", "notApplicable", "false");
                }

                return new RandomnessModel(context.SeedJson, "mlContext", "notApplicable", context.SeedKind == "constant" ? "true" : "unknown");
            }

            private static ArgumentModel? FindArgument(EquatableArray<ArgumentModel> arguments, string name, string optionName)
            {
                foreach (var argument in arguments)
                {
                    if (argument.Name == name || argument.Name == optionName)
                    {
                        return argument;
                    }
                }

                return null;
            }

            private void DescribeFit(TrainerPlacement placement, List<DataModel> data, List<EvaluationModel> evaluations, List<SaveModel> saves, List<LoadModel> loads)
            {
                var fit = placement.Fit!;
                DataSource? trainSource = null;
                if (placement.FitInput is { } input)
                {
                    trainSource = DataFlow.Resolve(input, _chain, _cancellationToken);
                    data.Add(DescribeData(trainSource, "train"));
                }

                if (_symbols.IsCrossValidate(fit.TargetMethod))
                {
                    evaluations.Add(new EvaluationModel(
                        EstimatorChainAnalysis.CatalogPath(fit),
                        fit.TargetMethod.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                        LabelArgument(fit),
                        "crossValidation",
                        EquatableArray<string>.Empty,
                        SourceOf(fit.Syntax, null)));
                    return;
                }

                if (!_symbols.IsEstimatorFit(fit.TargetMethod))
                {
                    return; // Preview
                }

                // What the body does with each fitted model (evaluations, saves, loads) is found once per body and shared
                // by every pipeline and fit of the member: one walk, one resolution per call.
                var root = OperationHelpers.GetRoot(fit);
                var uses = _facts.UsesOf(root, this);
                if (uses.ByFit.TryGetValue(fit.Syntax, out var ofThisFit))
                {
                    foreach (var use in ofThisFit)
                    {
                        if (use.Save is { } save)
                        {
                            saves.Add(save);
                        }
                        else if (use.Evaluation is { } evaluation)
                        {
                            AddEvaluation(evaluation, trainSource, data, evaluations);
                        }
                    }
                }

                loads.AddRange(uses.Loads);

                // The model returned in a tuple literal: what the method's callers do with that element.
                AddTupleCallerUses(fit, trainSource, data, evaluations, saves);

                // Loads count only when they read a file this pipeline saves.
                loads.RemoveAll(load => load.Path.Value is null || !saves.Any(save => save.Path.Value == load.Path.Value));
            }

            /// <summary>
            /// Every call of <paramref name="root"/> that uses a fitted model, resolved once: each <c>Evaluate</c> of data a
            /// <c>Transform</c> scored (also in a helper of the compilation the model is passed to, one level deep, with its saves), each
            /// <c>Model.Save</c>, each <c>Model.Load</c>, in the order of the body.
            /// </summary>
            internal FitUses FindUses(IOperation root)
            {
                var uses = new FitUses();
                var evaluationCalls = EvaluationCalls.Create(_symbols);
                foreach (var operation in root.Descendants())
                {
                    if (operation is not IInvocationOperation call)
                    {
                        continue;
                    }

                    _cancellationToken.ThrowIfCancellationRequested();
                    var method = call.TargetMethod;
                    if (method.Name is "Evaluate" or "EvaluateNonCalibrated" && evaluationCalls.IsEvaluation(method))
                    {
                        if (ResolveEvaluation(call, null, root) is { } resolved)
                        {
                            uses.Add(resolved.Fit, new FitUse(resolved, null));
                        }

                        continue;
                    }

                    if (HelperBody(call) is { } helperBody && ModelsPassedTo(call) is { Count: > 0 } passed)
                    {
                        // A helper of the compilation the fitted model is passed to (Evaluate(ml, model, testSet),
                        // SaveModel(ml, model, path)), in this file or another: its evaluations and saves of that model,
                        // one level deep. ModelUses (cached per compilation) says first whether the helper evaluates or
                        // saves the parameter at all, so a helper that only predicts is not walked.
                        var helper = call.TargetMethod.OriginalDefinition;
                        foreach (var inner in helperBody.Descendants())
                        {
                            if (inner is not IInvocationOperation innerCall)
                            {
                                continue;
                            }

                            if (innerCall.TargetMethod is { Name: "Evaluate" or "EvaluateNonCalibrated" } innerMethod
                                && evaluationCalls.IsEvaluation(innerMethod)
                                && ResolveEvaluation(innerCall, call, root) is { } resolved
                                && passed.Contains(resolved.Fit))
                            {
                                uses.Add(resolved.Fit, new FitUse(resolved, null));
                            }
                            else if (SavedModel(innerCall) is { } savedInHelper
                                && DataFlow.FitOf(savedInHelper, call, _chain, _cancellationToken) is { } savedInHelperFit
                                && passed.Contains(savedInHelperFit.Fit.Syntax))
                            {
                                uses.Add(savedInHelperFit.Fit.Syntax, new FitUse(null, DescribeSave(innerCall, call, helper)));
                            }
                        }

                        continue;
                    }

                    if (SavedModel(call) is { } saved
                        && DataFlow.FitOf(saved, _chain, _cancellationToken) is { } savedFit)
                    {
                        uses.Add(savedFit.Fit.Syntax, new FitUse(null, DescribeSave(call, null, null)));
                    }
                    else if (method.Name == "Load" && method.ContainingType?.ToDisplayString() == "Microsoft.ML.ModelOperationsCatalog"
                        && EstimatorChainSymbols.ArgumentFor(call, "filePath")?.Value is { } loadPath)
                    {
                        var schemaOut = EstimatorChainSymbols.ArgumentFor(call, "inputSchema")?.Value;
                        uses.Loads.Add(new LoadModel(schemaOut is IDiscardOperation, DescribePath(loadPath), SourceOf(call.Syntax, null)));
                    }
                }

                return uses;
            }

            /// <summary>
            /// An <c>Evaluate</c> of data scored by a fitted model: which fit, and everything of it but its role (which
            /// depends on the data that fit trains on); <paramref name="helperCall"/> is the call of the helper the
            /// evaluation sits in (its parameters stand for the call's arguments), or null. Null when it scores no known fit.
            /// </summary>
            private ResolvedEvaluation? ResolveEvaluation(IInvocationOperation evaluation, IInvocationOperation? helperCall, IOperation root)
            {
                if (EstimatorChainSymbols.ArgumentFor(evaluation, "data")?.Value is not { } scored
                    || DataFlow.Resolve(scored, _chain, _cancellationToken) is not { Kind: DataSourceKind.Transformed, Transformer: { } transformer } transformed
                    || DataFlow.FitOf(transformer, transformed.HelperCall ?? helperCall, _chain, _cancellationToken) is not { } source)
                {
                    return null;
                }

                var evaluated = transformed.Input;
                if (helperCall is not null && evaluated is { Kind: DataSourceKind.Symbol, Symbol: IParameterSymbol parameter }
                    && EstimatorChainSymbols.ArgumentFor(helperCall, parameter.Ordinal)?.Value is { } argument)
                {
                    evaluated = DataFlow.Resolve(argument, _chain, _cancellationToken);
                }

                return new ResolvedEvaluation(
                    source.Fit.Syntax,
                    evaluated,
                    EstimatorChainAnalysis.CatalogPath(evaluation),
                    evaluation.TargetMethod.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                    LabelArgument(evaluation),
                    _facts.MetricsRead(helperCall ?? evaluation, root),
                    SourceOf(evaluation.Syntax, helperCall is null ? null : ContainingMember(helperCall.TargetMethod.OriginalDefinition)));
            }

            /// <summary>Adds an evaluation of a model this pipeline's fit produced, with the role of the data it evaluates on.</summary>
            private void AddEvaluation(ResolvedEvaluation resolved, DataSource? trainSource, List<DataModel> data, List<EvaluationModel> evaluations)
            {
                var evaluated = resolved.Evaluated;
                var role = RoleOf(evaluated, trainSource);
                evaluations.Add(new EvaluationModel(resolved.Catalog, resolved.MetricsType, resolved.Label, role, resolved.Metrics, resolved.Source));
                if (evaluated is not null && role != "train")
                {
                    data.Add(DescribeData(evaluated, role));
                }
            }

            private static bool IsModelSave(IMethodSymbol method) =>
                method.Name == "Save" && method.ContainingType?.ToDisplayString() == "Microsoft.ML.ModelOperationsCatalog";

            /// <summary><c>ml.Model.ConvertToOnnx(model, data, stream)</c> (Microsoft.ML.OnnxConverter): the model written as an ONNX graph.</summary>
            private static bool IsOnnxExport(IMethodSymbol method) =>
                method.Name == "ConvertToOnnx" && method.ContainingType?.ToDisplayString() == "Microsoft.ML.OnnxExportExtensions";

            /// <summary>The model a call writes out (<c>Model.Save</c>'s <c>model</c>, <c>ConvertToOnnx</c>'s <c>transform</c>), or null when it is neither.</summary>
            internal static IOperation? SavedModel(IInvocationOperation call) =>
                IsModelSave(call.TargetMethod) ? EstimatorChainSymbols.ArgumentFor(call, "model")?.Value
                : IsOnnxExport(call.TargetMethod) ? EstimatorChainSymbols.ArgumentFor(call, "transform")?.Value
                : null;

            /// <summary>
            /// A <c>Model.Save</c> or <c>ConvertToOnnx</c> of a pipeline's model; <paramref name="helperCall"/> is the call of
            /// the helper it sits in (a path that is a parameter of the helper is read at that call), <paramref name="helper"/>
            /// that helper.
            /// </summary>
            private SaveModel DescribeSave(IInvocationOperation save, IInvocationOperation? helperCall, IMethodSymbol? helper)
            {
                var source = SourceOf(save.Syntax, helper is null ? null : ContainingMember(helper));
                if (IsOnnxExport(save.TargetMethod))
                {
                    // The ONNX graph declares its inputs from the schema of the data passed to the export.
                    var stream = EstimatorChainSymbols.ArgumentFor(save, "stream")?.Value;
                    if (helperCall is not null && stream is not null)
                    {
                        stream = AtCallSite(stream, helperCall);
                    }

                    var file = stream is null ? null : FileOfStream(stream);
                    if (helperCall is not null && file is not null)
                    {
                        file = AtCallSite(file, helperCall); // File.Create(path) in the helper, path its parameter
                    }

                    return new SaveModel("true", file is null ? new PathModel(null, "stream") : DescribePath(file), source, "onnx");
                }

                var schema = EstimatorChainSymbols.ArgumentFor(save, "inputSchema")?.Value;
                var withSchema = schema is null ? "loader"
                    : OperationHelpers.SkipConversions(schema).ConstantValue is { HasValue: true, Value: null } || schema is IDefaultValueOperation ? "false"
                    : "true";
                var path = EstimatorChainSymbols.ArgumentFor(save, "filePath")?.Value;
                if (helperCall is not null && path is not null)
                {
                    path = AtCallSite(path, helperCall);
                }

                return new SaveModel(withSchema, path is null ? new PathModel(null, "stream") : DescribePath(path), source, "mlnet");
            }

            /// <summary>
            /// The file a stream writes to, when the stream is opened for writing where it is passed (<c>File.Create(path)</c>,
            /// <c>File.OpenWrite</c>, <c>new FileStream(path, FileMode.Create)</c>, ...) or held in a local initialized so and
            /// never assigned again (<c>using var stream = File.Create(path)</c>); null otherwise.
            /// </summary>
            private static IOperation? FileOfStream(IOperation stream)
            {
                var value = OperationHelpers.SkipConversions(stream);
                if (value is ILocalReferenceOperation local && OperationHelpers.FindSingleInitializer(local) is { } initializer)
                {
                    value = OperationHelpers.SkipConversions(initializer);
                }

                return value switch
                {
                    IInvocationOperation invocation => DataFileWrites.WrittenPathParameter(invocation.TargetMethod, invocation.Arguments),
                    IObjectCreationOperation { Constructor: { } constructor } creation => DataFileWrites.WrittenPathParameter(constructor, creation.Arguments),
                    _ => null,
                };
            }

            /// <summary>A helper's parameter read directly, as the argument of the call; anything else as it is.</summary>
            private static IOperation AtCallSite(IOperation value, IInvocationOperation helperCall) =>
                OperationHelpers.SkipConversions(value) is IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter }
                && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol?.OriginalDefinition, helperCall.TargetMethod.OriginalDefinition)
                && EstimatorChainSymbols.ArgumentFor(helperCall, parameter.Ordinal) is { ArgumentKind: ArgumentKind.Explicit } argument
                    ? argument.Value
                    : value;

            /// <summary>
            /// The body of a helper of the compilation a fitted model may be passed to: a method whose summary is known
            /// (<see cref="MethodSummaries.BodyOf"/>: not virtual, one declaration with a body; any file), not of ML.NET.
            /// </summary>
            private IOperation? HelperBody(IInvocationOperation call)
            {
                var method = call.TargetMethod.OriginalDefinition;
                if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
                    || method.DeclaringSyntaxReferences.Length != 1
                    || MLNetSymbols.IsInMLNetNamespace(method.ContainingType))
                {
                    return null;
                }

                // A helper in another file is read only when its declaration says it takes a model: such a file's bodies are
                // part of the generator's CompilationKey, so editing the helper re-extracts this member.
                var reference = method.DeclaringSyntaxReferences[0];
                if (reference.SyntaxTree != _semanticModel.SyntaxTree
                    && !(reference.GetSyntax(_cancellationToken) is MethodDeclarationSyntax declaration && CompilationKey.TakesModel(declaration)))
                {
                    return null;
                }

                return MethodSummaries.Get(_semanticModel.Compilation).BodyOf(method)?.Root;
            }

            /// <summary>
            /// The fits whose models the call passes as explicit arguments to parameters the helper evaluates or saves (or
            /// hands on where <see cref="ModelUses"/> cannot follow: the walk decides).
            /// </summary>
            private HashSet<SyntaxNode>? ModelsPassedTo(IInvocationOperation call)
            {
                HashSet<SyntaxNode>? fits = null;
                ModelUses? modelUses = null;
                foreach (var argument in call.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.Explicit
                        && argument.Parameter is { } parameter
                        && DataFlow.FitOf(argument.Value, _chain, _cancellationToken) is { } source)
                    {
                        modelUses ??= ModelUses.Get(_symbols);
                        if ((modelUses.UseOfParameter(call.TargetMethod, parameter.Ordinal) & (ModelUse.Evaluated | ModelUse.Saved | ModelUse.Leaves)) != 0)
                        {
                            (fits ??= new HashSet<SyntaxNode>()).Add(source.Fit.Syntax);
                        }
                    }
                }

                return fits;
            }

            private static string? LabelArgument(IInvocationOperation call) =>
                EstimatorChainSymbols.ArgumentFor(call, "labelColumnName") is { } label
                    ? label.ArgumentKind == ArgumentKind.DefaultValue
                        ? label.Parameter?.ExplicitDefaultValue as string
                        : ChainColumns.ConstantString(label.Value)
                    : null;

            private static string RoleOf(DataSource? evaluated, DataSource? train)
            {
                if (evaluated is null)
                {
                    return "unknown";
                }

                if (train is not null && DataFlow.IsSameOrPartOf(evaluated, train))
                {
                    return "train";
                }

                for (var current = evaluated; current is not null;)
                {
                    switch (current.Kind)
                    {
                        case DataSourceKind.SplitPart:
                            return current.SplitPart == "TestSet" ? "test" : "train";
                        case DataSourceKind.RowOperation:
                            current = current.Input;
                            continue;
                        case DataSourceKind.Loaded:
                            return "test";
                        default:
                            return "unknown";
                    }
                }

                return "unknown";
            }

            private DataModel DescribeData(DataSource source, string role)
            {
                var rowOperations = new List<string>();
                SplitModel? split = null;
                var current = source;
                for (var depth = 0; depth < 16 && current is not null; depth++)
                {
                    switch (current.Kind)
                    {
                        case DataSourceKind.RowOperation:
                            rowOperations.Add(current.RowOperationName ?? "?");
                            current = current.Input;
                            continue;
                        case DataSourceKind.Transformed:
                            rowOperations.Add("Transform");
                            current = current.Input;
                            continue;
                        case DataSourceKind.SplitPart:
                            split ??= DescribeSplit(current);
                            current = current.Split?.Input;
                            continue;
                        case DataSourceKind.Loaded when current.Operation is IInvocationOperation loader:
                            var method = loader.TargetMethod;
                            string? rowType = null;
                            bool? rowTypePublic = null;
                            if (method.TypeArguments.Length == 1)
                            {
                                rowType = method.TypeArguments[0].ToDisplayString(TypeFormat);
                                rowTypePublic = IsPublic(method.TypeArguments[0]);
                                if (method.TypeArguments[0].Locations.Any(l => l.IsInSource))
                                {
                                    _rowTypes[rowType] = method.TypeArguments[0];
                                }
                            }

                            var options = new List<ArgumentModel>();
                            foreach (var argument in loader.Arguments)
                            {
                                if (argument.Parameter is not { } parameter
                                    || EstimatorChainSymbols.IsReceiverArgument(argument, loader)
                                    || parameter.Name is "path" or "filePath" or "data" or "files"
                                    || parameter.IsParams)
                                {
                                    continue;
                                }

                                options.Add(ConstantValues.Argument(parameter.Name, argument));
                            }

                            options.Sort((a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name));
                            rowOperations.Reverse();
                            return new DataModel(role, method.Name, rowType, rowTypePublic, current.Path is null ? new PathModel(null, "none") : DescribePath(current.Path), options.ToEquatable(), rowOperations.ToEquatable(), split);
                        case DataSourceKind.Symbol when rowOperations.Count == 0 && split is null && current.Symbol is IParameterSymbol parameter
                            && DataAtCallSites(parameter, role) is { } passed:
                            return passed;
                        case DataSourceKind.Symbol:
                            rowOperations.Reverse();
                            return new DataModel(role, null, null, null, new PathModel(null, current.Symbol is IParameterSymbol ? "parameter" : "field"), EquatableArray<ArgumentModel>.Empty, rowOperations.ToEquatable(), split);
                        default:
                            current = null;
                            break;
                    }
                }

                rowOperations.Reverse();
                return new DataModel(role, null, null, null, new PathModel(null, "unknown"), EquatableArray<ArgumentModel>.Empty, rowOperations.ToEquatable(), split);
            }

            /// <summary>
            /// The data a parameter of a private method receives, when every call of that method passes the same known data:
            /// its type is declared once, in this file, and every mention of the method's name in the file is one of its
            /// calls (no delegate, no other overload). Null otherwise (the data stays <c>parameter</c>).
            /// </summary>
            private DataModel? DataAtCallSites(IParameterSymbol parameter, string role)
            {
                if (_callSiteDepth >= 2
                    || parameter is not { RefKind: RefKind.None, IsParams: false }
                    || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private } method
                    || method.ContainingType is not { DeclaringSyntaxReferences.Length: 1 } type
                    || type.DeclaringSyntaxReferences[0].SyntaxTree != _semanticModel.SyntaxTree
                    || method.DeclaringSyntaxReferences.Length != 1)
                {
                    return null;
                }

                var calls = _facts.CallSitesOf(method);
                if (calls.Count == 0 || _facts.MentionsOf(method.Name) != calls.Count)
                {
                    return null;
                }

                DataModel? agreed = null;
                _callSiteDepth++;
                try
                {
                    foreach (var call in calls)
                    {
                        if (EstimatorChainSymbols.ArgumentFor(call, parameter.Ordinal) is not { ArgumentKind: ArgumentKind.Explicit } argument
                            || DataFlow.Resolve(argument.Value, _chain, _cancellationToken) is not { Kind: not (DataSourceKind.Unknown or DataSourceKind.Symbol) } source)
                        {
                            return null;
                        }

                        var model = DescribeData(source, role);
                        if (model.Path.Provenance is "unknown" or "parameter" or "field" || (agreed is not null && !agreed.Equals(model)))
                        {
                            return null;
                        }

                        agreed = model;
                    }
                }
                finally
                {
                    _callSiteDepth--;
                }

                return agreed;
            }

            private static SplitModel? DescribeSplit(DataSource part)
            {
                if (part.Split is not { } split)
                {
                    return null;
                }

                if (split.IsCrossValidationFold)
                {
                    return new SplitModel("CrossValidationSplit", EquatableArray<ArgumentModel>.Empty);
                }

                if (split.Identity is not IInvocationOperation call)
                {
                    return new SplitModel("unknown", EquatableArray<ArgumentModel>.Empty);
                }

                var arguments = new List<ArgumentModel>();
                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter is { Name: not "data" } parameter && !EstimatorChainSymbols.IsReceiverArgument(argument, call))
                    {
                        arguments.Add(ConstantValues.Argument(parameter.Name, argument));
                    }
                }

                arguments.Sort((a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name));
                return new SplitModel(call.TargetMethod.Name, arguments.ToEquatable());
            }

            private PathModel DescribePath(IOperation path)
            {
                if (DataPaths.Read(path, _paths) is { } known)
                {
                    var text = known.Text.Replace('\\', '/');
                    if (known.StartsWithRootedLiteral)
                    {
                        return new PathModel(text, "absolute");
                    }

                    return known.StartsWithBaseDirectory
                        ? new PathModel((known.RelativeText ?? text).Replace('\\', '/'), "baseDirectory")
                        : new PathModel(text, "relative");
                }

                return DataPaths.ReadWithHoles(path, _paths) is { } partial
                    ? new PathModel(partial.Text.Replace('\\', '/'), "partial")
                    : new PathModel(null, "nonConstant");
            }

            private EquatableArray<DataContractModel> DescribeContracts()
            {
                if (_rowTypes.Count == 0)
                {
                    return EquatableArray<DataContractModel>.Empty;
                }

                var schemaSymbols = DataSchemaSymbols.Get(_symbols);
                var contracts = new List<DataContractModel>();
                foreach (var pair in _rowTypes.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (DataSchema.Of(pair.Value, schemaSymbols) is not { } schema)
                    {
                        continue;
                    }

                    var columns = new List<ContractColumnModel>();
                    foreach (var column in schema.Columns)
                    {
                        var memberType = column.Member switch
                        {
                            IFieldSymbol field => field.Type,
                            IPropertySymbol property => property.Type,
                            _ => null,
                        };
                        string? loadColumn = null;
                        int? vectorSize = null;
                        int? keyCount = null;
                        foreach (var attribute in column.Member.GetAttributes())
                        {
                            var attributeType = attribute.AttributeClass;
                            if (SymbolEqualityComparer.Default.Equals(attributeType, schemaSymbols.LoadColumn))
                            {
                                loadColumn = RenderAttributeArguments(attribute);
                            }
                            else if (SymbolEqualityComparer.Default.Equals(attributeType, schemaSymbols.VectorType)
                                && attribute.ConstructorArguments is { Length: 1 } vectorArguments)
                            {
                                vectorSize = vectorArguments[0].Kind == TypedConstantKind.Array
                                    ? vectorArguments[0].Values.Aggregate(1, (size, dim) => dim.Value is int d ? size * d : size)
                                    : vectorArguments[0].Value as int?;
                            }
                            else if (SymbolEqualityComparer.Default.Equals(attributeType, schemaSymbols.KeyType)
                                && attribute.ConstructorArguments is { Length: 1 } keyArguments && keyArguments[0].Value is ulong count)
                            {
                                keyCount = count <= int.MaxValue ? (int)count : (int?)null;
                            }
                        }

                        columns.Add(new ContractColumnModel(
                            column.Member.Name,
                            column.Name,
                            memberType?.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) ?? "?",
                            loadColumn,
                            vectorSize,
                            keyCount));
                    }

                    var declaration = pair.Value.DeclaringSyntaxReferences.FirstOrDefault();
                    contracts.Add(new DataContractModel(
                        pair.Key,
                        columns.ToEquatable(),
                        declaration is null ? null : SourceOf(declaration.GetSyntax(_cancellationToken), pair.Value)));
                }

                return contracts.ToEquatable();
            }

            /// <summary><c>[LoadColumn(3)]</c> -> <c>3</c>; <c>[LoadColumn(0, 9)]</c> -> <c>[0,9]</c>; <c>[LoadColumn(new[] { 1, 4 })]</c> -> <c>{"indices":[1,4]}</c>.</summary>
            private static string? RenderAttributeArguments(AttributeData attribute)
            {
                var arguments = attribute.ConstructorArguments;
                if (arguments.Length == 1 && arguments[0].Kind == TypedConstantKind.Primitive && arguments[0].Value is int index)
                {
                    return ConstantValues.Render(index, null);
                }

                if (arguments.Length == 2 && arguments[0].Value is int start && arguments[1].Value is int end)
                {
                    return "{\"start\":" + ConstantValues.Render(start, null) + ",\"end\":" + ConstantValues.Render(end, null) + "}";
                }

                if (arguments.Length == 1 && arguments[0].Kind == TypedConstantKind.Array)
                {
                    return "{\"indices\":[" + string.Join(",", arguments[0].Values.Select(v => ConstantValues.Render(v.Value, null))) + "]}";
                }

                return null;
            }

            private string Verdict(ContextModel context, List<StepModel> steps, List<DataModel> data, bool chainKnown)
            {
                var verdict = "true";
                foreach (var step in steps)
                {
                    if (step.Randomness is { } randomness)
                    {
                        verdict = Worse(verdict, randomness.Deterministic);
                    }
                }

                foreach (var item in data)
                {
                    if (item.Split is { } split && !split.Arguments.Any(a => a.Name == "seed" && a.ValueJson is not null and not "null"))
                    {
                        if (context.SeedKind == "null")
                        {
                            verdict = "false";
                            _reasons.Add(split.Method + " shuffles with the unseeded MLContext's random numbers.");
                        }
                        else if (context.SeedKind != "constant")
                        {
                            verdict = Worse(verdict, "unknown");
                        }
                    }
                }

                if (!chainKnown)
                {
                    verdict = Worse(verdict, "unknown");
                }

                if (verdict == "unknown" && context.SeedKind is "nonConstant" or "unknown")
                {
                    // Only matters when something draws from the context: the steps and splits above decided that.
                    _reasons.Add(context.SeedKind == "nonConstant"
                        ? "The MLContext seed is computed at run time: whether it is the same each run is not known."
                        : "The MLContext this pipeline uses is not created where the model can see it.");
                }

                if (verdict == "true")
                {
                    _reasons.Add(context.SeedKind == "constant"
                        ? "Every random step is seeded from the constant MLContext seed or its own seed, and no step depends on thread scheduling."
                        : "No step draws random numbers or depends on thread scheduling.");
                }

                return verdict;
            }

            private static string Worse(string a, string b) =>
                a == "false" || b == "false" ? "false" : a == "unknown" || b == "unknown" ? "unknown" : "true";

            private string NameOf(FactoryModel? factory, List<TrainerPlacement> fits, string memberName, string trainerPath)
            {
                if (factory is not null)
                {
                    return factory.Method;
                }

                foreach (var fit in fits)
                {
                    if (OperationHelpers.ParentSkippingConversions(fit.Fit!) is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
                    {
                        return declarator.Symbol.Name;
                    }
                }

                return memberName + "." + trainerPath.Substring(trainerPath.LastIndexOf('.') + 1);
            }

            /// <summary>"#2" for the second call of the same trainer in the same member (the first has none), so that ids stay unique.</summary>
            private string Ordinal(ISymbol? member)
            {
                var declaration = member?.DeclaringSyntaxReferences.FirstOrDefault(r => r.SyntaxTree == _semanticModel.SyntaxTree)?.GetSyntax(_cancellationToken);
                if (declaration is null)
                {
                    return string.Empty;
                }

                var index = _facts.TrainerCallsBefore(declaration, _trainer.TargetMethod.Name, _trainer.Syntax);

                // The first call keeps the plain id, so adding a second one does not rename it.
                return index > 0 ? "#" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
            }

            private SourceModel SourceOf(SyntaxNode node, ISymbol? symbol)
            {
                var span = node.GetLocation().GetLineSpan();
                var enclosing = symbol ?? ContainingMember(_semanticModel.GetEnclosingSymbol(node.SpanStart, _cancellationToken) ?? _semanticModel.Compilation.Assembly);
                return new SourceModel(
                    node.SyntaxTree.FilePath ?? string.Empty,
                    span.StartLinePosition.Line + 1,
                    span.StartLinePosition.Character + 1,
                    enclosing is null ? string.Empty : ReadableDisplay(enclosing));
            }

            /// <summary>The member's name as written: top-level statements (the compiler's <c>&lt;Main&gt;$</c>) are <c>Main</c>.</summary>
            private static string ReadableName(ISymbol member) =>
                IsTopLevelEntryPoint(member) ? "Main" : member.Name;

            /// <summary>
            /// The member as <c>source.symbol</c> shows it (type, name, parameter types), with no compiler-generated name:
            /// top-level statements are <c>Program.Main(string[])</c> as in the C# documentation.
            /// </summary>
            private static string ReadableDisplay(ISymbol member)
            {
                if (!IsTopLevelEntryPoint(member))
                {
                    return member.ToDisplayString(MemberFormat);
                }

                var method = (IMethodSymbol)member;
                var type = method.ContainingType?.ToDisplayString(TypeFormat);
                var parameters = string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(MemberFormat)));
                return (type is null ? string.Empty : type + ".") + "Main(" + parameters + ")";
            }

            /// <summary>The method the compiler makes of top-level statements (named <c>&lt;Main&gt;$</c>, not referable by name).</summary>
            private static bool IsTopLevelEntryPoint(ISymbol member) =>
                member is IMethodSymbol { Name: "<Main>$" }; // no C# identifier contains "<"

            private static List<T> Distinct<T>(List<T> items)
                where T : IEquatable<T>
            {
                var seen = new HashSet<T>();
                var result = new List<T>();
                foreach (var item in items)
                {
                    if (seen.Add(item))
                    {
                        result.Add(item);
                    }
                }

                return result;
            }
        }
    }
}
