using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Benchmarks.Floor
{
    /// <summary>
    /// Binds (GetOperation) every member body that contains at least one <c>x.Trainers.Name(...)</c> call, once per
    /// member, and generates nothing: the floor under any extraction that has to look at those methods' operations.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class FloorGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var bound = context.SyntaxProvider
                .CreateSyntaxProvider(
                    static (node, _) => node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax
                        && ContainsTrainerCall(node),
                    static (syntax, cancellationToken) => Bind(syntax, cancellationToken))
                .Collect();
            context.RegisterSourceOutput(bound, static (_, _) => { });
        }

        private static bool ContainsTrainerCall(SyntaxNode member)
        {
            foreach (var node in member.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Trainers" } } })
                {
                    return true;
                }
            }

            return false;
        }

        private static int Bind(GeneratorSyntaxContext syntax, CancellationToken cancellationToken)
        {
            var body = syntax.Node switch
            {
                BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
                LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                AccessorDeclarationSyntax accessor => (SyntaxNode?)accessor.Body ?? accessor.ExpressionBody,
                _ => null,
            };
            return body is not null && syntax.SemanticModel.GetOperation(body, cancellationToken) is { } operation
                ? operation.Syntax.Span.Length
                : 0;
        }
    }
}
