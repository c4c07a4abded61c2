using System;
using System.Collections.Generic;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// The requests of one window of one site that have been queued for delivery, by id, so that a window
    /// read again after an expired next URI, or by a run after one that stopped in it, queues only what it had
    /// not queued (or delivered) yet.
    /// </summary>
    internal sealed class SigSciWindowRequests
    {
        private readonly HashSet<string> _ids = new HashSet<string>(StringComparer.Ordinal);
        private readonly string _site;
        private readonly SpillQueue<SigSciFeedEntry> _queue;

        /// <param name="delivered">Requests of this window an earlier run delivered (from its checkpoint): skipped like ones queued.</param>
        public SigSciWindowRequests(string site, SpillQueue<SigSciFeedEntry> queue, IEnumerable<string> delivered)
        {
            _site = site;
            _queue = queue;
            _ids.UnionWith(delivered);
        }

        public int Queued => _ids.Count;

        /// <summary>Requests left out because they were queued already.</summary>
        public int Skipped { get; private set; }

        /// <summary>Queues the page's requests not queued yet; the page is disposed: its body is no longer needed.</summary>
        public void Queue(SigSciPage page)
        {
            var found = page.ReadRequests();
            page.Dispose();
            foreach (var (id, json) in found)
            {
                if (id.Length > 0 && !_ids.Add(id))
                {
                    Skipped++;
                    continue;
                }

                _queue.Enqueue(SigSciFeedEntry.Request(_site, id, json));
            }
        }
    }
}
