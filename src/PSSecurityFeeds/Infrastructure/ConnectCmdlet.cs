using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// The base of the Connect-* cmdlets: the vendor's cmdlet builds a session and says how to check its
    /// credential; this base runs the check, makes the session the runspace default and returns it with
    /// -PassThru. A session that fails its check is closed, never stored.
    /// </summary>
    public abstract class ConnectCmdlet<TSession> : CancellableCmdlet where TSession : ApiSession
    {
        /// <summary>Also writes the new session to the pipeline, for use with -Session.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>An explicit proxy such as http://proxy.corp:8080; without it the system proxy is used.</summary>
        [Parameter]
        public Uri? Proxy { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>Retries after a 429, a 5xx or a connection failure.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; } = 5;

        /// <summary>The longest wait for a response, and for each read of a response body.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 100;

        /// <summary>The HTTP settings the session's pipeline is built with, from the common parameters.</summary>
        protected HttpPipelineOptions PipelineOptions => new HttpPipelineOptions
        {
            MaxRetries = MaximumRetryCount,
            RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
            ProxyUri = Proxy?.OriginalString,
            ProxyCredential = ProxyCredential?.GetNetworkCredential(),
        };

        /// <summary>Builds the session from the parameters; throws FeedException for a bad or missing credential.</summary>
        protected abstract TSession CreateSession();

        /// <summary>Checks the credential once against the vendor.</summary>
        protected abstract Task VerifyAsync(TSession session, OperationLog log, CancellationToken cancellationToken);

        protected override void EndProcessing()
        {
            TSession session;
            try
            {
                session = CreateSession();
            }
            catch (FeedException error)
            {
                ThrowTerminating(error);
                return;
            }

            Log = session.CreateLog();
            try
            {
                Await(VerifyAsync(session, Log, CancelToken));
            }
            catch
            {
                session.Dispose();
                throw;
            }

            // The session it replaces is not closed: a script may still hold it (-PassThru) for -Session.
            RunspaceSessions.Set(session);
            WriteVerbose($"Connected: {session}.");
            if (PassThru)
            {
                WriteObject(session);
            }
        }
    }
}
