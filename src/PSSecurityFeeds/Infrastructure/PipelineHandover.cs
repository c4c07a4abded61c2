using System;
using System.Management.Automation;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// What an exception out of WriteObject says about the object being written. Select-Object -First takes the
    /// object it needs and then stops the commands before it: WriteObject throws (a PipelineStoppedException, or
    /// the StopUpstreamCommandsException it stands for) although nobody stopped the pipeline, so Stopping is false:
    /// the object was taken. A stopped pipeline (Ctrl+C, PowerShell.Stop) sets Stopping: the object was refused,
    /// or at least may not have got through; counting it could lose it, not counting it at worst repeats it.
    /// </summary>
    internal static class PipelineHandover
    {
        // Internal to PowerShell, so it is known by name.
        private const string StopUpstreamCommands = "System.Management.Automation.StopUpstreamCommandsException";

        public static bool ObjectWasTaken(Exception error, bool pipelineStopping) =>
            !pipelineStopping && (error is PipelineStoppedException || string.Equals(error.GetType().FullName, StopUpstreamCommands, StringComparison.Ordinal));
    }
}
