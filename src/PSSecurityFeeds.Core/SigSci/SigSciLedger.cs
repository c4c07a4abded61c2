using System;
using System.Collections.Generic;
using System.Threading;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.State;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// What one run has delivered of the request feed and what its checkpoint says: per site, the end of the
    /// last window delivered whole, and the ids delivered so far of the window being delivered. A request counts
    /// as delivered once it is in the out file (-OutFile), or once the consumer has taken it: when it asks for
    /// the next one, or says so. A request handed out but dropped by a stopped pipeline is never counted.
    /// </summary>
    internal sealed class SigSciLedger : IDisposable
    {
        private readonly SigSciCheckpoint _state;
        private readonly IReadOnlyDictionary<string, IReadOnlyList<SigSciWindow>> _plan;
        private readonly Dictionary<string, int> _windowsDone = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly CheckpointCommitter<SigSciCheckpoint>? _committer;
        private SigSciFeedEntry? _offered;

        private SigSciLedger(SigSciFeedOptions options, string corp, IReadOnlyDictionary<string, IReadOnlyList<SigSciWindow>> plan, CheckpointFile<SigSciCheckpoint>? checkpoint, SigSciCheckpoint? saved, OperationLog log)
        {
            _state = new SigSciCheckpoint
            {
                Corp = corp,
                Sites = new Dictionary<string, DateTimeOffset>(saved?.Sites ?? new Dictionary<string, DateTimeOffset>(), StringComparer.Ordinal),
                OpenWindows = new Dictionary<string, SigSciOpenWindow>(saved?.OpenWindows ?? new Dictionary<string, SigSciOpenWindow>(), StringComparer.Ordinal),
            };
            _plan = plan;
            HoldNewSitesAtTheirStart();
            if (checkpoint is not null)
            {
                _committer = CheckpointCommitter<SigSciCheckpoint>.Start(checkpoint, saved, options.OutFile, options.CommitPolicy, () => _state, log);
            }
        }

        /// <summary>The windows to read per site, in order.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<SigSciWindow>> Plan => _plan;

        public bool WritesFile => _committer?.WritesFile == true;

        /// <summary>Opens and checks the checkpoint (if any) and plans the windows, before any request.</summary>
        public static SigSciLedger Open(SigSciFeedOptions options, string corp, OperationLog log, CancellationToken cancellationToken)
        {
            if (options.CheckpointPath is null)
            {
                return new SigSciLedger(options, corp, SigSciFeedPlanner.Plan(options, null, DateTimeOffset.UtcNow, log), null, null, log);
            }

            var checkpoint = CheckpointFile<SigSciCheckpoint>.Open(options.CheckpointPath, SigSciCheckpoint.RecoveryAdvice, cancellationToken);
            try
            {
                var now = DateTimeOffset.UtcNow;
                var saved = checkpoint.Read(cancellationToken);
                saved?.Check(checkpoint, corp, now);
                return new SigSciLedger(options, corp, SigSciFeedPlanner.Plan(options, saved, now, log), checkpoint, saved, log);
            }
            catch
            {
                checkpoint.Dispose();
                throw;
            }
        }

        /// <summary>The ids of a window's requests an earlier run delivered (the window it stopped in), to skip.</summary>
        public IReadOnlyCollection<string> DeliveredIn(string site, SigSciWindow window) =>
            _state.OpenWindows is { } open && open.TryGetValue(site, out var partly) && partly.Until == window.Until
                ? partly.Delivered
                : (IReadOnlyCollection<string>)Array.Empty<string>();

        /// <summary>Delivers a request into the out file: it counts at once.</summary>
        public void Write(SigSciFeedEntry entry)
        {
            _committer!.Append(entry.Json.Span);
            Count(entry);
        }

        /// <summary>Hands a request to the consumer: it counts once <see cref="Taken"/> is called.</summary>
        public void Offer(SigSciFeedEntry entry) => _offered = entry;

        /// <summary>The consumer took the request offered last; it may say so twice.</summary>
        public void Taken()
        {
            if (_offered is { } offered)
            {
                _offered = null;
                Count(offered);
            }
        }

        /// <summary>Every request of a site's window was delivered: the site's checkpoint moves to the window's end.</summary>
        public void WindowDone(string site, SigSciWindow window, OperationLog log)
        {
            _windowsDone[site] = IndexOf(site) + 1;
            _state.Sites[site] = window.Until;
            _state.OpenWindows!.Remove(site);
            _committer?.Changed();
            log.Verbose($"Signal Sciences site '{site}': every request up to {SigSciWindow.Format(window.Until)} delivered.");
        }

        /// <summary>Ends the run however it ends: what was delivered since the last commit is committed.</summary>
        public void Stop() => _committer?.CommitPending();

        public void Dispose() => _committer?.Dispose();

        /// <summary>
        /// A site the checkpoint does not hold yet is recorded at the start of its first window, committed as the run
        /// opens: stopped before that site delivered anything, the run must not leave the next one (which sees a
        /// checkpoint, so starts a new site an hour before its own now) to start it later, skipping the minutes between.
        /// </summary>
        private void HoldNewSitesAtTheirStart()
        {
            foreach (var site in _plan)
            {
                if (site.Value.Count > 0 && !_state.Sites.ContainsKey(site.Key) && !_state.OpenWindows!.ContainsKey(site.Key))
                {
                    _state.Sites[site.Key] = site.Value[0].From;
                }
            }
        }

        private int IndexOf(string site) => _windowsDone.TryGetValue(site, out var done) ? done : 0;

        private void Count(SigSciFeedEntry entry)
        {
            var window = _plan[entry.Site][IndexOf(entry.Site)];
            if (!_state.OpenWindows!.TryGetValue(entry.Site, out var open) || open.Until != window.Until)
            {
                open = new SigSciOpenWindow { From = window.From, Until = window.Until };
                _state.OpenWindows[entry.Site] = open;
            }

            // The window may start later than the checkpoint said (minutes past the feed's retention are skipped).
            open.From = window.From;
            if (!string.IsNullOrEmpty(entry.Id))
            {
                open.Delivered.Add(entry.Id!);
            }

            _committer?.Delivered(entry.Json.Length);
        }
    }
}
