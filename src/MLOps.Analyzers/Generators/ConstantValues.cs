using System;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using MLOps.Analyzers.Model;

namespace MLOps.Analyzers.Generators
{
    /// <summary>Renders the value of an argument as JSON text, with where it comes from (literal, const, default, nonConstant).</summary>
    internal static class ConstantValues
    {
        public const string Literal = "literal";
        public const string Const = "const";
        public const string Default = "default";
        public const string NonConstant = "nonConstant";

        public static ArgumentModel Argument(string name, IArgumentOperation argument)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                var parameter = argument.Parameter;
                var json = parameter is { HasExplicitDefaultValue: true }
                    ? Render(parameter.ExplicitDefaultValue, parameter.Type)
                    : Render(argument.Value, out _);
                return new ArgumentModel(name, json, Default);
            }

            var value = Render(argument.Value, out var provenance);
            return new ArgumentModel(name, value, provenance);
        }

        public static ArgumentModel Value(string name, IOperation value)
        {
            var json = Render(value, out var provenance);
            return new ArgumentModel(name, json, provenance);
        }

        /// <summary>The value as JSON text, or null (provenance nonConstant) when the compiler cannot compute it.</summary>
        public static string? Render(IOperation value, out string provenance)
        {
            var unwrapped = OperationHelpers.SkipConversions(value);
            // The value as the parameter receives it: 'B' passed to an int? is 66, written as a number.
            var constant = OperationHelpers.ConvertedConstant(value);
            if (constant.HasValue)
            {
                provenance = IsLiteral(unwrapped) ? Literal : Const;
                return Render(constant.Value, value.Type ?? unwrapped.Type);
            }

            if (unwrapped is IDefaultValueOperation)
            {
                provenance = Literal;
                return "null";
            }

            if (unwrapped is IArrayCreationOperation { Initializer: { } initializer })
            {
                var builder = new StringBuilder("[");
                var allLiteral = true;
                for (var i = 0; i < initializer.ElementValues.Length; i++)
                {
                    var element = Render(initializer.ElementValues[i], out var elementProvenance);
                    if (element is null)
                    {
                        provenance = NonConstant;
                        return null;
                    }

                    allLiteral &= elementProvenance == Literal;
                    builder.Append(i == 0 ? string.Empty : ",").Append(element);
                }

                provenance = allLiteral ? Literal : Const;
                return builder.Append(']').ToString();
            }

            provenance = NonConstant;
            return null;
        }

        /// <summary>A constant of the given type as JSON: numbers invariant and round-trippable, enums as <c>"Type.Member"</c>.</summary>
        public static string Render(object? constant, ITypeSymbol? type)
        {
            if (constant is null)
            {
                return "null";
            }

            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
            {
                foreach (var member in enumType.GetMembers())
                {
                    if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, constant))
                    {
                        return JsonWriter.Quote(enumType.Name + "." + field.Name);
                    }
                }
            }

            switch (constant)
            {
                case string text:
                    return JsonWriter.Quote(text);
                case char c:
                    return JsonWriter.Quote(c.ToString());
                case bool b:
                    return b ? "true" : "false";
                case float f:
                    return IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : JsonWriter.Quote(f.ToString(CultureInfo.InvariantCulture));
                case double d:
                    return IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : JsonWriter.Quote(d.ToString(CultureInfo.InvariantCulture));
                case decimal m:
                    return m.ToString(CultureInfo.InvariantCulture);
                case IFormattable formattable:
                    return formattable.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return JsonWriter.Quote(constant.ToString() ?? string.Empty);
            }
        }

        private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

        /// <summary>Written as a literal: <c>20</c>, <c>-1</c>, <c>"Label"</c>, <c>nameof(X)</c>, <c>null</c>, <c>default</c>.</summary>
        private static bool IsLiteral(IOperation operation) => operation switch
        {
            ILiteralOperation => true,
            INameOfOperation => true,
            IDefaultValueOperation => true,
            IUnaryOperation { Operand: ILiteralOperation } => true,
            _ => operation.Syntax is LiteralExpressionSyntax,
        };
    }
}
