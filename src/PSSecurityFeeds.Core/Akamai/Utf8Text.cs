using System;
using System.Text;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>UTF-8 bytes to a string on both targets (netstandard2.0 has no span overload).</summary>
    internal static class Utf8Text
    {
        public static string From(ReadOnlySpan<byte> bytes) =>
#if NET
            Encoding.UTF8.GetString(bytes);
#else
            Encoding.UTF8.GetString(bytes.ToArray());
#endif
    }
}
