using System;
using System.Globalization;
using System.IO;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.State
{
    /// <summary>
    /// The file a feed appends its raw lines to (UTF-8, no BOM, one event per line ending in \n). Lines are
    /// durable only once <see cref="Flush"/> has written them to disk; what the checkpoint records as committed
    /// is the file and its length at that moment. Opening after a killed run first cuts the committed file back
    /// to that length, dropping the lines (and any half line) written after the last commit.
    /// </summary>
    internal sealed class OutFileSink : IDisposable
    {
        private const int BufferBytes = 64 * 1024;
        private static readonly byte[] NewLine = { (byte)'\n' };

        private readonly OutFileOptions _options;
        private readonly Func<DateTimeOffset> _clock;
        private FileStream _stream;
        private string _current;
        private long _length;
        private DateTime _day;

        private OutFileSink(OutFileOptions options, Func<DateTimeOffset> clock)
        {
            _options = options;
            _clock = clock;
            _current = string.Empty;
            _stream = null!;
        }

        /// <summary>The file being written and its length, including lines not yet flushed.</summary>
        public OutFilePosition Position => new OutFilePosition { Path = _current, Length = _length };

        /// <param name="committed">What the checkpoint recorded; null for a new checkpoint.</param>
        public static OutFileSink Open(OutFileOptions options, OutFilePosition? committed, OperationLog log, Func<DateTimeOffset>? clock = null)
        {
            if (committed is not null)
            {
                CutBack(committed, log);
            }

            var sink = new OutFileSink(options, clock ?? (() => DateTimeOffset.UtcNow));
            sink.OpenFile(nextLineBytes: 0);
            return sink;
        }

        /// <summary>Whether the next line of <paramref name="lineBytes"/> belongs in a new file (a new day, or the size limit).</summary>
        public bool RotationDue(int lineBytes) =>
            (_options.RotateDaily && _clock().UtcDateTime.Date != _day) || IsFull(_length, lineBytes);

        /// <summary>Closes the current file, which the caller has committed, and opens the next one.</summary>
        public void Rotate(int lineBytes)
        {
            Guard(() => _stream.Dispose());
            OpenFile(lineBytes);
        }

        public void Append(ReadOnlySpan<byte> line)
        {
            var text = line.IndexOfAny((byte)'\n', (byte)'\r') < 0 ? line : WithoutLineBreaks(line);
            try
            {
#if NET
                _stream.Write(text);
#else
                var copy = text.ToArray();
                _stream.Write(copy, 0, copy.Length);
#endif
                _stream.Write(NewLine, 0, 1);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw WriteFailed(ex);
            }

            _length += text.Length + 1;
        }

        /// <summary>Writes every appended line to disk and returns the position that is now durable.</summary>
        public OutFilePosition Flush()
        {
            Guard(() => _stream.Flush(flushToDisk: true));
            return Position;
        }

        public void Dispose() => _stream?.Dispose();

        /// <summary>A JSON value's line breaks can only be whitespace between tokens: spaces keep it one line and the same JSON.</summary>
        private static ReadOnlySpan<byte> WithoutLineBreaks(ReadOnlySpan<byte> line)
        {
            var copy = line.ToArray();
            for (var i = 0; i < copy.Length; i++)
            {
                if (copy[i] == (byte)'\n' || copy[i] == (byte)'\r')
                {
                    copy[i] = (byte)' ';
                }
            }

            return copy;
        }

        private static void CutBack(OutFilePosition committed, OperationLog log)
        {
            if (!File.Exists(committed.Path))
            {
                log.Verbose($"The out file '{committed.Path}' the checkpoint names is gone (moved or deleted); nothing to cut back.");
                return;
            }

            Guard(() =>
            {
                using var file = OpenRegularFile(committed.Path, FileMode.Open, bufferSize: 1);
                if (file.Length > committed.Length)
                {
                    log.Verbose($"Cutting '{committed.Path}' back from {file.Length:N0} to {committed.Length:N0} bytes: the last run wrote the rest after its last commit, and it is written again now.");
                    file.SetLength(committed.Length);
                    file.Flush(flushToDisk: true);
                }
                else if (file.Length < committed.Length)
                {
                    log.Warning($"The out file '{committed.Path}' is {file.Length:N0} bytes, shorter than the {committed.Length:N0} the checkpoint committed: something outside this module cut it. The lines that were in the missing part are not written again.");
                }
            });
        }

        private static void Guard(Action action)
        {
            try
            {
                action();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw WriteFailed(ex);
            }
        }

        private static FeedException WriteFailed(Exception ex) =>
            new FeedException(
                "OutFileWriteFailed",
                FeedErrorCategory.WriteError,
                $"The out file could not be written ({ex.Message}). The checkpoint keeps its last committed position: the next run cuts the file back to it and writes the rest again.",
                ex);

        private bool IsFull(long length, int lineBytes) => _options.MaxFileSize > 0 && length > 0 && length + lineBytes + 1 > _options.MaxFileSize;

        /// <summary>The newest file of today's series (or of the only series) that has room; a new one when it has none.</summary>
        private void OpenFile(int nextLineBytes)
        {
            _day = _clock().UtcDateTime.Date;
            var names = new OutFileNames(_options.Path, _options.RotateDaily ? _day : (DateTime?)null);
            var index = names.NewestIndex();
            while (File.Exists(names.For(index)) && IsFull(new FileInfo(names.For(index)).Length, nextLineBytes))
            {
                index++;
            }

            _current = names.For(index);
            Guard(() => _stream = OpenRegularFile(_current, FileMode.OpenOrCreate, BufferBytes));
            _length = _stream.Seek(0, SeekOrigin.End);
        }

        /// <summary>
        /// Opens for reading and writing, which never waits for a reader even when the path is a named pipe (opening a
        /// pipe for writing only would), and refuses anything that is not a regular file. Others may read, not write.
        /// </summary>
        private static FileStream OpenRegularFile(string path, FileMode mode, int bufferSize)
        {
            var stream = new FileStream(path, mode, FileAccess.ReadWrite, FileShare.Read, bufferSize);
            if (!stream.CanSeek)
            {
                stream.Dispose();
                throw new IOException($"'{path}' is not a regular file (a pipe or a device)");
            }

            return stream;
        }

        /// <summary>The names of one series: "feed.ndjson", "feed.1.ndjson", …; with a day, "feed-20250601.ndjson", "feed-20250601.1.ndjson", ….</summary>
        private readonly struct OutFileNames
        {
            private readonly string _folder;
            private readonly string _stem;
            private readonly string _extension;

            public OutFileNames(string path, DateTime? day)
            {
                var full = System.IO.Path.GetFullPath(path);
                _folder = System.IO.Path.GetDirectoryName(full)!;
                _extension = System.IO.Path.GetExtension(full);
                _stem = System.IO.Path.GetFileNameWithoutExtension(full) + (day is DateTime d ? "-" + d.ToString("yyyyMMdd", CultureInfo.InvariantCulture) : string.Empty);
            }

            public string For(int index) =>
                System.IO.Path.Combine(_folder, _stem + (index == 0 ? string.Empty : "." + index.ToString(CultureInfo.InvariantCulture)) + _extension);

            public int NewestIndex()
            {
                var newest = 0;
                if (!Directory.Exists(_folder))
                {
                    return newest;
                }

                foreach (var file in Directory.EnumerateFiles(_folder, _stem + ".*" + _extension))
                {
                    var name = System.IO.Path.GetFileName(file);
                    var middle = name.Substring(_stem.Length + 1, name.Length - _stem.Length - 1 - _extension.Length);
                    if (int.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index > newest)
                    {
                        newest = index;
                    }
                }

                return newest;
            }
        }
    }
}
