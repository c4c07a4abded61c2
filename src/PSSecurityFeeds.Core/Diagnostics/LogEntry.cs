namespace PSSecurityFeeds.Core.Diagnostics
{
    public readonly struct LogEntry
    {
        public LogEntry(LogLevel level, string message)
        {
            Level = level;
            Message = message;
        }

        public LogLevel Level { get; }

        public string Message { get; }

        public override string ToString() => $"{Level}: {Message}";
    }
}
