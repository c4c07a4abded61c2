using System;
using System.Collections.Generic;

namespace PSSecurityFeeds.Core.Emulation
{
    /// <summary>The emulated Signal Sciences corp: Connect-SigSci's parameters and the sites it has.</summary>
    public sealed class SigSciTestAccount
    {
        public string ApiBaseUri { get; set; } = string.Empty;

        public string Corp { get; set; } = string.Empty;

        public string Email { get; set; } = string.Empty;

        public string ApiToken { get; set; } = string.Empty;

        /// <summary>For the legacy password login (Connect-SigSci -Credential).</summary>
        public string Password { get; set; } = string.Empty;

        public IReadOnlyList<string> Sites { get; set; } = Array.Empty<string>();
    }
}
