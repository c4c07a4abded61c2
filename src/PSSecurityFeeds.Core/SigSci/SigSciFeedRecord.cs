using System;
using System.Runtime.InteropServices;
using System.Text;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>One request as the feed read hands it out: its raw JSON, and the parsed request or the error that kept it from being parsed.</summary>
    public sealed class SigSciFeedRecord
    {
        private readonly ReadOnlyMemory<byte> _utf8;
        private string? _json;

        internal SigSciFeedRecord(string site, ReadOnlyMemory<byte> utf8, SigSciRequest? request, FeedException? error)
        {
            Site = site;
            _utf8 = utf8;
            Request = request;
            Error = error;
        }

        public string Site { get; }

        /// <summary>The request object exactly as the feed sent it.</summary>
        public string Json => _json ??= MemoryMarshal.TryGetArray(_utf8, out var bytes) ? Encoding.UTF8.GetString(bytes.Array!, bytes.Offset, bytes.Count) : Encoding.UTF8.GetString(_utf8.ToArray());

        /// <summary>The parsed request; null with -Raw or when <see cref="Error"/> is set.</summary>
        public SigSciRequest? Request { get; }

        /// <summary>Why this one request could not be parsed; the read goes on with the next.</summary>
        public FeedException? Error { get; }
    }
}
