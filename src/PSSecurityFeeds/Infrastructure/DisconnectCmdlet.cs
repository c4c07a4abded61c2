using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>The base of the Disconnect-* cmdlets: forgets the runspace's default session and closes it.</summary>
    public abstract class DisconnectCmdlet<TSession> : CancellableCmdlet where TSession : ApiSession
    {
        /// <summary>Ends the session at the vendor where it has a server-side login (a bearer token); nothing by default.</summary>
        protected virtual void SignOut(TSession session)
        {
        }

        protected override void EndProcessing()
        {
            var session = RunspaceSessions.Remove<TSession>();
            if (session is null)
            {
                WriteVerbose("No session to disconnect.");
                return;
            }

            Log = session.CreateLog();
            try
            {
                SignOut(session);
            }
            finally
            {
                session.Dispose();
            }

            WriteVerbose($"Disconnected: {session}.");
        }
    }
}
