using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MLOps.Analyzers.Generators
{
    /// <summary>
    /// A small JSON reader for the test-scaffolding generator, which reads the manifests embedded in referenced assemblies
    /// (System.Text.Json is not available to every analyzer host). Values are <see cref="JsonValue"/>; it throws
    /// <see cref="FormatException"/> on malformed text, and the generator treats that manifest as absent.
    /// </summary>
    internal static class JsonReader
    {
        public static JsonValue Parse(string text)
        {
            var index = 0;
            var value = ReadValue(text, ref index, 0);
            SkipWhitespace(text, ref index);
            if (index != text.Length)
            {
                throw new FormatException("Unexpected text after the JSON value at " + index);
            }

            return value;
        }

        private static JsonValue ReadValue(string text, ref int index, int depth)
        {
            if (depth > 64)
            {
                throw new FormatException("JSON nested too deeply");
            }

            SkipWhitespace(text, ref index);
            if (index >= text.Length)
            {
                throw new FormatException("Unexpected end of JSON");
            }

            switch (text[index])
            {
                case '{':
                    return ReadObject(text, ref index, depth);
                case '[':
                    return ReadArray(text, ref index, depth);
                case '"':
                    return JsonValue.FromString(ReadString(text, ref index));
                case 't':
                    Expect(text, ref index, "true");
                    return JsonValue.True;
                case 'f':
                    Expect(text, ref index, "false");
                    return JsonValue.False;
                case 'n':
                    Expect(text, ref index, "null");
                    return JsonValue.Null;
                default:
                    return ReadNumber(text, ref index);
            }
        }

        private static JsonValue ReadObject(string text, ref int index, int depth)
        {
            var properties = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
            index++;
            SkipWhitespace(text, ref index);
            if (index < text.Length && text[index] == '}')
            {
                index++;
                return JsonValue.FromObject(properties);
            }

            while (true)
            {
                SkipWhitespace(text, ref index);
                if (index >= text.Length || text[index] != '"')
                {
                    throw new FormatException("Expected a property name at " + index);
                }

                var name = ReadString(text, ref index);
                SkipWhitespace(text, ref index);
                if (index >= text.Length || text[index] != ':')
                {
                    throw new FormatException("Expected ':' at " + index);
                }

                index++;
                properties[name] = ReadValue(text, ref index, depth + 1);
                SkipWhitespace(text, ref index);
                if (index < text.Length && text[index] == ',')
                {
                    index++;
                    continue;
                }

                if (index < text.Length && text[index] == '}')
                {
                    index++;
                    return JsonValue.FromObject(properties);
                }

                throw new FormatException("Expected ',' or '}' at " + index);
            }
        }

        private static JsonValue ReadArray(string text, ref int index, int depth)
        {
            var items = new List<JsonValue>();
            index++;
            SkipWhitespace(text, ref index);
            if (index < text.Length && text[index] == ']')
            {
                index++;
                return JsonValue.FromArray(items);
            }

            while (true)
            {
                items.Add(ReadValue(text, ref index, depth + 1));
                SkipWhitespace(text, ref index);
                if (index < text.Length && text[index] == ',')
                {
                    index++;
                    continue;
                }

                if (index < text.Length && text[index] == ']')
                {
                    index++;
                    return JsonValue.FromArray(items);
                }

                throw new FormatException("Expected ',' or ']' at " + index);
            }
        }

        private static string ReadString(string text, ref int index)
        {
            var builder = new StringBuilder();
            index++; // opening quote
            while (index < text.Length)
            {
                var c = text[index++];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                if (index >= text.Length)
                {
                    break;
                }

                var escape = text[index++];
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (index + 4 > text.Length
                            || !int.TryParse(text.Substring(index, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            throw new FormatException("Bad \\u escape at " + index);
                        }

                        builder.Append((char)code);
                        index += 4;
                        break;
                    default:
                        throw new FormatException("Bad escape at " + index);
                }
            }

            throw new FormatException("Unterminated string");
        }

        private static JsonValue ReadNumber(string text, ref int index)
        {
            var start = index;
            while (index < text.Length && (char.IsDigit(text[index]) || text[index] is '-' or '+' or '.' or 'e' or 'E'))
            {
                index++;
            }

            var token = text.Substring(start, index - start);
            if (token.Length == 0 || !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw new FormatException("Unexpected character at " + start);
            }

            return JsonValue.FromNumber(token);
        }

        private static void Expect(string text, ref int index, string word)
        {
            if (string.CompareOrdinal(text, index, word, 0, word.Length) != 0)
            {
                throw new FormatException("Expected " + word + " at " + index);
            }

            index += word.Length;
        }

        private static void SkipWhitespace(string text, ref int index)
        {
            while (index < text.Length && text[index] is ' ' or '\t' or '\n' or '\r')
            {
                index++;
            }
        }
    }

    internal enum JsonKind
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object,
    }

    /// <summary>A parsed JSON value. Missing members read as <see cref="Null"/>, so lookups chain without checks.</summary>
    internal sealed class JsonValue
    {
        public static readonly JsonValue Null = new JsonValue(JsonKind.Null, null, null, null);
        public static readonly JsonValue True = new JsonValue(JsonKind.Bool, "true", null, null);
        public static readonly JsonValue False = new JsonValue(JsonKind.Bool, "false", null, null);

        private readonly string? _scalar;
        private readonly List<JsonValue>? _items;
        private readonly Dictionary<string, JsonValue>? _properties;

        private JsonValue(JsonKind kind, string? scalar, List<JsonValue>? items, Dictionary<string, JsonValue>? properties)
        {
            Kind = kind;
            _scalar = scalar;
            _items = items;
            _properties = properties;
        }

        public JsonKind Kind { get; }

        public bool IsNull => Kind == JsonKind.Null;

        public IReadOnlyList<JsonValue> Items => (IReadOnlyList<JsonValue>?)_items ?? Array.Empty<JsonValue>();

        public IEnumerable<KeyValuePair<string, JsonValue>> Properties => (IEnumerable<KeyValuePair<string, JsonValue>>?)_properties ?? Array.Empty<KeyValuePair<string, JsonValue>>();

        public JsonValue this[string name] => _properties is not null && _properties.TryGetValue(name, out var value) ? value : Null;

        /// <summary>The string value, or null for anything else.</summary>
        public string? String => Kind == JsonKind.String ? _scalar : null;

        /// <summary>The number as written in the JSON (invariant culture), or null.</summary>
        public string? NumberText => Kind == JsonKind.Number ? _scalar : null;

        public bool? Bool => Kind == JsonKind.Bool ? _scalar == "true" : (bool?)null;

        public int? Int => Kind == JsonKind.Number && int.TryParse(_scalar, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (int?)null;

        public static JsonValue FromString(string value) => new JsonValue(JsonKind.String, value, null, null);

        public static JsonValue FromNumber(string text) => new JsonValue(JsonKind.Number, text, null, null);

        public static JsonValue FromArray(List<JsonValue> items) => new JsonValue(JsonKind.Array, null, items, null);

        public static JsonValue FromObject(Dictionary<string, JsonValue> properties) => new JsonValue(JsonKind.Object, null, null, properties);
    }
}
