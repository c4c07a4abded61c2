using System;
using System.Collections.Generic;
using System.Management.Automation;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Sessions;
using PSSecurityFeeds.Core.State;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// The base of every data cmdlet: -Session, or the runspace's default session of the vendor, and a
    /// terminating "not connected" error that names the command to run.
    /// </summary>
    public abstract class FeedCmdlet<TSession> : CancellableCmdlet where TSession : ApiSession
    {
        /// <summary>An explicit session (from Connect-* -PassThru) instead of the runspace default.</summary>
        [Parameter]
        [ValidateNotNull]
        public TSession? Session { get; set; }

        /// <summary>The Connect-* command that makes a session of this vendor, for the error message.</summary>
        protected abstract string ConnectCommand { get; }

        /// <summary>The session this invocation uses: resolved in BeginProcessing.</summary>
        protected TSession ActiveSession => Session ?? throw new InvalidOperationException("The session is resolved in BeginProcessing.");

        protected override void BeginProcessing()
        {
            var session = Session ?? RunspaceSessions.Get<TSession>();
            if (session is null)
            {
                ThrowTerminatingError(ErrorRecords.From(
                    new InvalidOperationException($"Not connected. Run {ConnectCommand} first, or pass a session with -Session."),
                    "NotConnected",
                    ErrorCategory.ConnectionError,
                    null));
                return;
            }

            try
            {
                session.EnsureOpen();
            }
            catch (FeedException closed)
            {
                ThrowTerminating(closed);
            }

            Session = session;
            Log = session.CreateLog();
        }

        /// <summary>The -OutFile settings, the path resolved and proven writable; null without -OutFile.</summary>
        protected OutFileOptions? ResolveOutFile(string? outFile, bool rotateDaily, long maxFileSize) =>
            outFile is null ? null : new OutFileOptions
            {
                Path = WritablePath.Resolve(this, outFile, "OutFile"),
                RotateDaily = rotateDaily,
                MaxFileSize = maxFileSize,
            };

        /// <summary>
        /// Writes each record of a feed. A record counts as delivered once the pipeline has taken it: when WriteObject
        /// returns, or when Select-Object -First stops the pipeline right after taking it; never when a stopped
        /// pipeline refused it. A stop signal (SIGTERM) stops the feed as StopProcessing does.
        /// </summary>
        protected void Deliver<T>(IAsyncEnumerable<T> records, Action<T> write, Action confirmTaken)
        {
            using (StopSignals.Watch(StopProcessing))
            {
                foreach (var record in Stream(records))
                {
                    try
                    {
                        write(record);
                    }
                    catch (Exception error) when (PipelineHandover.ObjectWasTaken(error, Stopping))
                    {
                        confirmTaken();
                        throw;
                    }

                    // Said at once: progress or verbose output written before the next record may meet the stop.
                    confirmTaken();
                }
            }
        }
    }
}
