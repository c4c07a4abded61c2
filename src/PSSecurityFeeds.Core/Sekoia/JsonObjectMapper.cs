using System;
using System.Collections.Generic;
using System.Text.Json;
using PSSecurityFeeds.Core.Vocabulary;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// Turns JSON into plain .NET values the way ConvertFrom-Json does — objects become whatever
    /// <see cref="NewObject"/> makes (a PSCustomObject in the module), arrays a <see cref="ValueList{T}"/> of
    /// objects (a list that Export-Csv prints as its values), integers long, other numbers double, true/false
    /// bool, null null — so the walking is tested here and the PowerShell side only says how to make an object
    /// from its properties. Not thread-safe: one mapper maps one value at a time.
    /// </summary>
    public abstract class JsonObjectMapper
    {
        // Above this many properties, names are told apart with a set instead of by comparing each with the others.
        private const int LinearNameCheck = 16;

        // One list per depth of nesting, reused from object to object.
        private readonly List<List<KeyValuePair<string, object?>>> _properties = new List<List<KeyValuePair<string, object?>>>();
        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public object? Map(JsonElement element) => Map(element, 0);

        /// <summary>
        /// Maps a JSON object with some properties of the caller's in front of its own fields; a field that has the
        /// name of one of them replaces it.
        /// </summary>
        protected object MapObject(JsonElement element, IEnumerable<KeyValuePair<string, object?>> leading) => NewObject(PropertiesOf(element, 0, leading));

        /// <summary>
        /// Makes an object of these properties, whose names differ (also without regard to case, as PowerShell
        /// compares them): a name seen twice in one object keeps its last value, in the place of the last.
        /// </summary>
        protected abstract object NewObject(IReadOnlyList<KeyValuePair<string, object?>> properties);

        private object? Map(JsonElement element, int depth)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    return NewObject(PropertiesOf(element, depth, null));
                case JsonValueKind.Array:
                    var items = new object?[element.GetArrayLength()];
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        items[index++] = Map(item, depth + 1);
                    }

                    return new ValueList<object?>(items);
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    return element.TryGetInt64(out var integer) ? (object)integer : element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        private List<KeyValuePair<string, object?>> PropertiesOf(JsonElement element, int depth, IEnumerable<KeyValuePair<string, object?>>? leading)
        {
            while (_properties.Count <= depth)
            {
                _properties.Add(new List<KeyValuePair<string, object?>>());
            }

            var properties = _properties[depth];
            properties.Clear();
            if (leading is not null)
            {
                properties.AddRange(leading);
            }

            foreach (var property in element.EnumerateObject())
            {
                var value = Map(property.Value, depth + 1);
                properties.Add(new KeyValuePair<string, object?>(property.Name, value));
            }

            if (HasRepeatedName(properties))
            {
                KeepLastOfEachName(properties);
            }

            return properties;
        }

        private bool HasRepeatedName(List<KeyValuePair<string, object?>> properties)
        {
            if (properties.Count > LinearNameCheck)
            {
                _names.Clear();
                foreach (var property in properties)
                {
                    if (!_names.Add(property.Key))
                    {
                        return true;
                    }
                }

                return false;
            }

            for (var i = 1; i < properties.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(properties[i].Key, properties[j].Key, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Drops each property that a later one of the same name replaces (rare: only a malformed object repeats a name).</summary>
        private static void KeepLastOfEachName(List<KeyValuePair<string, object?>> properties)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var kept = new List<KeyValuePair<string, object?>>(properties.Count);
            for (var i = properties.Count - 1; i >= 0; i--)
            {
                if (seen.Add(properties[i].Key))
                {
                    kept.Add(properties[i]);
                }
            }

            kept.Reverse();
            properties.Clear();
            properties.AddRange(kept);
        }
    }
}
