using System;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>The API base address of each region, from Sekoia's documentation.</summary>
    public static class SekoiaEndpoints
    {
        public static Uri BaseUriOf(SekoiaRegion region) => new Uri(region switch
        {
            SekoiaRegion.FRA1 => "https://api.sekoia.io",
            SekoiaRegion.FRA2 => "https://app.fra2.sekoia.io/api",
            SekoiaRegion.MCO1 => "https://app.mco1.sekoia.io/api",
            SekoiaRegion.UAE1 => "https://app.uae1.sekoia.io/api",
            SekoiaRegion.USA1 => "https://app.usa1.sekoia.io/api",
            _ => throw new ArgumentOutOfRangeException(nameof(region), region, "Unknown Sekoia.io region."),
        });
    }
}
