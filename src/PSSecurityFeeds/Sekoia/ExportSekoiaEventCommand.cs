using System;
using System.Management.Automation;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>
    /// Exports a done search job's events to a file through Sekoia.io's export: starts it with a fresh SSE-C key,
    /// polls the task, and downloads the gzip JSON Lines file (decompressed with -Decompress).
    /// </summary>
    [Cmdlet(VerbsData.Export, "SekoiaEvent", DefaultParameterSetName = JobSet, SupportsShouldProcess = true, HelpUri = HelpUris.Commands + "export-sekoiaevent")]
    [Alias("Export-SekoiaEvents")]
    [OutputType(typeof(SekoiaExportResult))]
    public sealed class ExportSekoiaEventCommand : SekoiaJobCmdlet
    {
        private ProgressActivity? _progressBar;
        private SekoiaExportProgress? _progress;

        /// <summary>The fields to export, by full name (no wildcards), such as '@timestamp','message','source.ip'.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SekoiaFieldCompleter))]
        public string[] Field { get; set; } = Array.Empty<string>();

        /// <summary>The file to write, or an existing folder (the file then keeps the export's own name).</summary>
        [Parameter(Mandatory = true, Position = 2)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Writes JSON Lines instead of the gzip file as served.</summary>
        [Parameter]
        public SwitchParameter Decompress { get; set; }

        /// <summary>Replaces a file that is already there.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Seconds to wait for the export task before giving up; none by default.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            var path = WritablePath.Resolve(this, Path, nameof(Path), folderAllowed: true);
            var request = new SekoiaExportRequest
            {
                JobUuid = JobUuid,
                Fields = Field,
                Path = path,
                Decompress = Decompress,
                Force = Force,
                Polling = new SekoiaPolling { Timeout = Timeout > 0 ? TimeSpan.FromSeconds(Timeout) : (TimeSpan?)null },
            };
            if (!ShouldProcess(path, $"Export fields {string.Join(", ", Field)} of Sekoia.io search job {JobUuid}"))
            {
                return;
            }

            _progress = new SekoiaExportProgress();
            _progressBar = new ProgressActivity(this, 3, $"Sekoia.io export of search job {JobUuid}", "Starting the export");
            try
            {
                WriteObject(Await(ActiveSession.Export.ExportAsync(request, _progress, Log, CancelToken)));
            }
            finally
            {
                _progressBar.Complete();
                _progressBar = null;
            }
        }

        protected override void OnWaiting()
        {
            if (_progress is null || _progressBar is null || _progress.TaskStatus is null)
            {
                return;
            }

            var status = _progress.Phase == SekoiaExportPhase.Downloading
                ? $"Downloading: {_progress.BytesReceived / 1048576.0:N1} MB" + (_progress.ExpectedBytes is long total ? $" of {total / 1048576.0:N1} MB" : string.Empty)
                : $"Export task {_progress.TaskStatus}: {_progress.ExportedEvents:N0}" + (_progress.TotalEvents is long events ? $" of {events:N0}" : string.Empty) + " events";
            _progressBar.Update(status, _progress.Percent ?? -1);
        }
    }
}
