using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using PSSecurityFeeds.Core.Diagnostics;

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
        private const ulong Prime = 0x9E3779B97F4A7C15UL;
        private const ulong OtherPrime = 0xC2B2AE3D27D4EB4FUL;

        private readonly byte[]?[] _keys;
        private readonly T?[] _values;
        private readonly int _maxKeyLength;

        /// <param name="slots">A power of two, so a slot is a mask of the hash rather than a division.</param>
        public Utf8ValueCache(int slots, int maxKeyLength)
        {
            if (slots <= 0 || (slots & (slots - 1)) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(slots), slots, "The number of slots must be a power of two.");
            }

            _keys = new byte[slots][];
            _values = new T[slots];
            _maxKeyLength = maxKeyLength;
        }

        public delegate T Factory(ReadOnlySpan<byte> key);

        [MethodImpl(HotPath.Compile)]
        public T GetOrAdd(ReadOnlySpan<byte> key, Factory create)
        {
            if (key.Length > _maxKeyLength)
            {
                return create(key);
            }

            var slot = (int)Hash(key) & (_keys.Length - 1);
            if (_keys[slot] is { } cached && key.SequenceEqual(cached))
            {
                return _values[slot]!;
            }

            var value = create(key);
            _keys[slot] = key.ToArray();
            _values[slot] = value;
            return value;
        }

        /// <summary>
        /// A fast hash only to pick a slot (a hit is confirmed by comparing the bytes): four independent lanes over
        /// 32 bytes per step, so a rule list of several hundred bytes costs a few dozen multiplications.
        /// </summary>
        [MethodImpl(HotPath.Compile)]
        private static ulong Hash(ReadOnlySpan<byte> key)
        {
            ulong a = (ulong)key.Length * Prime, b = OtherPrime, c = Prime ^ OtherPrime, d = 0;
            while (key.Length >= 32)
            {
                a = Step(a, BinaryPrimitives.ReadUInt64LittleEndian(key));
                b = Step(b, BinaryPrimitives.ReadUInt64LittleEndian(key.Slice(8)));
                c = Step(c, BinaryPrimitives.ReadUInt64LittleEndian(key.Slice(16)));
                d = Step(d, BinaryPrimitives.ReadUInt64LittleEndian(key.Slice(24)));
                key = key.Slice(32);
            }

            while (key.Length >= 8)
            {
                a = Step(a, BinaryPrimitives.ReadUInt64LittleEndian(key));
                key = key.Slice(8);
            }

            ulong tail = 0;
            for (var i = 0; i < key.Length; i++)
            {
                tail |= (ulong)key[i] << (8 * i);
            }

            var hash = Step(a, tail) ^ RotateLeft(b, 17) ^ RotateLeft(c, 31) ^ RotateLeft(d, 47);
            hash ^= hash >> 29;
            hash *= OtherPrime;
            return hash ^ (hash >> 32);
        }

        private static ulong Step(ulong lane, ulong word) => RotateLeft(lane ^ (word * OtherPrime), 31) * Prime;

        private static ulong RotateLeft(ulong value, int bits) => (value << bits) | (value >> (64 - bits));
    }
}
