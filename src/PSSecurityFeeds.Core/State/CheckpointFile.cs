using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.State
{
    /// <summary>
    /// A checkpoint held open and locked for one run. The lock is on the checkpoint file itself, which is
    /// never replaced, so deleting a side file cannot let a second run in. A write goes first to a journal
    /// ("&lt;path&gt;.next", flushed to disk), then over the checkpoint in place; a run killed half-way leaves
    /// the journal, which the next run applies. So a checkpoint is always the old state or the new one.
    /// </summary>
    public sealed class CheckpointFile<T> : IDisposable where T : class
    {
        /// <summary>A checkpoint is a few kilobytes; anything this large is not one (and is not read into memory).</summary>
        public const long MaxBytes = 32L * 1024 * 1024;

        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions { WriteIndented = true };

        // What a checkpoint holds between its creation and the first commit of the run that created it.
        private static readonly byte[] NoStateYet = { (byte)'n', (byte)'u', (byte)'l', (byte)'l' };

        private readonly FileStream _file;
        private readonly string _advice;

        private CheckpointFile(string path, FileStream file, string advice)
        {
            Path = path;
            _file = file;
            _advice = advice;
        }

        public string Path { get; }

        private string JournalPath => Path + ".next";

        /// <summary>
        /// Creates the checkpoint if need be, takes the lock, applies a journal a killed run left, and removes the
        /// temporary files of dead runs. <paramref name="advice"/> says what deleting a damaged checkpoint costs and how
        /// to restart from a known time; it ends every CheckpointCorrupt message.
        /// </summary>
        public static CheckpointFile<T> Open(string path, string advice, CancellationToken cancellationToken = default)
        {
            var fullPath = System.IO.Path.GetFullPath(path);
            var folder = System.IO.Path.GetDirectoryName(fullPath);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            CreateIfMissing(fullPath);
            FileStream file;
            try
            {
                // Windows enforces sharing: others may read the checkpoint, nobody else may write or delete it.
                // Elsewhere .NET turns FileShare.None into an advisory lock (flock) that every run takes.
                var share = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? FileShare.Read : FileShare.None;
                file = new FileStream(fullPath, FileMode.Open, FileAccess.ReadWrite, share, bufferSize: 1);
            }
            catch (IOException ex) when (ex is not FileNotFoundException)
            {
                throw new FeedException(
                    "CheckpointLocked",
                    FeedErrorCategory.ResourceBusy,
                    $"The checkpoint '{fullPath}' is in use by another run. Wait for that run to finish; two runs on one checkpoint would deliver events twice.",
                    ex)
                {
                    Target = fullPath,
                };
            }
            catch (UnauthorizedAccessException ex)
            {
                throw WriteFailed(fullPath, ex);
            }

            var checkpoint = new CheckpointFile<T>(fullPath, file, advice);
            try
            {
                if (!file.CanSeek)
                {
                    throw checkpoint.Corrupt("the file", "it is not a regular file (a pipe or a device)");
                }

                checkpoint.VerifyStillOurs();
                checkpoint.ApplyJournal(cancellationToken);
                StrayFiles.DeleteCheckpointTemporaries(fullPath);
                return checkpoint;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>The saved state, or null when no run has committed one yet.</summary>
        public T? Read(CancellationToken cancellationToken = default)
        {
            if (_file.Length == 0)
            {
                // A checkpoint is born holding "null", never empty: an empty one was damaged.
                throw Corrupt("the file", "it is empty (0 bytes)");
            }

            _file.Position = 0;
            byte[] json;
            try
            {
                json = BoundedFile.ReadAll(_file, MaxBytes, cancellationToken);
            }
            catch (InvalidDataException tooLarge)
            {
                throw Corrupt("the file", tooLarge.Message, tooLarge);
            }

            if (json.AsSpan().SequenceEqual(NoStateYet))
            {
                return null;
            }

            return Parse(json, out var problem) ?? throw Corrupt("the file", problem!);
        }

        /// <summary>Replaces the saved state: journal first, then in place, each flushed to disk before the next step.</summary>
        public void Write(T state)
        {
            VerifyStillOurs();
            var bytes = JsonSerializer.SerializeToUtf8Bytes(state, JsonOptions);
            try
            {
                using (var journal = new FileStream(JournalPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
                {
                    journal.Write(bytes, 0, bytes.Length);
                    journal.Flush(flushToDisk: true);
                }

                Overwrite(bytes);
                File.Delete(JournalPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw WriteFailed(Path, ex);
            }
        }

        /// <summary>
        /// A checkpoint whose content cannot be trusted: names the field and what is wrong, then what deleting
        /// the file costs and how to restart from a known time instead.
        /// </summary>
        public FeedException Corrupt(string field, string problem, Exception? inner = null) =>
            new FeedException(
                "CheckpointCorrupt",
                FeedErrorCategory.InvalidData,
                $"The checkpoint '{Path}' cannot be used: {field}: {problem}. Nothing was read. {_advice}",
                inner)
            {
                Target = Path,
            };

        public void Dispose() => _file.Dispose();

        private static FeedException WriteFailed(string path, Exception ex) =>
            new FeedException(
                "CheckpointWriteFailed",
                FeedErrorCategory.WriteError,
                $"The checkpoint '{path}' could not be written ({ex.Message}). It still holds the previous position: the next run continues from there, " +
                "delivering again what came after it (with -OutFile the file is first cut back to match, so nothing is written twice).",
                ex)
            {
                Target = path,
            };

        /// <summary>
        /// A new checkpoint appears whole, holding "null" (no state yet): written beside it, then moved into place,
        /// so a run killed at any moment never leaves an empty checkpoint that could not be told from a damaged one.
        /// </summary>
        private static void CreateIfMissing(string path)
        {
            if (File.Exists(path))
            {
                return;
            }

            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
                {
                    file.Write(NoStateYet, 0, NoStateYet.Length);
                    file.Flush(flushToDisk: true);
                }

                File.Move(temporary, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // another run created it first: that one is used
            }
            catch (UnauthorizedAccessException ex)
            {
                throw WriteFailed(path, ex);
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        private static T? Parse(byte[] json, out string? problem)
        {
            try
            {
                problem = null;
                return JsonSerializer.Deserialize<T>(json, JsonOptions) ?? throw new JsonException("the file holds null");
            }
            catch (JsonException ex)
            {
                problem = $"it is not a checkpoint ({ex.Message})";
                return null;
            }
        }

        /// <summary>A journal left by a run killed while writing: whole, it is the newest state; cut short, the checkpoint is.</summary>
        private void ApplyJournal(CancellationToken cancellationToken)
        {
            if (!File.Exists(JournalPath))
            {
                return;
            }

            var journal = Array.Empty<byte>();
            using (var file = new FileStream(JournalPath, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                try
                {
                    journal = BoundedFile.ReadAll(file, MaxBytes, cancellationToken);
                }
                catch (InvalidDataException)
                {
                    // not a journal this module wrote: the checkpoint stands
                }
            }

            if (journal.Length > 0 && Parse(journal, out _) is not null)
            {
                Overwrite(journal);
            }

            File.Delete(JournalPath);
        }

        private void Overwrite(byte[] bytes)
        {
            _file.Position = 0;
            _file.Write(bytes, 0, bytes.Length);
            _file.SetLength(bytes.Length);
            _file.Flush(flushToDisk: true);
        }

        /// <summary>
        /// On Linux and macOS a locked file can still be deleted or replaced by someone; a run whose checkpoint is
        /// no longer at its path stops rather than write into a file nobody will read.
        /// </summary>
        private void VerifyStillOurs()
        {
#if NET
            var onDisk = new FileInfo(Path);
            if (!onDisk.Exists || onDisk.Length != _file.Length || onDisk.LastWriteTimeUtc != File.GetLastWriteTimeUtc(_file.SafeFileHandle))
            {
                throw new FeedException(
                    "CheckpointLockLost",
                    FeedErrorCategory.ResourceBusy,
                    $"The checkpoint '{Path}' was deleted or replaced while this run held it; another run may be using the path now. This run stops without recording more.")
                {
                    Target = Path,
                };
            }
#endif
        }
    }
}
