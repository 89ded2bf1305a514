using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.CodeFixes.Reproducibility
{
    /// <summary>
    /// MLO1004: gives the seeds a constant (<c>mlops.default_seed</c>, else 42).
    /// <list type="bullet">
    /// <item>Reported on the seed expression itself: that expression becomes the constant.</item>
    /// <item>
    /// Reported on the initializer of a local the seeds come from: the initializer becomes the constant only when the
    /// local is nothing but a seed (its type does not change and every read of it is a seed, directly or through locals
    /// that are themselves only seeds). Otherwise (<c>var started = DateTime.UtcNow; ... seed: started.Millisecond</c>,
    /// a <c>Random</c> drawn from, a GUID that is also logged) each seed that comes from the local becomes the constant
    /// and the local keeps its value for its other uses.
    /// </item>
    /// </list>
    /// No fix when the constant does not convert to a seed's type or would make a call bind to another overload.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClockOrGuidSeedCodeFixProvider)), Shared]
    public sealed class ClockOrGuidSeedCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "MLO1004.UseConstantSeed";

        private const int MaxLocalDepth = 4;

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ClockOrGuidSeed);

        public override FixAllProvider GetFixAllProvider() => MLOpsFixAllProvider.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax origin
                    || BrokenCode.Around(origin))
                {
                    continue;
                }

                var seed = SeedLiteral.GetSeed(document, origin.SyntaxTree);
                var targets = FindReplacements(semanticModel, origin, seed, context.CancellationToken);
                if (targets.IsDefaultOrEmpty)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create($"Use the constant seed {seed}", token => ReplaceAsync(document, targets, seed, token), EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>The expressions to replace with the constant; empty when no type-correct fix keeps the other uses.</summary>
        private static ImmutableArray<ExpressionSyntax> FindReplacements(SemanticModel semanticModel, ExpressionSyntax origin, int seed, CancellationToken cancellationToken)
        {
            var originOperation = semanticModel.GetOperation(origin, cancellationToken);
            if (originOperation is null)
            {
                return ImmutableArray<ExpressionSyntax>.Empty;
            }

            // The seeds the analyzer traces back to this expression (it reports a local feeding several seeds once).
            var sources = new SeedSources(semanticModel.Compilation);
            var block = OperationHelpers.GetRoot(originOperation);
            var seeds = new List<(IOperation Setter, IOperation Value)>();
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (SeedSources.GetSeedValue(operation) is { } value
                    && sources.TryFind(value, out var found, out _)
                    && found.Syntax == origin)
                {
                    seeds.Add((operation, value));
                }
            }

            if (seeds.Count == 0)
            {
                return ImmutableArray<ExpressionSyntax>.Empty;
            }

            var literal = SeedLiteral.CreateExpression(seed);
            if (seeds.Any(s => s.Value.Syntax == origin))
            {
                // The seed expression itself.
                return seeds.All(s => Accepts(semanticModel, s.Setter, s.Value, literal))
                    ? seeds.Select(s => (ExpressionSyntax)s.Value.Syntax).Distinct().ToImmutableArray()
                    : ImmutableArray<ExpressionSyntax>.Empty;
            }

            // A local's initializer: rewrite it only when the local is nothing but a seed.
            var seedValues = new HashSet<IOperation>(seeds.Select(s => s.Value));
            if (origin.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                && semanticModel.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local
                && KeepsItsType(semanticModel, declarator, local, literal)
                && IsOnlyASeed(block, local, seedValues, 0))
            {
                return ImmutableArray.Create(origin);
            }

            return seeds.All(s => s.Value.Syntax is ExpressionSyntax && Accepts(semanticModel, s.Setter, s.Value, literal))
                ? seeds.Select(s => (ExpressionSyntax)s.Value.Syntax).Distinct().ToImmutableArray()
                : ImmutableArray<ExpressionSyntax>.Empty;
        }

        /// <summary><c>var x = 42</c> keeps an <c>int</c> local an <c>int</c>; an explicitly typed local must accept the constant.</summary>
        private static bool KeepsItsType(SemanticModel semanticModel, VariableDeclaratorSyntax declarator, ILocalSymbol local, ExpressionSyntax literal)
        {
            if (declarator.Parent is not VariableDeclarationSyntax declaration)
            {
                return false;
            }

            if (declaration.Type.IsVar)
            {
                return local.Type.SpecialType == SpecialType.System_Int32;
            }

            return semanticModel.ClassifyConversion(declarator.SpanStart, literal, local.Type).IsImplicit;
        }

        /// <summary>Every read of the local is one of the seeds, or initializes another local that is only a seed.</summary>
        private static bool IsOnlyASeed(IOperation block, ILocalSymbol local, HashSet<IOperation> seedValues, int depth)
        {
            if (depth > MaxLocalDepth)
            {
                return false;
            }

            foreach (var reference in block.Descendants().OfType<ILocalReferenceOperation>())
            {
                if (!SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    continue;
                }

                IOperation use = reference;
                while (use.Parent is IConversionOperation or IParenthesizedOperation)
                {
                    use = use.Parent;
                }

                if (seedValues.Contains(use))
                {
                    continue;
                }

                if (use.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation copy }
                    && IsOnlyASeed(block, copy.Symbol, seedValues, depth + 1))
                {
                    continue;
                }

                return false;
            }

            return true;
        }

        /// <summary>The constant converts to the seed's type and, for an argument, the call still binds to the same method.</summary>
        private static bool Accepts(SemanticModel semanticModel, IOperation setter, IOperation value, ExpressionSyntax literal)
        {
            if (value.Syntax is not ExpressionSyntax expression)
            {
                return false;
            }

            switch (setter)
            {
                case IArgumentOperation { Parameter: { } parameter } argument:
                    if (!semanticModel.ClassifyConversion(expression.SpanStart, literal, parameter.Type).IsImplicit)
                    {
                        return false;
                    }

                    return BindsToTheSameMethod(semanticModel, argument, expression, literal);
                case ISimpleAssignmentOperation assignment when assignment.Target.Type is { } targetType:
                    return semanticModel.ClassifyConversion(expression.SpanStart, literal, targetType).IsImplicit;
                default:
                    return false;
            }
        }

        private static bool BindsToTheSameMethod(SemanticModel semanticModel, IArgumentOperation argument, ExpressionSyntax expression, ExpressionSyntax literal)
        {
            IMethodSymbol? method;
            switch (argument.Parent)
            {
                case IInvocationOperation invocation:
                    method = invocation.TargetMethod;
                    break;
                case IObjectCreationOperation creation:
                    method = creation.Constructor;
                    break;
                default:
                    return false;
            }

            var call = argument.Parent.Syntax;
            var originalType = (argument.Value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand.Type : argument.Value.Type)?.SpecialType;
            if (call is not ExpressionSyntax callExpression || call is ImplicitObjectCreationExpressionSyntax || method is null)
            {
                // Target-typed new() cannot be bound on its own: an int seed stays an int.
                return originalType == SpecialType.System_Int32;
            }

            var speculative = callExpression.ReplaceNode(expression, literal.WithTriviaFrom(expression));
            var symbol = semanticModel.GetSpeculativeSymbolInfo(callExpression.SpanStart, speculative, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
            if (symbol is null)
            {
                return originalType == SpecialType.System_Int32;
            }

            return SymbolEqualityComparer.Default.Equals(Normalize(symbol), Normalize(method));
        }

        private static IMethodSymbol Normalize(IMethodSymbol method) => (method.ReducedFrom ?? method).OriginalDefinition;

        private static async Task<Document> ReplaceAsync(Document document, ImmutableArray<ExpressionSyntax> targets, int seed, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            return document.WithSyntaxRoot(root.ReplaceNodes(targets, (original, _) => SeedLiteral.CreateExpression(seed).WithTriviaFrom(original)));
        }
    }
}
