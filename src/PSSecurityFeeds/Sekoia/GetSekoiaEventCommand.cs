using System.IO;
using System.Management.Automation;
using System.Text.Json;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>Emits every event of a done search job, paging 1,000 at a time, as nested PSCustomObjects (or raw JSON with -Raw).</summary>
    [Cmdlet(VerbsCommon.Get, "SekoiaEvent", DefaultParameterSetName = JobSet, HelpUri = HelpUris.Commands + "get-sekoiaevent")]
    [OutputType(typeof(PSObject), ParameterSetName = new[] { JobSet, UuidSet })]
    [OutputType(typeof(string))]
    public sealed class GetSekoiaEventCommand : SekoiaJobCmdlet
    {
        private readonly SekoiaEventObjects _events = new SekoiaEventObjects();

        /// <summary>Emits each event's JSON text instead of an object.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        protected override void ProcessRecord()
        {
            var uuid = JobUuid;
            var progress = new ProgressActivity(this, 2, $"Sekoia.io events of search job {uuid}", "Reading the first page");
            try
            {
                foreach (var item in Stream(ActiveSession.Search.ReadEventsAsync(uuid, new SekoiaPaging(), Log, CancelToken)))
                {
                    if (item.Position % SekoiaPaging.MaxPageSize == 0)
                    {
                        progress.Update($"{item.Position:N0} of {item.Total:N0} events", item.Total > 0 ? (int)(item.Position * 100 / item.Total) : 0);
                    }

                    if (Raw)
                    {
                        WriteObject(item.RawJson);
                    }
                    else if (item.Json.ValueKind == JsonValueKind.Object)
                    {
                        WriteObject(_events.ToEvent(item.Json));
                    }
                    else
                    {
                        // One odd item must not end the read: report it with its raw text and go on.
                        WriteError(ErrorRecords.From(
                            new InvalidDataException($"Event {item.Position} of search job {uuid} is not a JSON object; it was skipped. Use -Raw to see every item as sent."),
                            "SekoiaMalformedEvent",
                            ErrorCategory.InvalidData,
                            item.RawJson));
                    }
                }
            }
            finally
            {
                progress.Complete();
            }
        }
    }
}
