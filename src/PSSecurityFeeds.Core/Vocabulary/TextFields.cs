using System;
using System.Collections.Generic;

namespace PSSecurityFeeds.Core.Vocabulary
{
    /// <summary>
    /// Text fields by name, in the order given — an Akamai event's headers or botData, the fields of a feed this
    /// version does not model (as text, or raw JSON for an object or array). Looked up without regard to case.
    /// </summary>
    public sealed class TextFields : NamedValues<string>
    {
        private readonly List<string> _names;
        private readonly Dictionary<string, string> _values;

        /// <param name="fields">The fields in order; a name given twice keeps its last value.</param>
        public TextFields(IEnumerable<KeyValuePair<string, string>> fields)
        {
            _names = new List<string>();
            _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in fields)
            {
                if (!_values.ContainsKey(field.Key))
                {
                    _names.Add(field.Key);
                }

                _values[field.Key] = field.Value;
            }
        }

        public override IEnumerable<string> Keys => _names;

        public override int Count => _names.Count;

        public override bool TryGetValue(string key, out string value)
        {
            var found = _values.TryGetValue(key, out var text);
            value = text ?? string.Empty;
            return found;
        }

        /// <summary>A view of a dictionary that may be null, for the optional sections of an event.</summary>
        public static TextFields? Of(IReadOnlyDictionary<string, string>? fields) => fields is null ? null : fields as TextFields ?? new TextFields(fields);
    }
}
