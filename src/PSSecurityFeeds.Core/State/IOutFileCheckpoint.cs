namespace PSSecurityFeeds.Core.State
{
    /// <summary>A checkpoint that can record the out file a run writes and how much of it is committed.</summary>
    public interface IOutFileCheckpoint
    {
        OutFilePosition? OutFile { get; set; }
    }
}
