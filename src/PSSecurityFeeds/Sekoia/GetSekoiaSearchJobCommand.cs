using System.Management.Automation;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>Reads the current state of Sekoia.io search jobs.</summary>
    [Cmdlet(VerbsCommon.Get, "SekoiaSearchJob", HelpUri = HelpUris.Commands + "get-sekoiasearchjob")]
    [OutputType(typeof(SekoiaSearchJob))]
    public sealed class GetSekoiaSearchJobCommand : SekoiaCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionHistoryCompleter<SekoiaSession>))]
        public string[] Uuid { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            RequireUuids(Uuid);
            foreach (var uuid in Uuid)
            {
                WriteObject(Remember(Await(ActiveSession.Search.GetAsync(uuid, Log, CancelToken))));
            }
        }
    }
}
