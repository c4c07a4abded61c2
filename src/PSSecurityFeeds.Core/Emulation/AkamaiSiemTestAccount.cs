using System;
using System.Collections.Generic;

namespace PSSecurityFeeds.Core.Emulation
{
    /// <summary>The emulated Akamai SIEM tenant: Connect-AkamaiSiem's parameters and the configurations it has.</summary>
    public sealed class AkamaiSiemTestAccount
    {
        public string HostName { get; set; } = string.Empty;

        public string ClientToken { get; set; } = string.Empty;

        public string AccessToken { get; set; } = string.Empty;

        public string ClientSecret { get; set; } = string.Empty;

        /// <summary>The security configurations the API client may read.</summary>
        public IReadOnlyList<int> ConfigIds { get; set; } = Array.Empty<int>();
    }
}
