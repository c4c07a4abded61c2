using System;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.State
{
    /// <summary>
    /// Where a feed writes its raw NDJSON lines itself (-OutFile), so that the checkpoint moves only once they
    /// are on disk, and when it starts a new file: each UTC day, and/or once a file would grow past a size.
    /// </summary>
    public sealed class OutFileOptions
    {
        /// <summary>The file; with rotation, the pattern of the names: "feed.ndjson" gives "feed-20250601.ndjson", "feed-20250601.1.ndjson", …</summary>
        public string Path { get; init; } = string.Empty;

        /// <summary>A new file each UTC day, named after the day.</summary>
        public bool RotateDaily { get; init; }

        /// <summary>A new file once the current one would grow past this many bytes; 0 for no limit.</summary>
        public long MaxFileSize { get; init; }

        internal void Validate(string? checkpointPath)
        {
            if (checkpointPath is null)
            {
                throw Invalid("OutFileWithoutCheckpoint", "-OutFile needs -CheckpointPath: the checkpoint records how much of the file is committed, so that a run after a crash neither loses nor repeats a line.");
            }

            if (string.Equals(System.IO.Path.GetFullPath(Path), System.IO.Path.GetFullPath(checkpointPath), StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("OutFileIsCheckpoint", $"-OutFile and -CheckpointPath name the same file ('{Path}'). Give each its own file.");
            }

            if (MaxFileSize < 0)
            {
                throw Invalid("OutFileInvalidSize", $"MaxFileSize is {MaxFileSize}; give 0 (no limit) or more.");
            }
        }

        private static FeedException Invalid(string errorId, string message) =>
            new FeedException(errorId, FeedErrorCategory.InvalidArgument, message) { Target = "OutFile" };
    }
}
