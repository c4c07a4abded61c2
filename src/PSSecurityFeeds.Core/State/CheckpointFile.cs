using System;
using System.IO;
using System.Text.Json;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.State
{
    /// <summary>
    /// A checkpoint held open for one run: an exclusive lock on "&lt;path&gt;.lock" keeps a second process out,
    /// and every write goes to a temporary file that then replaces the checkpoint, so a crash leaves the old
    /// checkpoint or the new one, never half of one. Callers write only after the events are delivered.
    /// </summary>
    public sealed class CheckpointFile<T> : IDisposable where T : class
    {
        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions { WriteIndented = true };

        private readonly FileStream _lock;

        private CheckpointFile(string path, FileStream lockStream)
        {
            Path = path;
            _lock = lockStream;
        }

        public string Path { get; }

        /// <summary>Takes the lock. Fails with a clear error when another process holds it.</summary>
        public static CheckpointFile<T> Open(string path)
        {
            var fullPath = System.IO.Path.GetFullPath(path);
            var folder = System.IO.Path.GetDirectoryName(fullPath);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            try
            {
                var lockStream = new FileStream(fullPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new CheckpointFile<T>(fullPath, lockStream);
            }
            catch (IOException ex)
            {
                throw new FeedException(
                    "CheckpointLocked",
                    FeedErrorCategory.ResourceBusy,
                    $"The checkpoint '{fullPath}' is in use by another run (its lock file '{fullPath}.lock' is held). " +
                    "Wait for that run to finish; two runs on one checkpoint would deliver events twice.",
                    ex)
                {
                    Target = fullPath,
                };
            }
        }

        /// <summary>The saved state, or null when the checkpoint does not exist yet.</summary>
        public T? Read()
        {
            if (!File.Exists(Path))
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize<T>(File.ReadAllText(Path), JsonOptions)
                    ?? throw new JsonException("the file holds null");
            }
            catch (JsonException ex)
            {
                throw new FeedException(
                    "CheckpointCorrupt",
                    FeedErrorCategory.InvalidData,
                    $"The checkpoint '{Path}' cannot be read ({ex.Message}). Fix or delete it; deleting it starts the feed afresh.",
                    ex)
                {
                    Target = Path,
                };
            }
        }

        public void Write(T state)
        {
            var temporary = Path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    JsonSerializer.Serialize(file, state, JsonOptions);
                    file.Flush(flushToDisk: true);
                }

                if (File.Exists(Path))
                {
                    File.Replace(temporary, Path, destinationBackupFileName: null);
                }
                else
                {
                    File.Move(temporary, Path);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                TryDelete(temporary);
                throw new FeedException(
                    "CheckpointWriteFailed",
                    FeedErrorCategory.WriteError,
                    $"The checkpoint '{Path}' could not be written ({ex.Message}). The events were delivered; the next run will deliver the last batch again unless the checkpoint is fixed.",
                    ex)
                {
                    Target = Path,
                };
            }
        }

        public void Dispose() => _lock.Dispose();

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // best effort: a stray .tmp file is harmless
            }
        }
    }
}
