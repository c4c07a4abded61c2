using System;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// Brings an export file down from its pre-signed S3 URL: no Authorization header (the URL is the
    /// credential), the SSE-C headers, streamed into a temporary file beside the target, checked against the
    /// size Sekoia reported, and moved into place only when complete — a failure leaves nothing at the target.
    /// </summary>
    internal sealed class SekoiaExportDownload
    {
        private const int BufferBytes = 81920;
        private readonly HttpPipeline _pipeline;
        private readonly SekoiaExportProgress _progress;
        private readonly OperationLog _log;

        public SekoiaExportDownload(HttpPipeline pipeline, SekoiaExportProgress progress, OperationLog log)
        {
            _pipeline = pipeline;
            _progress = progress;
            _log = log;
        }

        /// <summary>Downloads to <paramref name="destination"/>; returns the compressed bytes and, when decompressed, the lines written.</summary>
        public async Task<(long CompressedBytes, long? Lines)> DownloadAsync(
            Uri url, SseCustomerKey key, long? expectedBytes, string destination, bool decompress, bool force, int attempts, CancellationToken cancellationToken)
        {
            var temporary = Path.Combine(Path.GetDirectoryName(destination)!, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.partial");
            try
            {
                var (compressed, lines) = await DownloadWithRetriesAsync(url, key, expectedBytes, temporary, decompress, attempts, cancellationToken).ConfigureAwait(false);
                if (expectedBytes is long expected && compressed != expected)
                {
                    throw new FeedException(
                        "SekoiaExportSizeMismatch",
                        FeedErrorCategory.InvalidData,
                        $"The export download has {compressed} bytes but Sekoia.io reported {expected}; nothing was written to '{destination}'. Run the export again.")
                    {
                        Target = destination,
                    };
                }

                MoveIntoPlace(temporary, destination, force);
                return (compressed, lines);
            }
            finally
            {
                TryDelete(temporary);
            }
        }

        private async Task<(long, long?)> DownloadWithRetriesAsync(Uri url, SseCustomerKey key, long? expectedBytes, string temporary, bool decompress, int attempts, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await DownloadOnceAsync(url, key, expectedBytes, temporary, decompress, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when ((error is IOException || error is HttpRequestException || error is InvalidDataException) && !cancellationToken.IsCancellationRequested)
                {
                    if (attempt >= attempts)
                    {
                        throw new FeedException(
                            "SekoiaDownloadFailed",
                            FeedErrorCategory.ConnectionError,
                            $"The export download broke off {attempt} times ({error.Message}); nothing was written. Run the export again.",
                            error);
                    }

                    _log.Warning($"The export download broke off ({error.Message}); starting it again (attempt {attempt + 1} of {attempts}).");
                }
            }
        }

        private async Task<(long, long?)> DownloadOnceAsync(Uri url, SseCustomerKey key, long? expectedBytes, string temporary, bool decompress, CancellationToken cancellationToken)
        {
            // No Authorization header: S3 refuses a pre-signed request that carries one.
            var request = new ApiRequest(HttpMethod.Get, url) { Authorize = key.AddHeadersTo };
            ApiResponse response;
            try
            {
                response = await _pipeline.SendAsync(request, _log, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException error) when (error.StatusCode is null)
            {
                throw new IOException(error.Message, error); // no answer at all: a broken download like any other
            }
            catch (ApiException error)
            {
                throw new FeedException(
                    "SekoiaDownloadRefused",
                    error.Category,
                    $"The export storage refused the download: {error.Message} The URL may have expired (24 h) or the encryption key may not match; run the export again.",
                    error);
            }

            using (response)
            {
                _progress.Downloading(expectedBytes ?? response.ContentHeaders.ContentLength);
                using var body = new CountingReadStream(await response.OpenBodyAsync().ConfigureAwait(false), _progress);
                using var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true);
                long? lines = null;
                if (decompress)
                {
                    using var json = new GZipStream(body, CompressionMode.Decompress);
                    lines = await CopyAsync(json, file, countLines: true, cancellationToken).ConfigureAwait(false);
                    await CopyAsync(body, Stream.Null, countLines: false, cancellationToken).ConfigureAwait(false); // bytes after the gzip end still count for the size check
                }
                else
                {
                    await CopyAsync(body, file, countLines: false, cancellationToken).ConfigureAwait(false);
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                return (body.BytesRead, lines);
            }
        }

        /// <summary>Copies and, when asked, counts JSON Lines records (a last line without a newline counts too).</summary>
        private static async Task<long> CopyAsync(Stream source, Stream destination, bool countLines, CancellationToken cancellationToken)
        {
            var buffer = new byte[BufferBytes];
            long lines = 0;
            var last = (byte)'\n';
            int read;
            while ((read = await source.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (countLines)
                {
                    for (var i = 0; i < read; i++)
                    {
                        if (buffer[i] == (byte)'\n')
                        {
                            lines++;
                        }
                    }

                    last = buffer[read - 1];
                }

                await destination.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
            }

            return last == (byte)'\n' ? lines : lines + 1;
        }

        private static void MoveIntoPlace(string temporary, string destination, bool force)
        {
            try
            {
                if (force && File.Exists(destination))
                {
                    File.Replace(temporary, destination, null);
                }
                else
                {
                    File.Move(temporary, destination);
                }
            }
            catch (IOException error)
            {
                throw new FeedException(
                    "SekoiaExportFileExists",
                    FeedErrorCategory.WriteError,
                    $"Cannot write '{destination}': {error.Message} Use -Force to replace an existing file, or give another -Path.",
                    error)
                {
                    Target = destination,
                };
            }
        }

        private static void TryDelete(string file)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // best effort: a leftover .partial file beside the target is harmless and named as such
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
