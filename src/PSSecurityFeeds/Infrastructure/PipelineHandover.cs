using System;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// What an exception out of WriteObject says about the object being written. Ctrl+C (PipelineStoppedException)
    /// stops the pipeline before the object is passed on: it was not taken. Select-Object -First throws
    /// StopUpstreamCommandsException right after it took the object it needed: that one was taken.
    /// </summary>
    internal static class PipelineHandover
    {
        // Internal to PowerShell (Windows PowerShell 5.1 included), so it is known by name.
        private const string StopUpstreamCommands = "System.Management.Automation.StopUpstreamCommandsException";

        public static bool ObjectWasTaken(Exception error) => string.Equals(error.GetType().FullName, StopUpstreamCommands, StringComparison.Ordinal);
    }
}
