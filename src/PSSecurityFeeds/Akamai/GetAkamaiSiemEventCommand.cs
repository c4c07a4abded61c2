using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Vocabulary;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Akamai
{
    /// <summary>
    /// Get-AkamaiSiemEvent: security events of one or more configurations, in offset mode (-Offset, or resumed
    /// from -CheckpointPath, or the first call without either; -Drain keeps going while responses hold events)
    /// or in time mode (-From/-To). Emits AkamaiSiemEvent objects, or the raw JSON lines with -Raw; with -OutFile
    /// the module appends the raw lines to a file itself and commits the checkpoint only once they are on disk.
    /// Config ids from the pipeline are gathered and read together, as -ConfigId 1,2 is: one stream, one checkpoint.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AkamaiSiemEvent", DefaultParameterSetName = OffsetSet, HelpUri = HelpUris.Commands + "get-akamaisiemevent")]
    [OutputType(typeof(AkamaiSiemEvent), typeof(string), ParameterSetName = new[] { OffsetSet, TimeSet })]
    public sealed class GetAkamaiSiemEventCommand : FeedCmdlet<AkamaiSiemSession>
    {
        private const string OffsetSet = "Offset";
        private const string TimeSet = "Time";

        private readonly List<int> _configIds = new List<int>();
        private AkamaiSiemClient? _client;
        private ProgressActivity? _progress;
        private bool _configIdsRemembered;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidateRange(1, int.MaxValue)]
        [ArgumentCompleter(typeof(SessionHistoryCompleter<AkamaiSiemSession>))]
        public int[] ConfigId { get; set; } = Array.Empty<int>();

        /// <summary>The offset from a previous response's context; without it (and without a checkpoint) the API starts at its oldest retained event.</summary>
        [Parameter(ParameterSetName = OffsetSet)]
        [ValidateNotNullOrEmpty]
        public string? Offset { get; set; }

        /// <summary>A JSON file that holds where the feed stands; read at the start and committed as events are delivered.</summary>
        [Parameter(ParameterSetName = OffsetSet)]
        [ValidateNotNullOrEmpty]
        public string? CheckpointPath { get; set; }

        /// <summary>Append the raw JSON lines to this file; the checkpoint moves only once they are on disk (needs -CheckpointPath).</summary>
        [Parameter(ParameterSetName = OffsetSet)]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>With -OutFile: start a new file each UTC day, named after the day.</summary>
        [Parameter(ParameterSetName = OffsetSet)]
        public SwitchParameter RotateDaily { get; set; }

        /// <summary>With -OutFile: start a new file once the current one would grow past this many bytes.</summary>
        [Parameter(ParameterSetName = OffsetSet)]
        [ValidateRange(1024, long.MaxValue)]
        public long MaxFileSize { get; set; }

        /// <summary>With -OutFile: also write the events to the pipeline.</summary>
        [Parameter(ParameterSetName = OffsetSet)]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Repeat offset requests while the previous response held events.</summary>
        [Parameter(ParameterSetName = OffsetSet)]
        public SwitchParameter Drain { get; set; }

        /// <summary>Time mode: events stored from this time on (at most 12 hours back): a DateTime, DateTimeOffset, ISO string or relative time (-2h).</summary>
        [Parameter(Mandatory = true, ParameterSetName = TimeSet)]
        [Alias("Earliest")]
        [PointInTimeTransformation]
        [ArgumentCompleter(typeof(RelativeTimeCompleter))]
        public PointInTime From { get; set; } = PointInTime.Now;

        /// <summary>Time mode: events stored before this time (default: now).</summary>
        [Parameter(ParameterSetName = TimeSet)]
        [Alias("Until", "Latest")]
        [PointInTimeTransformation]
        [ArgumentCompleter(typeof(RelativeTimeCompleter))]
        public PointInTime? To { get; set; }

        /// <summary>Approximate events per response, 1 to 600,000 (API default 10,000).</summary>
        [Parameter]
        [ValidateRange(1, AkamaiSiemQuery.MaxLimit)]
        public int Limit { get; set; }

        /// <summary>Emit each event's raw JSON line as a string: the fast path for forwarders.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        protected override string ConnectCommand => "Connect-AkamaiSiem";

        protected override void ProcessRecord() => _configIds.AddRange(ConfigId);

        protected override void EndProcessing()
        {
            if (_configIds.Count == 0)
            {
                return; // an empty pipeline asks for nothing
            }

            var now = DateTimeOffset.UtcNow;
            var query = new AkamaiSiemQuery
            {
                ConfigIds = _configIds,
                Offset = Offset,
                From = ParameterSetName == TimeSet ? Call(() => From.ResolveAt(now, nameof(From))) : null,
                To = Call(() => To?.ResolveAt(now, nameof(To))),
                Limit = MyInvocation.BoundParameters.ContainsKey(nameof(Limit)) ? Limit : null,
                Drain = Drain,
                CheckpointPath = CheckpointPath is null ? null : WritablePath.Resolve(this, CheckpointPath, nameof(CheckpointPath)),
                OutFile = ResolveOutFile(OutFile, RotateDaily, MaxFileSize),
                PassThru = PassThru,
                Raw = Raw,
            };

            var client = _client = ActiveSession.CreateClient();
            Deliver(client.ReadAsync(query, Log, CancelToken), Write, client.ConfirmTaken);

            if (_client.LastContext is { } context)
            {
                WriteVerbose($"{_client.Progress.Events:N0} events in {_client.Progress.Responses:N0} response(s). Next offset: {context.Offset}");
            }

            RememberConfigIds(); // read without error, even if nothing came
            CompleteProgress();
        }

        private void Write(AkamaiSiemRecord record)
        {
            RememberConfigIds();
            if (record.Error is not null)
            {
                WriteError(ErrorRecords.From(record.Error));
            }
            else if (Raw)
            {
                WriteObject(record.RawLine);
            }
            else
            {
                WriteObject(record.Event);
            }
        }

        protected override void OnWaiting()
        {
            if (_client is null)
            {
                return;
            }

            _progress ??= new ProgressActivity(this, 1, "Get-AkamaiSiemEvent", "Reading security events");
            _progress.Update($"{_client.Progress.Events:N0} events, {_client.Progress.Responses:N0} response(s) complete");
        }

        // Once the API has answered, the ids are worth offering to -ConfigId's tab completion.
        private void RememberConfigIds()
        {
            if (_configIdsRemembered)
            {
                return;
            }

            _configIdsRemembered = true;
            foreach (var id in _configIds.Distinct())
            {
                SessionHistory.Remember(ActiveSession, id.ToString(System.Globalization.CultureInfo.InvariantCulture), "a security configuration this session has read");
            }
        }

        private void CompleteProgress()
        {
            _progress?.Complete();
            _progress = null;
        }
    }
}
