using System.Collections.Concurrent;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.Diagnostics
{
    /// <summary>
    /// What one operation has to tell the user, queued as data. Core writes from any thread; the cmdlet
    /// drains the queue on the pipeline thread as verbose output and warnings. Every line passes the
    /// session's redactor on the way in, so no secret can reach the host.
    /// </summary>
    public sealed class OperationLog
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new ConcurrentQueue<LogEntry>();
        private readonly SecretRedactor _redactor;

        public OperationLog(SecretRedactor redactor) => _redactor = redactor;

        public void Verbose(string message) => _entries.Enqueue(new LogEntry(LogLevel.Verbose, _redactor.Redact(message)));

        public void Warning(string message) => _entries.Enqueue(new LogEntry(LogLevel.Warning, _redactor.Redact(message)));

        public bool TryTake(out LogEntry entry) => _entries.TryDequeue(out entry);

        /// <summary>Text with the session's secrets masked, for messages made outside Core (an unexpected error).</summary>
        public string Redact(string? text) => _redactor.Redact(text);
    }
}
