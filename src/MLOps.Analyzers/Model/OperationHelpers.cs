using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    internal static class OperationHelpers
    {
        /// <summary>Strips implicit and explicit conversions and parentheses.</summary>
        public static IOperation SkipConversions(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>The first ancestor that is not a conversion or parentheses.</summary>
        public static IOperation? ParentSkippingConversions(IOperation operation)
        {
            var parent = operation.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            return parent;
        }

        /// <summary>The symbol a reference denotes: a local, parameter, field or property.</summary>
        public static ISymbol? GetReferencedSymbol(IOperation? operation) => operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };

        /// <summary>The outermost operation of the body the operation belongs to.</summary>
        public static IOperation GetRoot(IOperation operation)
        {
            var current = operation;
            while (current.Parent is not null)
            {
                current = current.Parent;
            }

            return current;
        }

        /// <summary>The initializer of a local that is never assigned again (nor passed by reference) in its body.</summary>
        public static IOperation? FindSingleInitializer(ILocalReferenceOperation reference)
        {
            IOperation? initializer = null;
            foreach (var operation in OperationHelpers.GetRoot(reference).Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                        initializer = declarator.Initializer?.Value;
                        break;
                    case IAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                        return null;
                    case IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation passed }
                        when SymbolEqualityComparer.Default.Equals(passed.Local, reference.Local):
                        return null;
                }
            }

            return initializer;
        }

        /// <summary>
        /// A field's initializer, when the field is declared in the file of <paramref name="reference"/> (its semantic model
        /// can bind it without asking the compilation for another tree's model).
        /// </summary>
        public static IOperation? GetFieldInitializer(IFieldSymbol field, IOperation reference)
        {
            var semanticModel = reference.SemanticModel;
            if (semanticModel is null)
            {
                return null;
            }

            foreach (var syntaxReference in field.DeclaringSyntaxReferences)
            {
                if (syntaxReference.SyntaxTree == semanticModel.SyntaxTree
                    && syntaxReference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } valueSyntax })
                {
                    return semanticModel.GetOperation(valueSyntax);
                }
            }

            return null;
        }

        /// <summary>The type whose code contains the operation (helpers of that type may be followed).</summary>
        public static INamedTypeSymbol? OwnerType(IOperation operation) =>
            operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart)?.ContainingType;

        /// <summary>True when a symbol's declaration is in source (so the project's own code can be looked at).</summary>
        public static bool IsInSource(ISymbol symbol)
        {
            foreach (var location in symbol.Locations)
            {
                if (location.IsInSource)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
