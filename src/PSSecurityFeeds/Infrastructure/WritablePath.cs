using System;
using System.IO;
using System.Management.Automation;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// Resolves a path parameter that a command will write to (-CheckpointPath, -OutFile, Export-SekoiaEvent
    /// -Path) and proves it can be written before any request is sent: a FileSystem-provider path, in an
    /// existing folder that takes new files, and not itself a folder unless the command allows one. Each way
    /// it can fail has its own error id, so no request is spent on a file that could never be written.
    /// </summary>
    internal static class WritablePath
    {
        /// <returns>The full file-system path.</returns>
        public static string Resolve(PSCmdlet cmdlet, string path, string parameter, bool folderAllowed = false)
        {
            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (Exception ex) when (ex is SessionStateException || ex is NotSupportedException || ex is ArgumentException)
            {
                throw Fail(cmdlet, new ArgumentException($"-{parameter} '{path}' cannot be resolved: {ex.Message}", ex), "PathNotResolved", ErrorCategory.InvalidArgument, path);
            }

            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                throw Fail(cmdlet, new ArgumentException($"-{parameter} '{path}' is on the {provider.Name} provider, not a file system drive. Give a file path such as {Example(parameter)}."), "PathNotFileSystem", ErrorCategory.InvalidArgument, path);
            }

            if (Directory.Exists(resolved))
            {
                if (!folderAllowed)
                {
                    throw Fail(cmdlet, new ArgumentException($"-{parameter} '{resolved}' is a folder. Give a file in it, such as {System.IO.Path.Combine(resolved, System.IO.Path.GetFileName(Example(parameter)))}."), "PathIsFolder", ErrorCategory.InvalidArgument, resolved);
                }

                ProveFolderWritable(cmdlet, resolved, parameter);
                return resolved;
            }

            var folder = System.IO.Path.GetDirectoryName(resolved) ?? resolved;
            RequireFolder(cmdlet, folder, parameter, resolved);
            ProveFolderWritable(cmdlet, folder, parameter);
            ProveFileWritable(cmdlet, resolved, parameter);
            return resolved;
        }

        private static void RequireFolder(PSCmdlet cmdlet, string folder, string parameter, string resolved)
        {
            if (Directory.Exists(folder))
            {
                return;
            }

            // The nearest part of the path that exists says why: a file where a folder should be, or folders missing.
            var existing = folder;
            while (existing is not null && !Directory.Exists(existing) && !File.Exists(existing))
            {
                existing = System.IO.Path.GetDirectoryName(existing);
            }

            if (existing is not null && File.Exists(existing))
            {
                throw Fail(cmdlet, new IOException($"-{parameter} '{resolved}' cannot be created: '{existing}' is a file, not a folder."), "PathParentIsFile", ErrorCategory.InvalidArgument, resolved);
            }

            throw Fail(cmdlet, new DirectoryNotFoundException($"-{parameter} '{resolved}': the folder '{folder}' does not exist. Create it first (New-Item -ItemType Directory '{folder}')."), "PathFolderNotFound", ErrorCategory.ObjectNotFound, resolved);
        }

        /// <summary>Creates and removes a file in the folder: the only sure test of permissions, ACLs, read-only volumes and quotas.</summary>
        private static void ProveFolderWritable(PSCmdlet cmdlet, string folder, string parameter)
        {
            var probe = System.IO.Path.Combine(folder, ".pssecurityfeeds-" + Guid.NewGuid().ToString("N") + ".probe");
            try
            {
                using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw Fail(cmdlet, new UnauthorizedAccessException($"-{parameter}: cannot write in the folder '{folder}' ({ex.Message}). Give a folder this account may write to.", ex), "PathNotWritable", ErrorCategory.PermissionDenied, folder);
            }
        }

        private static void ProveFileWritable(PSCmdlet cmdlet, string file, string parameter)
        {
            if (!File.Exists(file))
            {
                return;
            }

            try
            {
                // Opened and closed unchanged; for reading too, because opening a named pipe for writing only would wait
                // for a reader. A file in use by a run is reported by that run's lock instead.
                using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                if (!stream.CanSeek)
                {
                    throw Fail(cmdlet, new IOException($"-{parameter} '{file}' is not a regular file (a pipe or a device)."), "PathNotAFile", ErrorCategory.InvalidArgument, file);
                }
            }
            catch (UnauthorizedAccessException ex)
            {
                throw Fail(cmdlet, new UnauthorizedAccessException($"-{parameter}: the file '{file}' cannot be written ({ex.Message}). Make it writable or give another file.", ex), "PathNotWritable", ErrorCategory.PermissionDenied, file);
            }
            catch (IOException)
            {
                // in use: the checkpoint's lock or the export says so, with what to do
            }
        }

        private static string Example(string parameter) =>
            System.IO.Path.Combine(System.IO.Path.GetTempPath(), parameter == "CheckpointPath" ? "feed-checkpoint.json" : "feed.ndjson");

        private static Exception Fail(PSCmdlet cmdlet, Exception error, string errorId, ErrorCategory category, object target)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.From(error, errorId, category, target));
            return error; // not reached: ThrowTerminatingError always throws
        }
    }
}
