using System;
using System.Collections.Generic;
using System.Management.Automation;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.SigSci
{
    /// <summary>
    /// Reads the Signal Sciences request feed of one or more sites (taken from the pipeline as well) for a
    /// window (the last full hour by default), or from where -CheckpointPath says the last run stopped,
    /// and writes each request as a SigSciRequest, or its raw JSON with -Raw.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SigSciFeed")]
    [OutputType(typeof(SigSciRequest))]
    [OutputType(typeof(string))]
    public sealed class GetSigSciFeedCommand : FeedCmdlet<SigSciSession>
    {
        private const string Activity = "Signal Sciences request feed";

        private readonly List<string> _sites = new List<string>();
        private SigSciFeed? _feed;

        /// <summary>Site short names, as in the dashboard URL /corps/&lt;corp&gt;/sites/&lt;site&gt;.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SiteName", "Name")]
        [ValidateNotNullOrEmpty]
        public string[] Site { get; set; } = Array.Empty<string>();

        /// <summary>Start of the window, on a whole minute, no older than 24 h 5 min (local time unless an offset is given); an hour before -Until when left out.</summary>
        [Parameter]
        public DateTimeOffset? From { get; set; }

        /// <summary>End of the window, on a whole minute, at least 5 minutes ago; now − 5 min when left out.</summary>
        [Parameter]
        public DateTimeOffset? Until { get; set; }

        /// <summary>Only requests carrying one of these signals, such as SQLI or XSS.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Tag { get; set; } = Array.Empty<string>();

        /// <summary>Round -From and -Until down to the minute instead of refusing seconds.</summary>
        [Parameter]
        public SwitchParameter AlignToMinute { get; set; }

        /// <summary>Write each request's JSON as the feed sent it.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        /// <summary>A file that keeps, per site, where the last run stopped; each run continues from there up to now − 5 min.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CheckpointPath { get; set; }

        /// <summary>Append each request's raw JSON as a line of this file; the checkpoint moves only once they are on disk (needs -CheckpointPath).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>With -OutFile: start a new file each UTC day, named after the day.</summary>
        [Parameter]
        public SwitchParameter RotateDaily { get; set; }

        /// <summary>With -OutFile: start a new file once the current one would grow past this many bytes.</summary>
        [Parameter]
        [ValidateRange(1024, long.MaxValue)]
        public long MaxFileSize { get; set; }

        /// <summary>With -OutFile: also write the requests to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string ConnectCommand => "Connect-SigSci";

        protected override void ProcessRecord() => _sites.AddRange(Site);

        // All sites are read together, so the pipeline's sites are gathered first and read at the end.
        protected override void EndProcessing()
        {
            if (_sites.Count == 0)
            {
                return; // an empty pipeline asks for nothing
            }

            var options = new SigSciFeedOptions
            {
                Sites = _sites,
                From = From,
                Until = Until,
                Tags = Tag,
                AlignToMinute = AlignToMinute,
                Raw = Raw,
                CheckpointPath = CheckpointPath is null ? null : WritablePath.Resolve(this, CheckpointPath, nameof(CheckpointPath)),
                OutFile = ResolveOutFile(OutFile, RotateDaily, MaxFileSize),
                PassThru = PassThru,
            };
            var feed = _feed = new SigSciFeed(ActiveSession, options);
            Deliver(feed.ReadAsync(Log, CancelToken), Write, feed.ConfirmTaken);

            WriteProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        private void Write(SigSciFeedRecord record)
        {
            if (record.Error is not null)
            {
                WriteError(ErrorRecords.From(record.Error));
            }
            else
            {
                WriteObject(Raw ? record.Json : record.Request);
            }
        }

        protected override void OnWaiting()
        {
            if (_feed is null)
            {
                return;
            }

            var progress = _feed.Progress;
            var status = $"{progress.RequestsDelivered:N0} requests delivered, {progress.PagesFetched:N0} pages fetched, {progress.Backlog:N0} waiting; window {progress.WindowsCompleted} of {progress.WindowsPlanned}";
            var record = new ProgressRecord(1, Activity, status);
            if (progress.WindowsPlanned > 0)
            {
                record.PercentComplete = Math.Min(100, progress.WindowsCompleted * 100 / progress.WindowsPlanned);
            }

            WriteProgress(record);
        }
    }
}
