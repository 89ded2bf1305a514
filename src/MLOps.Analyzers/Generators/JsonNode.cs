using System;
using System.Collections.Generic;

namespace MLOps.Analyzers.Generators
{
    /// <summary>
    /// A minimal JSON tree for the manifest writer: objects keep their keys sorted (ordinal), so the output does not depend
    /// on the order the writer adds them in.
    /// </summary>
    internal abstract class JsonNode
    {
        public abstract void WriteTo(JsonWriter writer);

        public static JsonNode String(string? value) => new JsonRaw(value is null ? "null" : JsonWriter.Quote(value));

        public static JsonNode Number(int value) => new JsonRaw(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public static JsonNode Bool(bool value) => new JsonRaw(value ? "true" : "false");

        public static JsonNode Raw(string? json) => new JsonRaw(json ?? "null");

        public static JsonNode Null { get; } = new JsonRaw("null");

        public static JsonArray Strings(IEnumerable<string> values)
        {
            var array = new JsonArray();
            foreach (var value in values)
            {
                array.Add(String(value));
            }

            return array;
        }

        public string ToJson(bool indented)
        {
            var writer = new JsonWriter(indented);
            WriteTo(writer);
            return writer.ToString();
        }
    }

    internal sealed class JsonRaw : JsonNode
    {
        private readonly string _json;

        public JsonRaw(string json) => _json = json;

        public override void WriteTo(JsonWriter writer) => writer.Raw(_json);
    }

    internal sealed class JsonObject : JsonNode
    {
        // A list sorted once, when written: objects have a few dozen keys at most, and a sorted tree per object cost the
        // manifest writer more than the rest of its work (measured in a cold csc on the 1,000-file workload).
        private readonly List<KeyValuePair<string, JsonNode>> _properties = new List<KeyValuePair<string, JsonNode>>();

        public JsonObject Add(string name, JsonNode value)
        {
            for (var i = 0; i < _properties.Count; i++)
            {
                if (string.Equals(_properties[i].Key, name, StringComparison.Ordinal))
                {
                    _properties[i] = new KeyValuePair<string, JsonNode>(name, value);
                    return this;
                }
            }

            _properties.Add(new KeyValuePair<string, JsonNode>(name, value));
            return this;
        }

        public JsonObject Add(string name, string? value) => Add(name, String(value));

        public JsonObject Add(string name, int value) => Add(name, Number(value));

        public JsonObject Add(string name, bool value) => Add(name, Bool(value));

        public override void WriteTo(JsonWriter writer)
        {
            _properties.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            writer.StartObject();
            foreach (var pair in _properties)
            {
                writer.Name(pair.Key);
                pair.Value.WriteTo(writer);
            }

            writer.EndObject();
        }
    }

    internal sealed class JsonArray : JsonNode
    {
        private readonly List<JsonNode> _items = new List<JsonNode>();

        public JsonArray Add(JsonNode item)
        {
            _items.Add(item);
            return this;
        }

        public override void WriteTo(JsonWriter writer)
        {
            writer.StartArray();
            foreach (var item in _items)
            {
                item.WriteTo(writer);
            }

            writer.EndArray();
        }
    }
}
