using System;
using System.IO;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// What the page fetchers hand the consumer through the queue: a request of a site (its id and raw
    /// JSON), or the mark that every request of a window of a site has been queued.
    /// </summary>
    internal sealed class SigSciFeedEntry
    {
        private SigSciFeedEntry(string site, string? id, string? json, SigSciWindow? completedWindow)
        {
            Site = site;
            Id = id;
            Json = json;
            CompletedWindow = completedWindow;
        }

        public string Site { get; }

        public string? Id { get; }

        public string? Json { get; }

        /// <summary>Set on the mark that ends a window; null on a request.</summary>
        public SigSciWindow? CompletedWindow { get; }

        public static SigSciFeedEntry Request(string site, string id, string json) => new SigSciFeedEntry(site, id, json, null);

        public static SigSciFeedEntry WindowDone(string site, SigSciWindow window) => new SigSciFeedEntry(site, null, null, window);

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
                writer.Write(entry.Json!);
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
            return Request(site, id, reader.ReadString());
        }
    }
}
