using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// Keeps feed requests within the vendor's limit of 2 in flight per site and 5 per corp. One limiter per
    /// session, so every feed read on the session shares it.
    /// </summary>
    internal sealed class SigSciConcurrencyLimiter
    {
        public const int PerSite = 2;
        public const int PerCorp = 5;

        private readonly SemaphoreSlim _corp = new SemaphoreSlim(PerCorp, PerCorp);
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _sites = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);

        /// <summary>Waits for a slot of the site and of the corp; disposing the result gives both back.</summary>
        public async Task<IDisposable> EnterAsync(string site, CancellationToken cancellationToken)
        {
            var siteSlots = _sites.GetOrAdd(site, _ => new SemaphoreSlim(PerSite, PerSite));
            await siteSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _corp.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                siteSlots.Release();
                throw;
            }

            return new Slot(siteSlots, _corp);
        }

        private sealed class Slot : IDisposable
        {
            private SemaphoreSlim? _site;
            private readonly SemaphoreSlim _corp;

            public Slot(SemaphoreSlim site, SemaphoreSlim corp)
            {
                _site = site;
                _corp = corp;
            }

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _site, null) is { } site)
                {
                    _corp.Release();
                    site.Release();
                }
            }
        }
    }
}
