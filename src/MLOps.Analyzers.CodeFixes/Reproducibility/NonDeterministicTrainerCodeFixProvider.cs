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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Model;
using MLOps.Analyzers.Reproducibility;

namespace MLOps.Analyzers.CodeFixes.Reproducibility
{
    /// <summary>
    /// MLO1002: sets <c>NumberOfThreads = 1</c> (or <c>Deterministic = true</c> for LightGBM) in the options object the
    /// trainer already gets, or rewrites a simple-overload call to the options overload when every argument it passes
    /// has an options member of the same name. No fix otherwise.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonDeterministicTrainerCodeFixProvider)), Shared]
    public sealed class NonDeterministicTrainerCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "MLO1002.MakeTrainerDeterministic";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.NonDeterministicTrainer);

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
                if (!diagnostic.Properties.TryGetValue(NonDeterministicTrainerAnalyzer.OptionNameProperty, out var optionName) || optionName is null
                    || !diagnostic.Properties.TryGetValue(NonDeterministicTrainerAnalyzer.OptionValueProperty, out var optionValue) || optionValue is null
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocationSyntax
                    || BrokenCode.Around(invocationSyntax)
                    || semanticModel.GetOperation(invocationSyntax, context.CancellationToken) is not IInvocationOperation invocation)
                {
                    continue;
                }

                var title = $"Set {optionName} = {optionValue}";
                var hasDeterministicOption = optionName == TrainerOptionsAnalysis.DeterministicOption;
                if (TrainerOptionsAnalysis.FindOptionsArgument(invocation) is not null)
                {
                    TrainerOptionsAnalysis.Evaluate(invocation, hasDeterministicOption, out var optionsCreation);
                    if (optionsCreation?.Syntax is BaseObjectCreationExpressionSyntax creationSyntax)
                    {
                        var existing = FindExistingAssignment(invocation, optionsCreation, optionName);
                        context.RegisterCodeFix(
                            CodeAction.Create(title, token => SetOptionAsync(document, creationSyntax, existing, optionName, optionValue, token), EquivalenceKey),
                            diagnostic);
                    }
                }
                else if (BuildOptionsOverloadCall(invocation, invocationSyntax, semanticModel, optionName, optionValue) is { } rewritten)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(title, token => ReplaceAsync(document, invocationSyntax, rewritten, token), EquivalenceKey),
                        diagnostic);
                }
            }
        }

        /// <summary>The last assignment to the option (in the initializer or a later statement), to be overwritten.</summary>
        private static AssignmentExpressionSyntax? FindExistingAssignment(IInvocationOperation invocation, IObjectCreationOperation creation, string optionName)
        {
            AssignmentExpressionSyntax? last = null;
            var optionsLocal = (creation.Parent as IVariableInitializerOperation)?.Parent is IVariableDeclaratorOperation declarator ? declarator.Symbol : null;
            foreach (var operation in OperationHelpers.GetRoot(invocation).Descendants())
            {
                if (operation is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment
                    || target.Member.Name != optionName
                    || assignment.Syntax is not AssignmentExpressionSyntax syntax)
                {
                    continue;
                }

                var inInitializer = creation.Initializer is not null && creation.Initializer.Syntax.Span.Contains(syntax.Span);
                var onLocal = optionsLocal is not null && target.Instance is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, optionsLocal);
                if ((inInitializer || onLocal) && (last is null || syntax.SpanStart > last.SpanStart))
                {
                    last = syntax;
                }
            }

            return last;
        }

        private static async Task<Document> SetOptionAsync(
            Document document, BaseObjectCreationExpressionSyntax creation, AssignmentExpressionSyntax? existing, string optionName, string optionValue, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var value = SyntaxFactory.ParseExpression(optionValue);
            if (existing is not null)
            {
                return document.WithSyntaxRoot(root.ReplaceNode(existing.Right, value.WithTriviaFrom(existing.Right)));
            }

            var assignment = SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(optionName), value);
            var initializer = creation.Initializer
                ?? SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SeparatedList<ExpressionSyntax>());
            var fixedCreation = creation.WithInitializer(Append(initializer, assignment));
            if (creation.Initializer is null && fixedCreation is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } explicitCreation)
            {
                // new Options() { ... } reads better as new Options { ... }
                fixedCreation = explicitCreation.WithArgumentList(null);
            }

            fixedCreation = fixedCreation.WithAdditionalAnnotations(Formatter.Annotation);
            return document.WithSyntaxRoot(root.ReplaceNode(creation, fixedCreation));
        }

        /// <summary>
        /// Appends a member assignment in the initializer's own layout: on the same line for a one-line initializer, on a
        /// new line with the same indentation for a multi-line one, keeping a trailing comma if there was one.
        /// </summary>
        private static InitializerExpressionSyntax Append(InitializerExpressionSyntax initializer, ExpressionSyntax assignment)
        {
            var expressions = initializer.Expressions;
            if (expressions.Count == 0)
            {
                return initializer.WithExpressions(SyntaxFactory.SingletonSeparatedList(assignment));
            }

            var items = new List<SyntaxNodeOrToken>(expressions.GetWithSeparators());
            var last = expressions[expressions.Count - 1];
            if (expressions.SeparatorCount == expressions.Count)
            {
                var trailingComma = expressions.GetSeparator(expressions.Count - 1);
                items.Add(assignment.WithLeadingTrivia(last.GetLeadingTrivia()));
                items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(trailingComma.TrailingTrivia));
            }
            else
            {
                items[items.Count - 1] = last.WithoutTrailingTrivia();
                items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(last.GetTrailingTrivia()));
                items.Add(assignment.WithLeadingTrivia(last.GetLeadingTrivia()).WithTrailingTrivia(last.GetTrailingTrivia()));
            }

            return initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(items));
        }

        /// <summary>
        /// <c>catalog.Sdca(labelColumnName: "y", ...)</c> becomes <c>catalog.Sdca(new SdcaRegressionTrainer.Options { LabelColumnName = "y", ..., NumberOfThreads = 1 })</c>
        /// when the options overload exists and every explicit argument has an options member of the same (Pascal-cased) name.
        /// </summary>
        private static InvocationExpressionSyntax? BuildOptionsOverloadCall(
            IInvocationOperation invocation, InvocationExpressionSyntax invocationSyntax, SemanticModel semanticModel, string optionName, string optionValue)
        {
            var method = invocation.TargetMethod;
            var optionsType = FindOptionsOverloadType(method);
            if (optionsType is null)
            {
                return null;
            }

            var assignments = new List<string>();
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is null
                    || (method.IsExtensionMethod && argument.Parameter.Ordinal == 0))
                {
                    continue;
                }

                var memberName = char.ToUpperInvariant(argument.Parameter.Name[0]) + argument.Parameter.Name.Substring(1);
                var member = FindSettableMember(optionsType, memberName);
                var valueType = argument.Value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand.Type : argument.Value.Type;
                if (member is null || memberName == optionName || argument.Syntax is not ArgumentSyntax argumentSyntax
                    || valueType is null || !semanticModel.Compilation.ClassifyConversion(valueType, MemberType(member)).IsImplicit)
                {
                    return null;
                }

                assignments.Add(memberName + " = " + argumentSyntax.Expression.ToString());
            }

            assignments.Add(optionName + " = " + optionValue);
            var typeName = optionsType.ToMinimalDisplayString(semanticModel, invocationSyntax.SpanStart);
            var optionsExpression = SyntaxFactory.ParseExpression("new " + typeName + " { " + string.Join(", ", assignments) + " }");
            var argumentList = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(optionsExpression)))
                .WithTriviaFrom(invocationSyntax.ArgumentList)
                .WithAdditionalAnnotations(Formatter.Annotation);
            return invocationSyntax.WithArgumentList(argumentList);
        }

        private static ITypeSymbol? FindOptionsOverloadType(IMethodSymbol method)
        {
            var receiverCount = method.IsExtensionMethod ? 1 : 0;
            ITypeSymbol? found = null;
            foreach (var candidate in method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                if (candidate.Parameters.Length != receiverCount + 1
                    || (receiverCount == 1 && !SymbolEqualityComparer.Default.Equals(candidate.Parameters[0].Type, method.Parameters[0].Type)))
                {
                    continue;
                }

                var parameterType = candidate.Parameters[receiverCount].Type;
                if (TrainerOptionsAnalysis.HasMember(parameterType, TrainerOptionsAnalysis.NumberOfThreads) && parameterType is INamedTypeSymbol { IsAbstract: false })
                {
                    if (found is not null)
                    {
                        return null; // two options overloads: ambiguous
                    }

                    found = parameterType;
                }
            }

            return found;
        }

        private static ISymbol? FindSettableMember(ITypeSymbol type, string name)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers(name))
                {
                    if (member is IFieldSymbol { IsReadOnly: false, IsConst: false, DeclaredAccessibility: Accessibility.Public }
                        || member is IPropertySymbol { SetMethod.DeclaredAccessibility: Accessibility.Public })
                    {
                        return member;
                    }
                }
            }

            return null;
        }

        private static ITypeSymbol MemberType(ISymbol member) => member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type;

        private static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode));
        }
    }
}
