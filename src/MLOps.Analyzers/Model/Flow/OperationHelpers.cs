using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MLOps.Analyzers.Model
{
    internal static class OperationHelpers
    {
        /// <summary>The type is <paramref name="definition"/> or implements it (compared by original definition, so any
        /// <c>IEstimator&lt;T&gt;</c> matches <c>IEstimator&lt;&gt;</c>).</summary>
        public static bool IsOrImplements(ITypeSymbol? type, INamedTypeSymbol? definition)
        {
            if (type is null || definition is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, definition))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, definition))
                {
                    return true;
                }
            }

            return false;
        }

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

        /// <summary>
        /// The compile-time value the operation has after its conversions: its own constant, or the constant under
        /// conversions the compiler does not fold (to a nullable type, boxing) converted as C# converts it, so
        /// <c>seed: 'A'</c> passed to an <c>int?</c> is 65, not the character. No value when there is no constant.
        /// </summary>
        public static Optional<object?> ConvertedConstant(IOperation operation)
        {
            if (operation.ConstantValue.HasValue)
            {
                return operation.ConstantValue;
            }

            // The outermost operand the compiler folded: (int?)(byte)257 is the byte 1, not the literal 257.
            var inner = operation;
            while (!inner.ConstantValue.HasValue && inner is IConversionOperation or IParenthesizedOperation)
            {
                inner = inner is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)inner).Operand;
            }

            if (!inner.ConstantValue.HasValue)
            {
                return default;
            }

            var value = inner.ConstantValue.Value;
            for (var current = operation; current != inner; current = current is IConversionOperation c ? c.Operand : ((IParenthesizedOperation)current).Operand)
            {
                if (current is IConversionOperation { Conversion.IsUserDefined: true })
                {
                    return inner.ConstantValue; // a user conversion's result is not a constant: the operand is what the source says
                }
            }

            // The innermost numeric type the value is converted to (int for int?, none for object).
            ITypeSymbol? target = null;
            for (var current = operation; current != inner; current = current is IConversionOperation c ? c.Operand : ((IParenthesizedOperation)current).Operand)
            {
                var type = current.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments: { Length: 1 } arguments } ? arguments[0] : current.Type;
                if (type is not null && IsNumeric(type.SpecialType))
                {
                    target = type;
                    break;
                }
            }

            if (value is null || target is null)
            {
                return new Optional<object?>(value);
            }

            return new Optional<object?>(ConvertNumeric(value, target.SpecialType) ?? value);
        }

        private static bool IsNumeric(SpecialType type) => type is SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double
            or SpecialType.System_Decimal;

        /// <summary>A numeric or char constant converted to <paramref name="target"/> as an unchecked C# cast does; null when it cannot be.</summary>
        private static object? ConvertNumeric(object value, SpecialType target)
        {
            try
            {
                unchecked
                {
                    switch (value)
                    {
                        case double or float:
                            var d = System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                            return target switch
                            {
                                SpecialType.System_Char => (char)d,
                                SpecialType.System_SByte => (sbyte)d,
                                SpecialType.System_Byte => (byte)d,
                                SpecialType.System_Int16 => (short)d,
                                SpecialType.System_UInt16 => (ushort)d,
                                SpecialType.System_Int32 => (int)d,
                                SpecialType.System_UInt32 => (uint)d,
                                SpecialType.System_Int64 => (long)d,
                                SpecialType.System_UInt64 => (ulong)d,
                                SpecialType.System_Single => (float)d,
                                SpecialType.System_Double => d,
                                SpecialType.System_Decimal => (decimal)d,
                                _ => null,
                            };
                        case decimal m:
                            return target switch
                            {
                                SpecialType.System_Char => (char)m,
                                SpecialType.System_SByte => (sbyte)m,
                                SpecialType.System_Byte => (byte)m,
                                SpecialType.System_Int16 => (short)m,
                                SpecialType.System_UInt16 => (ushort)m,
                                SpecialType.System_Int32 => (int)m,
                                SpecialType.System_UInt32 => (uint)m,
                                SpecialType.System_Int64 => (long)m,
                                SpecialType.System_UInt64 => (ulong)m,
                                SpecialType.System_Single => (float)m,
                                SpecialType.System_Double => (double)m,
                                SpecialType.System_Decimal => m,
                                _ => null,
                            };
                        case char or sbyte or byte or short or ushort or int or uint or long or ulong:
                            // Integral values: as their 64 bits (ulong keeps values above long.MaxValue), then truncated.
                            var isUnsigned = value is ulong;
                            var bits = isUnsigned ? (long)(ulong)value : System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                            return target switch
                            {
                                SpecialType.System_Char => (char)bits,
                                SpecialType.System_SByte => (sbyte)bits,
                                SpecialType.System_Byte => (byte)bits,
                                SpecialType.System_Int16 => (short)bits,
                                SpecialType.System_UInt16 => (ushort)bits,
                                SpecialType.System_Int32 => (int)bits,
                                SpecialType.System_UInt32 => (uint)bits,
                                SpecialType.System_Int64 => bits,
                                SpecialType.System_UInt64 => (ulong)bits,
                                SpecialType.System_Single => isUnsigned ? (float)(ulong)bits : (float)bits,
                                SpecialType.System_Double => isUnsigned ? (double)(ulong)bits : (double)bits,
                                SpecialType.System_Decimal => isUnsigned ? (decimal)(ulong)bits : (decimal)bits,
                                _ => null,
                            };
                        default:
                            return null;
                    }
                }
            }
            catch (System.OverflowException)
            {
                return null;
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

        /// <summary>
        /// The initializer of a local that is never assigned again (nor passed by reference) in its body. Answered from the
        /// body's <see cref="LocalIndex"/> (one walk per body, shared), not by walking the body again.
        /// </summary>
        public static IOperation? FindSingleInitializer(ILocalReferenceOperation reference) =>
            LocalIndex.Of(reference).Facts(reference.Local) is { AssignedAfterDeclaration: false } facts ? facts.Initializer : null;

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
