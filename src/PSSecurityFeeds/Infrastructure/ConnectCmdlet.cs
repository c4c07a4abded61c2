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
    /// The base of the Connect-* cmdlets. It owns the common connection parameters: it builds the HTTP pipeline
    /// from -Proxy, -ProxyCredential, -MaximumRetryCount and -TimeoutSec and hands it to the vendor, whose only
    /// way to make a session is on that pipeline — so no vendor can forget them. It then runs the vendor's
    /// check, makes the session the runspace default, says so in one information record (shown with
    /// -InformationAction Continue) and returns it with -PassThru. A session that fails its check is closed,
    /// never stored.
    /// </summary>
    public abstract class ConnectCmdlet<TSession> : CancellableCmdlet where TSession : ApiSession
    {
        /// <summary>The tag of the information record each Connect-* writes.</summary>
        public const string InformationTag = "PSSecurityFeeds";

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

        /// <summary>
        /// Builds the session on <paramref name="pipeline"/>, which it then owns; throws FeedException for a bad
        /// or missing credential or endpoint (the base then disposes the pipeline).
        /// </summary>
        protected abstract TSession CreateSession(HttpPipeline pipeline);

        /// <summary>Checks the endpoint, and the credential where the vendor can, once; a wrong address fails within seconds.</summary>
        protected abstract Task VerifyAsync(TSession session, OperationLog log, CancellationToken cancellationToken);

        protected override void EndProcessing()
        {
            var pipeline = Call(() => new HttpPipeline(PipelineOptions()));
            Log = new OperationLog(pipeline.Redactor);
            TSession session;
            try
            {
                session = Call(() => CreateSession(pipeline));
            }
            catch
            {
                pipeline.Dispose();
                throw;
            }

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
            WriteInformation($"Connected to {session}.", new[] { InformationTag });
            if (PassThru)
            {
                WriteObject(session);
            }
        }

        private HttpPipelineOptions PipelineOptions() => new HttpPipelineOptions
        {
            MaxRetries = MaximumRetryCount,
            RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
            ProxyUri = Proxy?.OriginalString,
            ProxyCredential = ProxyCredential?.GetNetworkCredential(),
        };
    }
}
