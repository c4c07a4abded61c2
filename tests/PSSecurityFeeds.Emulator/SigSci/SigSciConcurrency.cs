using System.Collections.Generic;

namespace PSSecurityFeeds.Emulator.SigSci;

/// <summary>
/// Feed requests in flight per site and per corp, as the vendor limits them; also remembers the most
/// seen at once and how many were turned away, so a test can prove a client kept within the limits.
/// </summary>
public sealed class SigSciConcurrency
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _perSite = new();
    private readonly Dictionary<string, int> _perCorp = new();

    public int MostPerSite { get; private set; }

    public int MostPerCorp { get; private set; }

    public int Rejected { get; private set; }

    public bool TryEnter(string corp, string site, int maxPerSite, int maxPerCorp)
    {
        var siteKey = corp + "/" + site;
        lock (_gate)
        {
            var inSite = _perSite.GetValueOrDefault(siteKey);
            var inCorp = _perCorp.GetValueOrDefault(corp);
            if (inSite >= maxPerSite || inCorp >= maxPerCorp)
            {
                Rejected++;
                return false;
            }

            _perSite[siteKey] = inSite + 1;
            _perCorp[corp] = inCorp + 1;
            MostPerSite = System.Math.Max(MostPerSite, inSite + 1);
            MostPerCorp = System.Math.Max(MostPerCorp, inCorp + 1);
            return true;
        }
    }

    public void Exit(string corp, string site)
    {
        lock (_gate)
        {
            _perSite[corp + "/" + site]--;
            _perCorp[corp]--;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _perSite.Clear();
            _perCorp.Clear();
            MostPerSite = 0;
            MostPerCorp = 0;
            Rejected = 0;
        }
    }
}
