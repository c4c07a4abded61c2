using System.Management.Automation;
using PSSecurityFeeds.Core.Sekoia;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>The base of the cmdlets that read a done search job's results: the job from the pipeline, or its uuid.</summary>
    public abstract class SekoiaJobCmdlet : SekoiaCmdlet
    {
        protected const string JobSet = "Job";
        protected const string UuidSet = "Uuid";

        /// <summary>A job from Start-SekoiaSearchJob -Wait or Wait-SekoiaSearchJob.</summary>
        [Parameter(ParameterSetName = JobSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public SekoiaSearchJob? Job { get; set; }

        [Parameter(ParameterSetName = UuidSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Uuid { get; set; } = string.Empty;

        protected string JobUuid => ParameterSetName == JobSet ? Job!.Uuid : Uuid;
    }
}
