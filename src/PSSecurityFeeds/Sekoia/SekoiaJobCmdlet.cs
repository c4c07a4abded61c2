using System.Management.Automation;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>
    /// The base of the cmdlets that read a done search job's results: the job from the pipeline, or its uuid —
    /// by position, from the pipeline as a string, or by property name.
    /// </summary>
    public abstract class SekoiaJobCmdlet : SekoiaCmdlet
    {
        protected const string JobSet = "Job";
        protected const string UuidSet = "Uuid";

        /// <summary>A job from Start-SekoiaSearchJob -Wait or Wait-SekoiaSearchJob.</summary>
        [Parameter(ParameterSetName = JobSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public SekoiaSearchJob? Job { get; set; }

        [Parameter(ParameterSetName = UuidSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionHistoryCompleter<SekoiaSession>))]
        public string Uuid { get; set; } = string.Empty;

        protected string JobUuid => ParameterSetName == JobSet ? Job!.Uuid : Uuid;
    }
}
