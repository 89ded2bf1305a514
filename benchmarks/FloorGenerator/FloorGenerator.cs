using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Benchmarks.Floor
{
    /// <summary>
    /// Binds (GetOperation, nullable analysis off as in the manifest generator) every member body that contains at least one <c>x.Trainers.Name(...)</c> call, once per
    /// member, and generates nothing: the floor under any extraction that has to look at those methods' operations.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class FloorGenerator : IIncrementalGenerator
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Compilation> Copies = new System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Compilation>();

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
            // As the manifest generator binds (ExtractionCompilation): in a copy of the compilation without nullable analysis.
            var compilation = syntax.SemanticModel.Compilation;
            var copy = Copies.GetValue(compilation, static c => c is Microsoft.CodeAnalysis.CSharp.CSharpCompilation csharp
                ? csharp.WithOptions(csharp.Options.WithNullableContextOptions(NullableContextOptions.Disable))
                : c);
            return body is not null && copy.GetSemanticModel(body.SyntaxTree).GetOperation(body, cancellationToken) is { } operation
                ? operation.Syntax.Span.Length
                : 0;
        }
    }
}
