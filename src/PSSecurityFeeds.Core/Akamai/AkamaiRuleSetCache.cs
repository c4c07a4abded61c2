using System.Runtime.CompilerServices;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Remembers the rules assembled from one combination of decoded rule lists. The parser's value cache hands out
    /// the same list instances for the same encoded lists, so a combination seen before is found by reference and
    /// its rules are not built again. Rules and their array are shared: an event exposes them as a read-only
    /// <see cref="Vocabulary.ValueList{T}"/>, so no event can change another's. Fixed size, one per stream.
    /// </summary>
    internal sealed class AkamaiRuleSetCache
    {
        private const int Slots = 1024; // a power of two: the slot is a mask of the hash

        private readonly Entry?[] _entries = new Entry?[Slots];

        [MethodImpl(HotPath.Compile)]
        public AkamaiSiemRule[] Get(string?[] ids, string?[] versions, string?[] messages, string?[] tags, string?[] data, string?[] selectors, string?[] actions)
        {
            var hash = Combine(Combine(Combine(Combine(Combine(Combine(Id(ids), Id(versions)), Id(messages)), Id(tags)), Id(data)), Id(selectors)), Id(actions));
            var slot = (int)((hash ^ (hash >> 15)) & (Slots - 1));
            var entry = _entries[slot];
            if (entry is null
                || !ReferenceEquals(entry.Ids, ids) || !ReferenceEquals(entry.Versions, versions) || !ReferenceEquals(entry.Messages, messages)
                || !ReferenceEquals(entry.Tags, tags) || !ReferenceEquals(entry.Data, data) || !ReferenceEquals(entry.Selectors, selectors)
                || !ReferenceEquals(entry.Actions, actions))
            {
                entry = new Entry(ids, versions, messages, tags, data, selectors, actions, AkamaiAttackDataDecoder.Decode(ids, versions, messages, tags, data, selectors, actions));
                _entries[slot] = entry;
            }

            return entry.Rules;
        }

        private static uint Id(object list) => (uint)RuntimeHelpers.GetHashCode(list);

        private static uint Combine(uint hash, uint next) => unchecked((hash * 0x9E3779B1u) ^ next);

        private sealed class Entry
        {
            public Entry(string?[] ids, string?[] versions, string?[] messages, string?[] tags, string?[] data, string?[] selectors, string?[] actions, AkamaiSiemRule[] rules)
            {
                Ids = ids;
                Versions = versions;
                Messages = messages;
                Tags = tags;
                Data = data;
                Selectors = selectors;
                Actions = actions;
                Rules = rules;
            }

            public string?[] Ids { get; }

            public string?[] Versions { get; }

            public string?[] Messages { get; }

            public string?[] Tags { get; }

            public string?[] Data { get; }

            public string?[] Selectors { get; }

            public string?[] Actions { get; }

            public AkamaiSiemRule[] Rules { get; }
        }
    }
}
