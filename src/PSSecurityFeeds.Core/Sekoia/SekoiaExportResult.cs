namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>A finished export: the file written and what it holds.</summary>
    public sealed class SekoiaExportResult
    {
        public string Path { get; init; } = string.Empty;

        /// <summary>Events exported: counted lines when decompressed, else as Sekoia reported.</summary>
        public long? Events { get; init; }

        /// <summary>Bytes downloaded (the gzip size).</summary>
        public long CompressedBytes { get; init; }

        /// <summary>Whether the file was written decompressed (JSON Lines) rather than gzip as served.</summary>
        public bool Decompressed { get; init; }

        public string TaskId { get; init; } = string.Empty;

        public string JobId { get; init; } = string.Empty;

        public override string ToString() => Path;
    }
}
