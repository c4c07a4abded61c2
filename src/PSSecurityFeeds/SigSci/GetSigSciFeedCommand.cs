using System;
using System.Collections.Generic;
using System.Management.Automation;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Core.Vocabulary;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.SigSci
{
    /// <summary>
    /// Reads the Signal Sciences request feed of one or more sites (taken from the pipeline as well) for a
    /// window (the last full hour by default), or from where -CheckpointPath says the last run stopped,
    /// and writes each request as a SigSciRequest, or its raw JSON with -Raw.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SigSciFeed", HelpUri = HelpUris.Commands + "get-sigscifeed")]
    [OutputType(typeof(SigSciRequest))]
    [OutputType(typeof(string))]
    public sealed class GetSigSciFeedCommand : FeedCmdlet<SigSciSession>
    {
        private const string Activity = "Signal Sciences request feed";

        private readonly List<string> _sites = new List<string>();
        private SigSciFeed? _feed;
        private ProgressActivity? _progress;

        /// <summary>Site short names, as in the dashboard URL /corps/&lt;corp&gt;/sites/&lt;site&gt;.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SiteName", "Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SigSciSiteCompleter))]
        public string[] Site { get; set; } = Array.Empty<string>();

        /// <summary>Start of the window, no older than 24 h 5 min: a DateTime, DateTimeOffset, ISO string or relative time (-2h); an hour before -Until when left out.</summary>
        [Parameter]
        [Alias("Earliest")]
        [PointInTimeTransformation]
        [ArgumentCompleter(typeof(RelativeTimeCompleter))]
        public PointInTime? From { get; set; }

        /// <summary>End of the window, at least 5 minutes ago; now − 5 min when left out.</summary>
        [Parameter]
        [Alias("To", "Latest")]
        [PointInTimeTransformation]
        [ArgumentCompleter(typeof(RelativeTimeCompleter))]
        public PointInTime? Until { get; set; }

        /// <summary>Only requests carrying one of these signals, such as SQLI or XSS.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Tag { get; set; } = Array.Empty<string>();

        /// <summary>Round -From and -Until down to the minute (instead of widening the window to whole minutes).</summary>
        [Parameter]
        public SwitchParameter AlignToMinute { get; set; }

        /// <summary>Read exactly -From to -Until: refuse times that are not on a whole minute instead of widening the window.</summary>
        [Parameter]
        public SwitchParameter ExactWindow { get; set; }

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

            if (AlignToMinute && ExactWindow)
            {
                ThrowTerminating(new FeedException("SigSciWindowRoundingConflict", FeedErrorCategory.InvalidArgument, "-AlignToMinute rounds the window down to whole minutes and -ExactWindow refuses to round it: give one of them."));
            }

            var now = DateTimeOffset.UtcNow;
            var options = new SigSciFeedOptions
            {
                Sites = _sites,
                From = Call(() => From?.ResolveAt(now, nameof(From))),
                Until = Call(() => Until?.ResolveAt(now, nameof(Until))),
                Tags = Tag,
                Rounding = ExactWindow ? SigSciWindowRounding.Exact : AlignToMinute ? SigSciWindowRounding.Floor : SigSciWindowRounding.Widen,
                Raw = Raw,
                CheckpointPath = CheckpointPath is null ? null : WritablePath.Resolve(this, CheckpointPath, nameof(CheckpointPath)),
                OutFile = ResolveOutFile(OutFile, RotateDaily, MaxFileSize),
                PassThru = PassThru,
            };
            var feed = _feed = new SigSciFeed(ActiveSession, options);
            _progress = new ProgressActivity(this, 1, Activity, "Reading the first page");
            Deliver(feed.ReadAsync(Log, CancelToken), Write, feed.ConfirmTaken);
            _progress.Complete();
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
            if (_feed is null || _progress is null)
            {
                return;
            }

            var progress = _feed.Progress;
            _progress.Update(
                $"{progress.RequestsDelivered:N0} requests delivered, {progress.PagesFetched:N0} pages fetched, {progress.Backlog:N0} waiting; window {progress.WindowsCompleted} of {progress.WindowsPlanned}",
                progress.WindowsPlanned > 0 ? Math.Min(100, progress.WindowsCompleted * 100 / progress.WindowsPlanned) : -1);
        }
    }
}
