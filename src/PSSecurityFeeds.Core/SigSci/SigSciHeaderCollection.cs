using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// The headers of a request or response as the feed gives them: name/value pairs in their order, where a
    /// name may repeat (Cookie, Set-Cookie). Looked up by name without regard to case, giving every value.
    /// </summary>
    public sealed class SigSciHeaderCollection : IReadOnlyDictionary<string, string[]>
    {
        private readonly List<KeyValuePair<string, string>> _pairs;
        private readonly Dictionary<string, string[]> _byName;
        private readonly List<string> _names;

        public SigSciHeaderCollection(IEnumerable<KeyValuePair<string, string>> pairs)
        {
            // One pass: this runs for every request of the feed, twice.
            _pairs = pairs as List<KeyValuePair<string, string>> ?? pairs.ToList();
            _names = new List<string>(_pairs.Count);
            _byName = new Dictionary<string, string[]>(_pairs.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var pair in _pairs)
            {
                if (_byName.TryGetValue(pair.Key, out var values))
                {
                    Array.Resize(ref values, values.Length + 1);
                    values[values.Length - 1] = pair.Value;
                    _byName[pair.Key] = values;
                }
                else
                {
                    _byName.Add(pair.Key, new[] { pair.Value });
                    _names.Add(pair.Key);
                }
            }
        }

        public static SigSciHeaderCollection Empty { get; } = new SigSciHeaderCollection(Array.Empty<KeyValuePair<string, string>>());

        /// <summary>Every name/value pair in the order the feed gave them, repeated names included.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

        /// <summary>The distinct header names, in order of first appearance.</summary>
        public IEnumerable<string> Keys => _names;

        public IEnumerable<string[]> Values => _names.Select(n => _byName[n]);

        public int Count => _names.Count;

        /// <summary>Every value of the header, or an empty array when the header is absent.</summary>
        public string[] this[string key] => _byName.TryGetValue(key, out var values) ? values : Array.Empty<string>();

        public bool ContainsKey(string key) => _byName.ContainsKey(key);

        public bool TryGetValue(string key, out string[] value)
        {
            var found = _byName.TryGetValue(key, out var values);
            value = values ?? Array.Empty<string>();
            return found;
        }

        public IEnumerator<KeyValuePair<string, string[]>> GetEnumerator() =>
            _names.Select(n => new KeyValuePair<string, string[]>(n, _byName[n])).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => string.Join("; ", _pairs.Select(p => p.Key + ": " + p.Value));
    }
}
