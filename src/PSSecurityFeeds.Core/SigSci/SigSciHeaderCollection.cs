using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using PSSecurityFeeds.Core.Vocabulary;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// The headers of a request or response as the feed gives them: name/value pairs in their order, where a
    /// name may repeat (Cookie, Set-Cookie). Looked up by name without regard to case, giving every value —
    /// also with PowerShell's dot access ($r.HeadersIn.Host).
    /// </summary>
    public sealed class SigSciHeaderCollection : NamedValues<string[]>
    {
        private readonly List<KeyValuePair<string, string>> _pairs;
        private ByName? _byName;

        public SigSciHeaderCollection(IEnumerable<KeyValuePair<string, string>> pairs)
        {
            _pairs = pairs as List<KeyValuePair<string, string>> ?? pairs.ToList();
        }

        public static SigSciHeaderCollection Empty { get; } = new SigSciHeaderCollection(Array.Empty<KeyValuePair<string, string>>());

        /// <summary>Every name/value pair in the order the feed gave them, repeated names included.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

        /// <summary>The distinct header names, in order of first appearance.</summary>
        public override IEnumerable<string> Keys => Index.Names;

        public override int Count => Index.Names.Count;

        /// <summary>Every value of the header, or an empty array when the header is absent.</summary>
        public override string[] this[string key] => Index.Values.TryGetValue(key, out var values) ? values : Array.Empty<string>();

        public override bool TryGetValue(string key, out string[] value)
        {
            var found = Index.Values.TryGetValue(key, out var values);
            value = values ?? Array.Empty<string>();
            return found;
        }

        public override string ToString() => string.Join("; ", _pairs.Select(p => p.Key + ": " + p.Value));

        // Built on first lookup: most requests of a feed are never looked up by header name, and this would be
        // built twice for each of them (in and out).
        private ByName Index => Volatile.Read(ref _byName) ?? Interlocked.CompareExchange(ref _byName, new ByName(_pairs), null) ?? _byName!;

        /// <summary>The values of each name, without regard to case, and the names in order of first appearance.</summary>
        private sealed class ByName
        {
            public ByName(List<KeyValuePair<string, string>> pairs)
            {
                Names = new List<string>(pairs.Count);
                Values = new Dictionary<string, string[]>(pairs.Count, StringComparer.OrdinalIgnoreCase);
                foreach (var pair in pairs)
                {
                    if (Values.TryGetValue(pair.Key, out var values))
                    {
                        Array.Resize(ref values, values.Length + 1);
                        values[values.Length - 1] = pair.Value;
                        Values[pair.Key] = values;
                    }
                    else
                    {
                        Values.Add(pair.Key, new[] { pair.Value });
                        Names.Add(pair.Key);
                    }
                }
            }

            public List<string> Names { get; }

            public Dictionary<string, string[]> Values { get; }
        }
    }
}
