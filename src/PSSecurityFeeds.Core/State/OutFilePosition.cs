namespace PSSecurityFeeds.Core.State
{
    /// <summary>The file a feed was writing when its checkpoint was committed, and how many of its bytes were committed.</summary>
    public sealed class OutFilePosition
    {
        public string Path { get; set; } = string.Empty;

        public long Length { get; set; }

        /// <summary>Refuses a recorded position that names no file or a negative length.</summary>
        internal static void Check<T>(OutFilePosition? position, CheckpointFile<T> file) where T : class
        {
            if (position is not null && (string.IsNullOrEmpty(position.Path) || position.Length < 0))
            {
                throw file.Corrupt("OutFile", "it needs a Path and a Length of 0 or more");
            }
        }
    }
}
