namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>The Sekoia.io regions; each has its own API address (see <see cref="SekoiaEndpoints"/>).</summary>
    public enum SekoiaRegion
    {
        FRA1,
        FRA2,
        MCO1,
        UAE1,
        USA1,
    }
}
