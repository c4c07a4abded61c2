using System.Management.Automation;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>Polls Sekoia.io search jobs until they are done, with progress; a failed or canceled job is a terminating error.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "SekoiaSearchJob", HelpUri = HelpUris.Commands + "wait-sekoiasearchjob")]
    [OutputType(typeof(SekoiaSearchJob))]
    public sealed class WaitSekoiaSearchJobCommand : SekoiaCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionHistoryCompleter<SekoiaSession>))]
        public string[] Uuid { get; set; } = System.Array.Empty<string>();

        /// <summary>Seconds to wait for each job before giving up (the job keeps running); none by default.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            RequireUuids(Uuid);
            foreach (var uuid in Uuid)
            {
                WriteObject(WaitForJob(uuid, Timeout));
            }
        }
    }
}
