namespace PSSecurityFeeds.Core.Sekoia
{
    public enum SekoiaExportPhase
    {
        /// <summary>Checking the job and starting the export task.</summary>
        Starting,

        /// <summary>Sekoia is writing the export; progress counts events.</summary>
        Exporting,

        /// <summary>The file is coming down; progress counts bytes.</summary>
        Downloading,
    }
}
