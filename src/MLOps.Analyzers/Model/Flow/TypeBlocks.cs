using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MLOps.Analyzers.Model
{
    /// <summary>
    /// The operation blocks of a named type's own members, read on demand: method, constructor, operator and accessor bodies
    /// (expression bodies included), field and property initializers, and the top-level statements of the type that holds
    /// them. Nested types are not included (they are types of their own). These are the blocks the analyzer driver hands to
    /// an operation-block action of the type's members.
    /// </summary>
    /// <remarks>
    /// Why the model reads them itself instead of collecting them between a symbol-start and a symbol-end action: a
    /// symbol-start action makes the driver track, for every member of every type of the compilation, whether the type's
    /// end actions may run, under a lock per analyzer. On the 1,000-file workload that bookkeeping cost more than the rules
    /// themselves, while the types that need a model are few. Reading the blocks costs no extra binding: in the compiler and
    /// in the IDE the analyzer driver attaches a caching semantic-model provider to the compilation it analyses, so
    /// <see cref="Compilation.GetSemanticModel"/> returns the model the driver uses, and an operation tree is bound once and
    /// shared.
    /// </remarks>
    internal static class TypeBlocks
    {
        /// <summary>One operation block and its owning member.</summary>
        internal readonly struct MemberBlock
        {
            public MemberBlock(ISymbol member, IOperation block)
            {
                Member = member;
                Block = block;
            }

            public ISymbol Member { get; }

            public IOperation Block { get; }
        }

        /// <summary>The blocks alone.</summary>
        public static IReadOnlyList<IOperation> Of(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        {
            var members = OfMembers(type, compilation, cancellationToken);
            var blocks = new IOperation[members.Count];
            for (var i = 0; i < blocks.Length; i++)
            {
                blocks[i] = members[i].Block;
            }

            return blocks;
        }

        /// <summary>
        /// Each block with the member that owns it (the symbol the driver gives as an operation's containing symbol: the
        /// method or accessor, the field or property of an initializer, the entry point of top-level statements).
        /// </summary>
        public static IReadOnlyList<MemberBlock> OfMembers(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        {
            var blocks = new List<MemberBlock>();
            var models = new Dictionary<SyntaxTree, SemanticModel>();
            foreach (var declared in type.GetMembers())
            {
                if (declared is INamedTypeSymbol)
                {
                    continue;
                }

                // A partial method is listed by its definition; its body is the implementation part's.
                var member = declared is IMethodSymbol { PartialImplementationPart: { } implementation } ? implementation : declared;
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (BlockSyntax(reference.GetSyntax(cancellationToken)) is not { } node)
                    {
                        continue;
                    }

                    if (!models.TryGetValue(node.SyntaxTree, out var model))
                    {
                        if (!compilation.ContainsSyntaxTree(node.SyntaxTree))
                        {
                            continue;
                        }

#pragma warning disable RS1030 // The driver's caching provider answers: the driver's own model, no second binding (see remarks).
                        model = compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
                        models.Add(node.SyntaxTree, model);
                    }

                    if (model.GetOperation(node, cancellationToken) is { } operation)
                    {
                        blocks.Add(new MemberBlock(member, operation));
                    }
                }
            }

            return blocks;
        }

        /// <summary>The node whose operation is the member's block, or null when the declaration has none.</summary>
        private static SyntaxNode? BlockSyntax(SyntaxNode declaration) => declaration switch
        {
            BaseMethodDeclarationSyntax method => method.Body is not null || method.ExpressionBody is not null ? method : null,
            AccessorDeclarationSyntax accessor => accessor.Body is not null || accessor.ExpressionBody is not null ? accessor : null,
            // An expression-bodied property or indexer: its getter's declaring syntax is the arrow clause.
            ArrowExpressionClauseSyntax arrow => arrow,
            VariableDeclaratorSyntax { Initializer: { } initializer } => initializer,
            PropertyDeclarationSyntax { Initializer: { } initializer } => initializer,
            EnumMemberDeclarationSyntax { EqualsValue: { } value } => value,
            // Top-level statements: the compilation unit is the declaration of the generated entry point.
            CompilationUnitSyntax unit => HasGlobalStatements(unit) ? unit : null,
            _ => null,
        };

        private static bool HasGlobalStatements(CompilationUnitSyntax unit)
        {
            foreach (var member in unit.Members)
            {
                if (member.IsKind(SyntaxKind.GlobalStatement))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
