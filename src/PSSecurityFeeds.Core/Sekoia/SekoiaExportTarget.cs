using System;
using System.IO;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>Where an export's file goes: a given file, or a file named after the download in a given folder.</summary>
    internal sealed class SekoiaExportTarget
    {
        private readonly string _path;
        private readonly bool _isFolder;
        private readonly bool _decompress;

        private SekoiaExportTarget(string path, bool isFolder, bool decompress, bool force)
        {
            _path = path;
            _isFolder = isFolder;
            _decompress = decompress;
            Force = force;
        }

        public bool Force { get; }

        public static SekoiaExportTarget Resolve(string path, bool decompress, bool force)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw InvalidPath(path, "no path was given");
            }

            var full = System.IO.Path.GetFullPath(path);
            var endsWithSeparator = path.EndsWith(System.IO.Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ||
                path.EndsWith(System.IO.Path.AltDirectorySeparatorChar.ToString(), StringComparison.Ordinal);
            if (Directory.Exists(full))
            {
                return new SekoiaExportTarget(full, isFolder: true, decompress, force);
            }

            if (endsWithSeparator)
            {
                throw InvalidPath(path, "that folder does not exist");
            }

            var folder = System.IO.Path.GetDirectoryName(full);
            if (folder is null || !Directory.Exists(folder))
            {
                throw InvalidPath(path, $"the folder '{folder}' does not exist");
            }

            var target = new SekoiaExportTarget(full, isFolder: false, decompress, force);
            target.EnsureWritable(full);
            return target;
        }

        /// <summary>The file to write, once the download URL is known.</summary>
        public string FileFor(Uri downloadUrl, string taskUuid)
        {
            if (!_isFolder)
            {
                return _path;
            }

            var name = System.IO.Path.GetFileName(Uri.UnescapeDataString(downloadUrl.AbsolutePath));
            if (string.IsNullOrEmpty(name) || name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0)
            {
                name = $"sekoia-export-{taskUuid}.json.gz";
            }

            if (_decompress && name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                name = name.Substring(0, name.Length - 3);
            }

            var file = System.IO.Path.Combine(_path, name);
            EnsureWritable(file);
            return file;
        }

        /// <summary>Without -Force an existing file is never replaced.</summary>
        public void EnsureWritable(string file)
        {
            if (!Force && File.Exists(file))
            {
                throw new FeedException(
                    "SekoiaExportFileExists",
                    FeedErrorCategory.WriteError,
                    $"The file '{file}' already exists. Use -Force to replace it, or give another -Path.")
                {
                    Target = file,
                };
            }
        }

        private static FeedException InvalidPath(string? path, string why) =>
            new FeedException("SekoiaInvalidPath", FeedErrorCategory.InvalidArgument, $"Cannot export to '{path}': {why}. Give a file path in an existing folder, or an existing folder.")
            {
                Target = path,
            };
    }
}
