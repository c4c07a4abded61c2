using System;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.Sessions
{
    /// <summary>
    /// A connection to one vendor tenant. It shows what a user needs — the vendor, the endpoint, who it acts
    /// as and when it connected — and nothing else: its HTTP pipeline (with the proxy settings) and the
    /// redactor that knows its secrets are internal, so Format-List * and ConvertTo-Json cannot reach them.
    /// </summary>
    public abstract class ApiSession : IDisposable
    {
        /// <param name="pipeline">
        /// Built by the caller from the connection settings (proxy, retries, timeout) and owned by the session
        /// from here on: a session cannot be made without them.
        /// </param>
        protected ApiSession(Uri baseUri, HttpPipeline pipeline)
        {
            BaseUri = baseUri;
            Pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        }

        /// <summary>The vendor's name as shown to the user, such as "Akamai SIEM".</summary>
        public abstract string Vendor { get; }

        public Uri BaseUri { get; }

        /// <summary>Who the session acts as: an email, an API client, the owner of a key.</summary>
        public abstract string? User { get; }

        public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.UtcNow;

        internal HttpPipeline Pipeline { get; }

        internal SecretRedactor Redactor => Pipeline.Redactor;

        internal bool IsDisposed { get; private set; }

        /// <summary>A log for one operation on this session; its lines are redacted with this session's secrets.</summary>
        public OperationLog CreateLog() => new OperationLog(Redactor);

        /// <summary>Throws a clear error when the session was closed by a Disconnect-* command.</summary>
        public void EnsureOpen()
        {
            if (IsDisposed)
            {
                throw new FeedException("SessionClosed", FeedErrorCategory.InvalidOperation, $"This {Vendor} session was disconnected. Connect again before using it.");
            }
        }

        public override string ToString() => $"{Vendor} {BaseUri}";

        public void Dispose()
        {
            if (!IsDisposed)
            {
                IsDisposed = true;
                Dispose(true);
                GC.SuppressFinalize(this);
            }
        }

        protected virtual void Dispose(bool disposing)
        {
            if (disposing)
            {
                Pipeline.Dispose();
            }
        }
    }
}
