using System;
using System.Management.Automation;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Sessions;

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
    }
}
