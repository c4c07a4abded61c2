using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>One request as the feed read hands it out: its raw JSON, and the parsed request or the error that kept it from being parsed.</summary>
    public sealed class SigSciFeedRecord
    {
        internal SigSciFeedRecord(string site, string json, SigSciRequest? request, FeedException? error)
        {
            Site = site;
            Json = json;
            Request = request;
            Error = error;
        }

        public string Site { get; }

        /// <summary>The request object exactly as the feed sent it.</summary>
        public string Json { get; }

        /// <summary>The parsed request; null with -Raw or when <see cref="Error"/> is set.</summary>
        public SigSciRequest? Request { get; }

        /// <summary>Why this one request could not be parsed; the read goes on with the next.</summary>
        public FeedException? Error { get; }
    }
}
