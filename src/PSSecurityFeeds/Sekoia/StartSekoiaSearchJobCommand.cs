using System;
using System.Management.Automation;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>Starts a Sekoia.io search job for a dork query over a time range; with -Wait, polls it to completion.</summary>
    [Cmdlet(VerbsLifecycle.Start, "SekoiaSearchJob", SupportsShouldProcess = true, HelpUri = HelpUris.Commands + "start-sekoiasearchjob")]
    [OutputType(typeof(SekoiaSearchJob))]
    public sealed class StartSekoiaSearchJobCommand : SekoiaCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Query { get; set; } = string.Empty;

        /// <summary>A DateTime/DateTimeOffset (sent as ISO 8601 UTC) or a relative time such as -30d, -2h or now; the last day by default.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNull]
        public object Earliest { get; set; } = "-1d";

        [Parameter(Position = 2)]
        [ValidateNotNull]
        public object Latest { get; set; } = "now";

        /// <summary>Polls the job until it is done and returns it then.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: seconds to wait before giving up (the job keeps running); none by default.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void EndProcessing()
        {
            var request = Call(() => SekoiaSearchRequest.Create(Query, Unwrap(Earliest), Unwrap(Latest), DateTimeOffset.UtcNow));
            if (!ShouldProcess($"'{request.Query}' from {request.Earliest} to {request.Latest}", "Start Sekoia.io search job"))
            {
                return;
            }

            var job = Await(ActiveSession.Search.StartAsync(request, Log, CancelToken));
            WriteObject(Wait ? WaitForJob(job.Uuid, Timeout) : job);
        }

        // PowerShell may hand a DateTime over wrapped in a PSObject.
        private static object Unwrap(object value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
