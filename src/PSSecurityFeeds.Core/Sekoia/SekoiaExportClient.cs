using System;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// Exports a done search job to a file: starts the export with a fresh SSE-C key, polls the task, finds the
    /// download, and downloads it (see <see cref="SekoiaExportDownload"/>). Progress is published on a
    /// <see cref="SekoiaExportProgress"/> the caller reads.
    /// </summary>
    public sealed class SekoiaExportClient
    {
        private readonly SekoiaSession _session;

        internal SekoiaExportClient(SekoiaSession session) => _session = session;

        public async Task<SekoiaExportResult> ExportAsync(SekoiaExportRequest request, SekoiaExportProgress progress, OperationLog log, CancellationToken cancellationToken)
        {
            var target = request.Validate();
            var job = await _session.Search.GetDoneJobAsync(request.JobUuid, log, cancellationToken).ConfigureAwait(false);
            var key = SseCustomerKey.Create();
            _session.Redactor.Add(key.Key);

            var taskUuid = await StartAsync(job, request, key, log, cancellationToken).ConfigureAwait(false);
            var task = await WaitForTaskAsync(job, taskUuid, request.Polling, progress, log, cancellationToken).ConfigureAwait(false);
            var (url, size, events, downloadKey) = await LocateDownloadAsync(job, task, key, log, cancellationToken).ConfigureAwait(false);

            var destination = target.FileFor(url, taskUuid);
            var download = new SekoiaExportDownload(_session.Pipeline, progress, log);
            var (compressed, lines) = await download.DownloadAsync(url, downloadKey, size, destination, request.Decompress, target.Force, request.DownloadAttempts, cancellationToken).ConfigureAwait(false);
            log.Verbose($"Export {taskUuid} of search job {job.Uuid} written to '{destination}' ({compressed} bytes downloaded).");
            return new SekoiaExportResult
            {
                Path = destination,
                Events = lines ?? events,
                CompressedBytes = compressed,
                Decompressed = request.Decompress,
                TaskId = taskUuid,
                JobId = job.Uuid,
            };
        }

        private async Task<string> StartAsync(SekoiaSearchJob job, SekoiaExportRequest request, SseCustomerKey key, OperationLog log, CancellationToken cancellationToken)
        {
            var path = $"{SekoiaSearchClient.JobsPath}/{SekoiaUuid.Segment(job.Uuid)}/export";
            using var started = await _session.PostJsonAsync(path, request.ToJson(key), $"starting an export of search job {job.Uuid}", log, cancellationToken).ConfigureAwait(false);
            var taskUuid = SekoiaJson.String(started.RootElement, "task_uuid") ?? SekoiaJson.String(started.RootElement, "uuid")
                ?? throw SekoiaJson.Invalid($"Sekoia.io started an export of search job {job.Uuid} but did not return its task uuid.");
            log.Verbose($"Started export task {taskUuid} of search job {job.Uuid} ({request.Fields.Count} fields).");
            return taskUuid;
        }

        private async Task<SekoiaExportTask> WaitForTaskAsync(SekoiaSearchJob job, string taskUuid, SekoiaPolling polling, SekoiaExportProgress progress, OperationLog log, CancellationToken cancellationToken)
        {
            var schedule = new PollSchedule(polling);
            while (true)
            {
                SekoiaExportTask task;
                using (var json = await _session.GetJsonAsync($"/v1/tasks/{UrlPath.Segment(taskUuid)}", $"reading export task {taskUuid}", log, cancellationToken).ConfigureAwait(false))
                {
                    task = SekoiaExportTask.FromJson(json.RootElement, taskUuid);
                }

                progress.Exporting(task.Status, task.Progress, task.Total);
                if (task.IsFinished)
                {
                    return task;
                }

                if (task.HasFailed)
                {
                    throw new FeedException(
                        "SekoiaExportFailed",
                        FeedErrorCategory.InvalidResult,
                        $"Export task {taskUuid} of search job {job.Uuid} ended {task.Status}{(task.Error is null ? "." : ": " + task.Error)} Nothing was downloaded; run the export again, perhaps with fewer fields or a narrower search.")
                    {
                        Target = taskUuid,
                    };
                }

                if (!await schedule.WaitForNextPollAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new FeedException(
                        "SekoiaExportTimeout",
                        FeedErrorCategory.OperationTimeout,
                        $"Export task {taskUuid} of search job {job.Uuid} is still {task.Status} after {schedule.Elapsed.TotalSeconds:0} s; nothing was downloaded. " +
                        "The export keeps running on the server; run Export-SekoiaEvent again with a longer -Timeout once it is done (a job can be exported 10 times).")
                    {
                        Target = taskUuid,
                    };
                }
            }
        }

        /// <summary>The download URL and size from the task, or else from export-jobs; a key a response carries wins over ours.</summary>
        private async Task<(Uri Url, long? Size, long? Events, SseCustomerKey Key)> LocateDownloadAsync(SekoiaSearchJob job, SekoiaExportTask task, SseCustomerKey key, OperationLog log, CancellationToken cancellationToken)
        {
            var url = task.DownloadUrl;
            var size = task.CompressedSize;
            var events = task.Total ?? task.Progress;
            if (url is null)
            {
                var path = $"{SekoiaSearchClient.JobsPath}/{SekoiaUuid.Segment(job.Uuid)}/export-jobs";
                using var json = await _session.GetJsonAsync(path, $"finding the download of export task {task.Uuid}", log, cancellationToken).ConfigureAwait(false);
                var entry = SekoiaExportJob.Find(json.RootElement, task.Uuid);
                url = entry?.DownloadUrl;
                size = entry?.CompressedSize ?? size;
                events = entry?.ExportedEvents ?? events;
                if (entry?.SseCustomerKey is { } carried && SseCustomerKey.FromBase64(carried) is { } serverKey)
                {
                    _session.Redactor.Add(serverKey.Key);
                    key = serverKey;
                }
            }

            if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var downloadUrl))
            {
                throw new FeedException(
                    "SekoiaExportNoDownload",
                    FeedErrorCategory.InvalidResult,
                    $"Export task {task.Uuid} of search job {job.Uuid} finished, but neither the task nor export-jobs gave a download URL. Run the export again later.")
                {
                    Target = task.Uuid,
                };
            }

            return (downloadUrl, size, events, key);
        }
    }
}
