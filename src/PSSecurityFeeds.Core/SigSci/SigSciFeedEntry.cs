using System;
using System.IO;
using System.Runtime.InteropServices;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// What the page fetchers hand the consumer through the queue: a request of a site (its id and raw
    /// JSON), or the mark that every request of a window of a site has been queued.
    /// </summary>
    internal sealed class SigSciFeedEntry
    {
        private SigSciFeedEntry(string site, string? id, ReadOnlyMemory<byte> json, SigSciWindow? completedWindow)
        {
            Site = site;
            Id = id;
            Json = json;
            CompletedWindow = completedWindow;
        }

        public string Site { get; }

        public string? Id { get; }

        /// <summary>The request's JSON as UTF-8, as the feed sent it.</summary>
        public ReadOnlyMemory<byte> Json { get; }

        /// <summary>Set on the mark that ends a window; null on a request.</summary>
        public SigSciWindow? CompletedWindow { get; }

        public static SigSciFeedEntry Request(string site, string id, ReadOnlyMemory<byte> json) => new SigSciFeedEntry(site, id, json, null);

        public static SigSciFeedEntry WindowDone(string site, SigSciWindow window) => new SigSciFeedEntry(site, null, ReadOnlyMemory<byte>.Empty, window);

        public static void Write(BinaryWriter writer, SigSciFeedEntry entry)
        {
            writer.Write(entry.Site);
            if (entry.CompletedWindow is { } window)
            {
                writer.Write(true);
                writer.Write(window.From.UtcTicks);
                writer.Write(window.Until.UtcTicks);
            }
            else
            {
                writer.Write(false);
                writer.Write(entry.Id!);
                writer.Write(entry.Json.Length);
                if (MemoryMarshal.TryGetArray(entry.Json, out var bytes))
                {
                    writer.Write(bytes.Array!, bytes.Offset, bytes.Count);
                }
                else
                {
                    writer.Write(entry.Json.ToArray());
                }
            }
        }

        public static SigSciFeedEntry Read(BinaryReader reader)
        {
            var site = reader.ReadString();
            if (reader.ReadBoolean())
            {
                var from = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
                var until = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
                return WindowDone(site, new SigSciWindow(from, until));
            }

            var id = reader.ReadString();
            return Request(site, id, reader.ReadBytes(reader.ReadInt32()));
        }
    }
}
