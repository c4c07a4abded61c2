using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>An export to run: which job, which fields (explicit names only), and where the file goes.</summary>
    public sealed class SekoiaExportRequest
    {
        public string JobUuid { get; init; } = string.Empty;

        public IReadOnlyList<string> Fields { get; init; } = Array.Empty<string>();

        /// <summary>A file, or an existing folder (the file then takes the name the download has).</summary>
        public string Path { get; init; } = string.Empty;

        /// <summary>Write JSON Lines instead of the gzip file as served.</summary>
        public bool Decompress { get; init; }

        /// <summary>Replace a file that is already there.</summary>
        public bool Force { get; init; }

        public SekoiaPolling Polling { get; init; } = new SekoiaPolling();

        /// <summary>Attempts at the download when its body breaks off; each starts again from the first byte.</summary>
        public int DownloadAttempts { get; init; } = 3;

        /// <summary>Checks everything that can be checked before a request is sent.</summary>
        internal SekoiaExportTarget Validate()
        {
            SekoiaUuid.Require(JobUuid);

            if (Fields.Count == 0)
            {
                throw InvalidField(null, "no fields were given");
            }

            foreach (var field in Fields)
            {
                if (string.IsNullOrWhiteSpace(field))
                {
                    throw InvalidField(field, "a field name is empty");
                }

                if (field.IndexOf(',') >= 0)
                {
                    throw InvalidField(field, $"'{field}' holds a comma, and each field is its own value (one string with commas would export nothing): write -Field {string.Join(",", field.Split(',').Select(f => "'" + f.Trim() + "'"))}");
                }

                if (field.IndexOfAny(new[] { '*', '?' }) >= 0)
                {
                    throw InvalidField(field, $"'{field}' has a wildcard, and Sekoia.io exports take explicit field names only");
                }
            }

            if (DownloadAttempts < 1)
            {
                throw new FeedException("SekoiaInvalidExport", FeedErrorCategory.InvalidArgument, $"DownloadAttempts is {DownloadAttempts}; give 1 or more.");
            }

            Polling.Validate();
            return SekoiaExportTarget.Resolve(Path, Decompress, Force);
        }

        internal byte[] ToJson(SseCustomerKey key)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartArray("fields");
                foreach (var field in Fields.Select(f => f.Trim()).Distinct(StringComparer.Ordinal))
                {
                    json.WriteStringValue(field);
                }

                json.WriteEndArray();
                key.WriteExportSettings(json);
                json.WriteEndObject();
            }

            return buffer.ToArray();
        }

        private static FeedException InvalidField(string? field, string why) =>
            new FeedException(
                "SekoiaInvalidField",
                FeedErrorCategory.InvalidArgument,
                $"Cannot export: {why}. List the fields to export by their full names, such as -Field '@timestamp','message','source.ip'.")
            {
                Target = field,
            };
    }
}
