using System;
using System.Management.Automation;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Core.Vocabulary;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>Starts a Sekoia.io search job for a dork query over a time range; with -Wait (or -Timeout), polls it to completion.</summary>
    [Cmdlet(VerbsLifecycle.Start, "SekoiaSearchJob", SupportsShouldProcess = true, HelpUri = HelpUris.Commands + "start-sekoiasearchjob")]
    [OutputType(typeof(SekoiaSearchJob))]
    public sealed class StartSekoiaSearchJobCommand : SekoiaCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Query { get; set; } = string.Empty;

        /// <summary>A DateTime/DateTimeOffset (sent as ISO 8601 UTC) or a relative time such as -30d, -2h or now; the last day by default.</summary>
        [Parameter(Position = 1)]
        [Alias("From")]
        [ValidateNotNull]
        [PointInTimeTransformation]
        [ArgumentCompleter(typeof(RelativeTimeCompleter))]
        public PointInTime Earliest { get; set; } = new PointInTime("-1d");

        [Parameter(Position = 2)]
        [Alias("To", "Until")]
        [ValidateNotNull]
        [PointInTimeTransformation]
        [ArgumentCompleter(typeof(RelativeTimeCompleter))]
        public PointInTime Latest { get; set; } = PointInTime.Now;

        /// <summary>Polls the job until it is done and returns it then.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Seconds to wait for the job before giving up (the job keeps running); implies -Wait. None by default.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void EndProcessing()
        {
            var request = Call(() => SekoiaSearchRequest.Create(Query, Earliest, Latest, DateTimeOffset.UtcNow));
            if (!ShouldProcess($"'{request.Query}' from {request.Earliest} to {request.Latest}", "Start Sekoia.io search job"))
            {
                return;
            }

            var job = Remember(Await(ActiveSession.Search.StartAsync(request, Log, CancelToken)));

            // A timeout only means something while waiting: giving one asks to wait.
            WriteObject(Wait || Timeout > 0 ? WaitForJob(job.Uuid, Timeout) : job);
        }
    }
}
