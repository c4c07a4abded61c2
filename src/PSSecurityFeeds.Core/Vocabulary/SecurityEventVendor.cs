namespace PSSecurityFeeds.Core.Vocabulary
{
    /// <summary>The values of <see cref="ISecurityEvent.Vendor"/>: the same names the vendors' sessions show.</summary>
    public static class SecurityEventVendor
    {
        public const string SigSci = "Signal Sciences";

        public const string Akamai = "Akamai SIEM";

        public const string Sekoia = "Sekoia.io";
    }
}
