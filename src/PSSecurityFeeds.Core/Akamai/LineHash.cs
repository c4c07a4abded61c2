using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// A running 64-bit hash over the raw lines delivered from one response, to check that a re-sent response
    /// starts with exactly the lines already delivered. Not cryptographic; eight bytes per step keeps it cheap.
    /// </summary>
    internal struct LineHash
    {
        private const ulong Prime = 0x9E3779B97F4A7C15UL;

        private LineHash(ulong value) => Value = value;

        public ulong Value { get; private set; }

        /// <summary>A hash saved with <see cref="ToString"/>; an unreadable one is zero, which no run of lines matches by chance.</summary>
        public static LineHash Parse(string hex) =>
            new LineHash(ulong.TryParse(hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0);

        [MethodImpl(HotPath.Compile)]
        public void Add(ReadOnlySpan<byte> line)
        {
            var hash = Value ^ ((ulong)line.Length * Prime);
            while (line.Length >= 8)
            {
                hash = Mix(hash, BinaryPrimitives.ReadUInt64LittleEndian(line));
                line = line.Slice(8);
            }

            ulong tail = 0;
            for (var i = 0; i < line.Length; i++)
            {
                tail |= (ulong)line[i] << (8 * i);
            }

            Value = Mix(hash, tail);
        }

        public override string ToString() => Value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

        private static ulong Mix(ulong hash, ulong word)
        {
            hash ^= word * Prime;
            hash = (hash << 27) | (hash >> 37);
            return hash * 5 + 0x52DCE729;
        }
    }
}
