using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Sessions;
using PSSecurityFeeds.Core.State;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Reads an EdgeGrid credentials file (.edgerc): INI sections holding host, client_token, client_secret,
    /// access_token and optional max_body (or max-body) and headers_to_sign. Values may be quoted and may carry
    /// an inline ';' comment. Errors name the file, the section and the key, never a value.
    /// </summary>
    public static class EdgeRcFile
    {
        /// <summary>~/.edgerc, where Akamai's tools put the file.</summary>
        public static string DefaultPath =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".edgerc");

        /// <summary>
        /// The largest file read. A credentials file is a few hundred bytes; a larger one is not one, and a
        /// device that never ends must not be read into memory.
        /// </summary>
        public const int MaxFileBytes = 1024 * 1024;

        // Tab completion must answer at once, whatever the path names.
        private static readonly TimeSpan CompletionReadLimit = TimeSpan.FromSeconds(2);

        /// <summary>The section names of a credentials file, for tab completion; none when it cannot be read.</summary>
        public static IReadOnlyList<string> SectionsOf(string path)
        {
            try
            {
                using var limit = new CancellationTokenSource(CompletionReadLimit);
                return Parse(ReadLines(Path.GetFullPath(path), limit.Token)).Keys.ToList();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException || ex is OperationCanceledException || ex is FeedException)
            {
                return Array.Empty<string>();
            }
        }

        /// <summary>Reads the section's credential, off the caller's thread; the read can be cancelled, and only a regular file of at most <see cref="MaxFileBytes"/> is read.</summary>
        public static Task<EdgeGridCredential> ReadAsync(string path, string section, CancellationToken cancellationToken) =>
            Task.Run(() => Read(path, section, cancellationToken), cancellationToken);

        private static EdgeGridCredential Read(string path, string section, CancellationToken cancellationToken)
        {
            var fullPath = Path.GetFullPath(path);
            var sections = Parse(ReadLines(fullPath, cancellationToken));
            if (!sections.TryGetValue(section, out var values))
            {
                var known = sections.Count == 0 ? "none" : string.Join(", ", sections.Keys.Select(k => "[" + k + "]"));
                throw Error("EdgeRcSectionNotFound", FeedErrorCategory.ObjectNotFound, fullPath,
                    $"The EdgeGrid credentials file '{fullPath}' has no section [{section}] (sections found: {known}). Pass -Section with one of them.");
            }

            string Required(string key)
            {
                if (values.TryGetValue(key, out var value) && value.Length > 0)
                {
                    return value;
                }

                throw Error("EdgeRcKeyMissing", FeedErrorCategory.InvalidData, fullPath,
                    $"Section [{section}] of the EdgeGrid credentials file '{fullPath}' has no '{key}'. Add '{key} = ...' under [{section}].");
            }

            var host = Required("host");
            var clientToken = Required("client_token");
            var accessToken = Required("access_token");
            var secret = SecretText.Protect(Required("client_secret"));
            return new EdgeGridCredential(
                host.TrimEnd('/'),
                clientToken,
                secret,
                accessToken,
                MaxBody(values, fullPath, section),
                HeadersToSign(values))
            {
                Source = $"section [{section}] of '{fullPath}'",
            };
        }

        /// <summary>Sections by name (case-sensitive, as Akamai's libraries read them), keys lower-cased.</summary>
        internal static Dictionary<string, Dictionary<string, string>> Parse(IEnumerable<string> lines)
        {
            var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            Dictionary<string, string>? current = null;
            foreach (var rawLine in lines)
            {
                var line = rawLine.Trim();
                if (line.Length == 0 || line[0] == ';' || line[0] == '#')
                {
                    continue;
                }

                if (line[0] == '[')
                {
                    var end = line.IndexOf(']');
                    var name = (end < 0 ? line.Substring(1) : line.Substring(1, end - 1)).Trim();
                    if (!sections.TryGetValue(name, out current))
                    {
                        current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        sections[name] = current;
                    }

                    continue;
                }

                var equals = line.IndexOf('=');
                if (current is null || equals <= 0)
                {
                    continue; // text outside a section or without '=' is not a setting
                }

                current[line.Substring(0, equals).Trim()] = Value(line.Substring(equals + 1));
            }

            return sections;
        }

        /// <summary>A quoted value is taken inside its quotes; an unquoted one ends at an inline ';' comment.</summary>
        private static string Value(string text)
        {
            var value = text.Trim();
            if (value.Length > 0 && (value[0] == '"' || value[0] == '\''))
            {
                var close = value.IndexOf(value[0], 1);
                return close < 0 ? value.Substring(1) : value.Substring(1, close - 1);
            }

            var comment = value.IndexOf(';');
            return (comment < 0 ? value : value.Substring(0, comment)).Trim();
        }

        private static int MaxBody(Dictionary<string, string> values, string path, string section)
        {
            if (!values.TryGetValue("max_body", out var text) && !values.TryGetValue("max-body", out text))
            {
                return EdgeGridCredential.DefaultMaxBody;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var maxBody) && maxBody > 0)
            {
                return maxBody;
            }

            throw Error("EdgeRcInvalidValue", FeedErrorCategory.InvalidData, path,
                $"Section [{section}] of the EdgeGrid credentials file '{path}' has max_body '{text}', which is not a positive whole number.");
        }

        /// <summary>
        /// The file's lines. A FIFO or a device reports a length of 0 and could block the open or never end, so
        /// only a non-empty file within the size limit is opened; the read itself honours cancellation.
        /// </summary>
        private static string[] ReadLines(string fullPath, CancellationToken cancellationToken)
        {
            var file = new FileInfo(fullPath);
            if (!file.Exists)
            {
                throw Directory.Exists(fullPath)
                    ? Error("EdgeRcNotAFile", FeedErrorCategory.InvalidArgument, fullPath, $"'{fullPath}' is a folder. Give the path of the EdgeGrid credentials file (.edgerc) itself with -EdgeRcPath.")
                    : Error("EdgeRcNotFound", FeedErrorCategory.ObjectNotFound, fullPath,
                        $"The EdgeGrid credentials file '{fullPath}' does not exist. Create it with the API client's credentials (Akamai Control Center > Identity and Access), or pass -EdgeRcPath.");
            }

            if (file.Length == 0)
            {
                throw Error("EdgeRcNotAFile", FeedErrorCategory.InvalidArgument, fullPath,
                    $"The EdgeGrid credentials file '{fullPath}' is empty, or is not a regular file (a pipe or a device, which is not read because it could keep the command waiting). Give the path of the .edgerc file itself.");
            }

            if (file.Length > MaxFileBytes)
            {
                throw TooLarge(fullPath);
            }

            try
            {
                byte[] content;
                using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    content = BoundedFile.ReadAll(stream, MaxFileBytes, cancellationToken);
                    if (stream.Length > MaxFileBytes)
                    {
                        throw TooLarge(fullPath); // it grew past the limit while it was read
                    }
                }

                using var reader = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                return reader.ReadToEnd().Split(new[] { "\r\n", "\n", "\r" }, StringSplitOptions.None);
            }
            catch (InvalidDataException)
            {
                throw TooLarge(fullPath); // it grew past the limit after its length was checked
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new FeedException("EdgeRcUnreadable", ex is UnauthorizedAccessException ? FeedErrorCategory.PermissionDenied : FeedErrorCategory.ReadError,
                    $"The EdgeGrid credentials file '{fullPath}' could not be read: {ex.Message}", ex)
                {
                    Target = fullPath,
                };
            }
        }

        private static FeedException TooLarge(string path) =>
            Error("EdgeRcTooLarge", FeedErrorCategory.InvalidData, path,
                $"'{path}' is larger than {MaxFileBytes / 1024} KB, which no EdgeGrid credentials file is. Give the path of the .edgerc file with -EdgeRcPath.");

        private static IReadOnlyList<string> HeadersToSign(Dictionary<string, string> values) =>
            values.TryGetValue("headers_to_sign", out var text)
                ? text.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(h => h.Trim()).Where(h => h.Length > 0).ToArray()
                : Array.Empty<string>();


        private static FeedException Error(string errorId, FeedErrorCategory category, string path, string message) =>
            new FeedException(errorId, category, message) { Target = path };
    }
}
