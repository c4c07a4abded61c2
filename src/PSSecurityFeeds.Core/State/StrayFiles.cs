using System;
using System.IO;
using System.Text.RegularExpressions;

namespace PSSecurityFeeds.Core.State
{
    /// <summary>
    /// Removes files that runs killed before they could clean up left behind, and only those that are provably
    /// dead: never a file another run still holds open.
    /// </summary>
    internal static class StrayFiles
    {
        // "<checkpoint>.<32 hex digits>.tmp": a new checkpoint being created, or (earlier versions) a state being written.
        private static readonly Regex CheckpointTemporary = new Regex(@"\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant);

        /// <summary>The temporary files of a checkpoint; called under the checkpoint's lock, once it exists, so no live run still needs them.</summary>
        public static void DeleteCheckpointTemporaries(string checkpointPath)
        {
            var folder = Path.GetDirectoryName(checkpointPath)!;
            var name = Path.GetFileName(checkpointPath);
            foreach (var file in Directory.EnumerateFiles(folder, name + ".*.tmp"))
            {
                if (Path.GetFileName(file).Length == name.Length + 37 && CheckpointTemporary.IsMatch(file))
                {
                    TryDelete(file);
                }
            }
        }

        /// <summary>
        /// Files matching <paramref name="pattern"/> that nobody holds open (a live run keeps its file open and
        /// locked) and that are older than <paramref name="minimumAge"/> (a file just created is locked a moment later).
        /// </summary>
        public static int DeleteUnheld(string folder, string pattern, TimeSpan minimumAge)
        {
            if (!Directory.Exists(folder))
            {
                return 0;
            }

            var deleted = 0;
            foreach (var file in Directory.EnumerateFiles(folder, pattern))
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) < minimumAge)
                {
                    continue;
                }

                try
                {
                    // Opening it exclusively succeeds only when no process holds it; closing it then deletes it.
                    using (new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
                    {
                        deleted++;
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // held by a live run, or not ours to delete
                }
            }

            return deleted;
        }

        private static void TryDelete(string file)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // left for the next run
            }
        }
    }
}
