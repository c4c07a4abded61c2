using System;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// A small direct-mapped cache from UTF-8 bytes to a value made from them. SIEM events repeat the same
    /// hosts, countries and rule lists over and over; decoding each distinct value once saves most of the work
    /// and allocations of typed parsing. Fixed size, so memory stays bounded whatever the data; not thread-safe
    /// (one per stream).
    /// </summary>
    internal sealed class Utf8ValueCache<T> where T : class
    {
        private readonly byte[]?[] _keys;
        private readonly T?[] _values;
        private readonly int _maxKeyLength;

        public Utf8ValueCache(int slots, int maxKeyLength)
        {
            _keys = new byte[slots][];
            _values = new T[slots];
            _maxKeyLength = maxKeyLength;
        }

        public delegate T Factory(ReadOnlySpan<byte> key);

        public T GetOrAdd(ReadOnlySpan<byte> key, Factory create)
        {
            if (key.Length > _maxKeyLength)
            {
                return create(key);
            }

            var hash = default(LineHash);
            hash.Add(key);
            var slot = (int)(hash.Value % (ulong)_keys.Length);
            if (_keys[slot] is { } cached && key.SequenceEqual(cached))
            {
                return _values[slot]!;
            }

            var value = create(key);
            _keys[slot] = key.ToArray();
            _values[slot] = value;
            return value;
        }
    }
}
