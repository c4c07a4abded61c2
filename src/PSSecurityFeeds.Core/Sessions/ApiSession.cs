using System;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.Sessions
{
    /// <summary>
    /// A connection to one vendor tenant: its endpoint, its HTTP pipeline and the redactor that knows its
    /// secrets. Shows the tenant and endpoint, never a secret.
    /// </summary>
    public abstract class ApiSession : IDisposable
    {
        protected ApiSession(Uri baseUri, HttpPipelineOptions options)
        {
            BaseUri = baseUri;
            Redactor = new SecretRedactor();
            Pipeline = new HttpPipeline(options, Redactor);
        }

        /// <summary>The vendor's name as shown to the user, such as "Akamai SIEM".</summary>
        public abstract string Vendor { get; }

        public Uri BaseUri { get; }

        public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.UtcNow;

        public SecretRedactor Redactor { get; }

        public HttpPipeline Pipeline { get; }

        public bool IsDisposed { get; private set; }

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
