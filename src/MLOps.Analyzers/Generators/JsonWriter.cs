using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MLOps.Analyzers.Generators
{
    /// <summary>
    /// A small indented JSON writer for <see cref="JsonNode"/> trees (two spaces, LF line ends, keys in the order the tree
    /// gives: sorted). netstandard2.0 analyzers cannot count on System.Text.Json being loadable in every host.
    /// </summary>
    internal sealed class JsonWriter
    {
        private readonly StringBuilder _text = new StringBuilder();
        private readonly Stack<bool> _hasItems = new Stack<bool>();
        private readonly bool _indented;
        private bool _afterName;

        public JsonWriter(bool indented = true) => _indented = indented;

        public override string ToString() => _text.ToString();

        public JsonWriter StartObject() => Open('{');

        public JsonWriter EndObject() => Close('}');

        public JsonWriter StartArray() => Open('[');

        public JsonWriter EndArray() => Close(']');

        public JsonWriter Name(string name)
        {
            BeforeValue();
            WriteString(_text, name);
            _text.Append(_indented ? ": " : ":");
            _afterName = true;
            return this;
        }

        /// <summary>Writes JSON text that is already valid (a scalar, or a constant rendered by <see cref="ConstantValues"/>).</summary>
        public JsonWriter Raw(string json)
        {
            BeforeValue();
            _text.Append(json);
            return this;
        }

        /// <summary>
        /// A quoted JSON string: quotes, backslashes, control characters, line separators (not valid unescaped in every
        /// JSON consumer) and lone surrogates (not encodable as UTF-8) escaped; everything else, non-ASCII too, as is.
        /// </summary>
        public static void WriteString(StringBuilder builder, string value) => StringLiterals.Append(builder, value, StringLiterals.Kind.Json);

        public static string Quote(string value)
        {
            var builder = new StringBuilder(value.Length + 2);
            WriteString(builder, value);
            return builder.ToString();
        }

        private JsonWriter Open(char bracket)
        {
            BeforeValue();
            _text.Append(bracket);
            _hasItems.Push(false);
            return this;
        }

        private JsonWriter Close(char bracket)
        {
            var hadItems = _hasItems.Pop();
            if (hadItems)
            {
                NewLine();
            }

            _text.Append(bracket);
            return this;
        }

        private void BeforeValue()
        {
            if (_afterName)
            {
                _afterName = false;
                return;
            }

            if (_hasItems.Count > 0)
            {
                if (_hasItems.Peek())
                {
                    _text.Append(',');
                }

                _hasItems.Pop();
                _hasItems.Push(true);
                NewLine();
            }
        }

        private void NewLine()
        {
            if (!_indented)
            {
                return;
            }

            _text.Append('\n');
            _text.Append(' ', _hasItems.Count * 2);
        }
    }
}
