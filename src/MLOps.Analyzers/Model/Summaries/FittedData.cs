using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Infrastructure;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// Which trainers the project fits on data it is handed: for each <c>IDataView</c> parameter of a method, the trainer
    /// steps of every chain the method's own body fits (<c>Fit</c>, <c>Preview</c>, a task's <c>CrossValidate</c>) on that
    /// parameter (for a <c>TrainTestData</c> parameter: on one of its parts), read directly or through locals and row operations (<see cref="DataFlow"/>: the parameter is never
    /// written, its definitions are straight-line); for each <c>IDataView</c> field of a type, the trainers the type's
    /// methods fit on it (<c>this._train</c> or a static field; a readonly field through locals and row operations too). The
    /// chain's steps are <see cref="EstimatorChainAnalysis.StepsOf"/>, so a chain built by a same-file factory counts.
    /// Computed once per method (per type for fields) per compilation, on demand, shared by every rule.
    /// </summary>
    /// <remarks>
    /// One level deep: the helper's own calls are not followed, so recursion cannot loop and needs no guard. A method without
    /// a summary (<see cref="MethodSummaries.BodyOf"/>: virtual, abstract, an interface member, a constructor, no source,
    /// code that does not parse) fits nothing known. A fit inside a lambda or local function, in a branch or after a
    /// <c>return</c> does not count (it may never run, or only for other arguments). A parameter that is reassigned or passed by reference is unknown. Which value a field holds is not answered
    /// here (see <see cref="MethodSummaries.SingleWriteOf"/>).
    /// </remarks>
    internal sealed class FittedData
    {
        private const int MaxRowOperations = 24;

        private static readonly ConditionalWeakTable<MLNetSymbols, FittedData> Cache = new ConditionalWeakTable<MLNetSymbols, FittedData>();

        private readonly EstimatorChainSymbols _symbols;
        private readonly MethodSummaries _summaries;
        private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<ImmutableArray<IInvocationOperation>>> _methods =
            new ConcurrentDictionary<IMethodSymbol, ImmutableArray<ImmutableArray<IInvocationOperation>>>(SymbolEqualityComparer.Default);

        private readonly ConcurrentDictionary<INamedTypeSymbol, Dictionary<IFieldSymbol, ImmutableArray<IInvocationOperation>>> _types =
            new ConcurrentDictionary<INamedTypeSymbol, Dictionary<IFieldSymbol, ImmutableArray<IInvocationOperation>>>(SymbolEqualityComparer.Default);

        private FittedData(MLNetSymbols symbols)
        {
            _symbols = EstimatorChainSymbols.Get(symbols);
            _summaries = MethodSummaries.Get(symbols.Compilation);
        }

        public static FittedData Get(MLNetSymbols symbols) => Cache.GetValue(symbols, static s => new FittedData(s));

        /// <summary>
        /// The trainer calls (<see cref="EstimatorStepKind.Trainer"/> steps, possibly in the body of a factory) of the chains
        /// <paramref name="method"/> fits on the data passed as its parameter <paramref name="ordinal"/>; empty when none is
        /// known.
        /// </summary>
        public ImmutableArray<IInvocationOperation> TrainersFittedOn(IMethodSymbol method, int ordinal, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            if (ordinal < 0 || ordinal >= method.Parameters.Length || !IsDataParameter(method.Parameters[ordinal]))
            {
                return ImmutableArray<IInvocationOperation>.Empty;
            }

            if (!_methods.TryGetValue(method, out var perParameter))
            {
                perParameter = _methods.GetOrAdd(method, Compute(method, cancellationToken));
            }

            return ordinal < perParameter.Length && !perParameter[ordinal].IsDefault ? perParameter[ordinal] : ImmutableArray<IInvocationOperation>.Empty;
        }

        /// <summary>
        /// The trainer calls of the chains the methods of the field's type fit on the field (read on <c>this</c>, or static);
        /// empty when none is known.
        /// </summary>
        public ImmutableArray<IInvocationOperation> TrainersFittedOn(IFieldSymbol field, CancellationToken cancellationToken)
        {
            field = field.OriginalDefinition;
            if (field.ContainingType is not { } type || !SymbolEqualityComparer.Default.Equals(field.Type, _symbols.MLNet.IDataView))
            {
                return ImmutableArray<IInvocationOperation>.Empty;
            }

            if (!_types.TryGetValue(type, out var fields))
            {
                fields = _types.GetOrAdd(type, Compute(type, cancellationToken));
            }

            return fields.TryGetValue(field, out var trainers) ? trainers : ImmutableArray<IInvocationOperation>.Empty;
        }

        /// <summary>A by-value <c>IDataView</c> parameter, or a <c>TrainTestData</c> one (a split or a fold, whose parts are fitted).</summary>
        private bool IsDataParameter(IParameterSymbol parameter) =>
            parameter.RefKind == RefKind.None && !parameter.IsParams
            && (SymbolEqualityComparer.Default.Equals(parameter.Type, _symbols.MLNet.IDataView)
                || SymbolEqualityComparer.Default.Equals(parameter.Type, _symbols.TrainTestData));

        /// <summary>One walk of the body: per parameter ordinal, the trainers fitted on it (default when none).</summary>
        private ImmutableArray<ImmutableArray<IInvocationOperation>> Compute(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (_summaries.BodyOf(method) is not { } body)
            {
                return ImmutableArray<ImmutableArray<IInvocationOperation>>.Empty;
            }

            var fitted = new ImmutableArray<IInvocationOperation>.Builder?[method.Parameters.Length];
            try
            {
                foreach (var (estimator, data) in UnconditionalFits(body))
                {
                    if (FittedParameter(data, method, cancellationToken) is not { } parameter)
                    {
                        continue;
                    }

                    foreach (var step in EstimatorChainAnalysis.StepsOf(estimator, _symbols, cancellationToken, out _))
                    {
                        if (step.Kind == EstimatorStepKind.Trainer)
                        {
                            (fitted[parameter.Ordinal] ??= ImmutableArray.CreateBuilder<IInvocationOperation>()).Add(step.Invocation);
                        }
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return ImmutableArray<ImmutableArray<IInvocationOperation>>.Empty; // incomplete code: unknown
            }

            var result = ImmutableArray.CreateBuilder<ImmutableArray<IInvocationOperation>>(fitted.Length);
            foreach (var trainers in fitted)
            {
                result.Add(trainers?.ToImmutable() ?? default);
            }

            return result.MoveToImmutable();
        }

        /// <summary>
        /// The fits (estimator, data) of a body, in one walk, that run whenever the body runs to its end: not in a lambda or
        /// local function, not in a branch (<c>if</c>/<c>else</c>, <c>?:</c>, <c>switch</c>, <c>??</c>, <c>?.</c>,
        /// <c>&amp;&amp;</c>/<c>||</c>, <c>catch</c>), and after no <c>return</c>. A helper that dispatches on its arguments
        /// (<c>if (task == Ranking) ranker.Fit(data) else regressor.Fit(data)</c>) fits a ranker only on some calls: which
        /// call is not known, so none of its fits is.
        /// </summary>
        private List<(IOperation Estimator, IOperation Data)> UnconditionalFits(MethodBody body)
        {
            var fits = new List<(IInvocationOperation Call, IOperation Estimator, IOperation Data)>();
            var firstReturnEnd = int.MaxValue;
            foreach (var operation in body.Root.Descendants())
            {
                if (operation is IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } @return
                    && MethodSummaries.IsDirectlyIn(@return, body.Root))
                {
                    firstReturnEnd = Math.Min(firstReturnEnd, @return.Syntax.Span.End);
                }
                else if (operation is IInvocationOperation call
                    && EstimatorChainAnalysis.TryGetFit(call, _symbols, out var estimator, out var data)
                    && MethodSummaries.IsDirectlyIn(call, body.Root)
                    && !IsInBranch(call, body.Root))
                {
                    fits.Add((call, estimator, data));
                }
            }

            var unconditional = new List<(IOperation Estimator, IOperation Data)>(fits.Count);
            foreach (var (call, estimator, data) in fits)
            {
                if (call.Syntax.SpanStart >= firstReturnEnd)
                {
                    continue; // a return before it: the fit runs only when that return does not
                }

                unconditional.Add((estimator, data));
            }

            return unconditional;
        }

        /// <summary>True when a branch holds the operation between it and the body: it runs only on some paths.</summary>
        private static bool IsInBranch(IOperation operation, IOperation root)
        {
            var child = operation;
            for (var parent = operation.Parent; parent is not null && parent != root; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when conditional.Condition != child:
                    case ISwitchOperation or ISwitchCaseOperation or ISwitchExpressionOperation or ISwitchExpressionArmOperation:
                    case ICoalesceOperation coalesce when coalesce.WhenNull == child:
                    case ICoalesceAssignmentOperation coalesceAssignment when coalesceAssignment.Value == child:
                    case IConditionalAccessOperation access when access.WhenNotNull == child:
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } binary when binary.RightOperand == child:
                    case ICatchClauseOperation:
                        return true;
                }
            }

            return false;
        }

        /// <summary>One walk of the body of every method of the type that has a summary: per field, the trainers fitted on it.</summary>
        private Dictionary<IFieldSymbol, ImmutableArray<IInvocationOperation>> Compute(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var fitted = new Dictionary<IFieldSymbol, ImmutableArray<IInvocationOperation>.Builder>(SymbolEqualityComparer.Default);
            try
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is not IMethodSymbol method || _summaries.BodyOf(method) is not { } body)
                    {
                        continue;
                    }

                    foreach (var (estimator, data) in UnconditionalFits(body))
                    {
                        if (FittedField(data, type, cancellationToken) is not { } field)
                        {
                            continue;
                        }

                        foreach (var step in EstimatorChainAnalysis.StepsOf(estimator, _symbols, cancellationToken, out _))
                        {
                            if (step.Kind == EstimatorStepKind.Trainer)
                            {
                                if (!fitted.TryGetValue(field, out var trainers))
                                {
                                    fitted[field] = trainers = ImmutableArray.CreateBuilder<IInvocationOperation>();
                                }

                                trainers.Add(step.Invocation);
                            }
                        }
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                fitted.Clear(); // incomplete code: unknown
            }

            var result = new Dictionary<IFieldSymbol, ImmutableArray<IInvocationOperation>>(fitted.Count, SymbolEqualityComparer.Default);
            foreach (var pair in fitted)
            {
                result[pair.Key] = pair.Value.ToImmutable();
            }

            return result;
        }

        /// <summary>
        /// The data field of <paramref name="type"/> the fitted data is: the field read on <c>this</c> (or a static field),
        /// or a readonly one through locals and row operations; null otherwise.
        /// </summary>
        private IFieldSymbol? FittedField(IOperation data, INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            IFieldSymbol? field = null;
            if (OperationHelpers.SkipConversions(data) is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } direct)
            {
                field = direct.Field;
            }
            else if (SkipRowOperations(DataFlow.Resolve(data, _symbols, cancellationToken)) is { Kind: DataSourceKind.Symbol, Symbol: IFieldSymbol held })
            {
                field = held;
            }

            return field is not null && SymbolEqualityComparer.Default.Equals(field.ContainingType?.OriginalDefinition, type.OriginalDefinition)
                && SymbolEqualityComparer.Default.Equals(field.Type, _symbols.MLNet.IDataView)
                ? field.OriginalDefinition
                : null;
        }

        private static DataSource SkipRowOperations(DataSource source)
        {
            for (var depth = 0; depth < MaxRowOperations && source.Kind == DataSourceKind.RowOperation && source.Input is { } input; depth++)
            {
                source = input;
            }

            return source;
        }

        /// <summary>
        /// The data parameter of <paramref name="method"/> the fitted data is (or rows of, through row operations), or the
        /// split parameter whose part it is; null otherwise.
        /// </summary>
        private IParameterSymbol? FittedParameter(IOperation data, IMethodSymbol method, CancellationToken cancellationToken)
        {
            var source = SkipRowOperations(DataFlow.Resolve(data, _symbols, cancellationToken));
            var symbol = source.Kind switch
            {
                DataSourceKind.Symbol => source.Symbol, // the data parameter
                DataSourceKind.SplitPart => source.Split?.Symbol, // split.TrainSet of a split parameter
                _ => null,
            };
            return symbol is IParameterSymbol parameter
                && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol?.OriginalDefinition, method)
                && IsDataParameter(parameter)
                ? parameter
                : null;
        }
    }
}
