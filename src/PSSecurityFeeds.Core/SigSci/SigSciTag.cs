namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>A signal the WAF attached to a request: its type (SQLI, XSS, SITE.custom...), where it was found, what matched and which detector saw it.</summary>
    public sealed class SigSciTag
    {
        public string Type { get; set; } = string.Empty;

        public string Location { get; set; } = string.Empty;

        public string Value { get; set; } = string.Empty;

        public string Detector { get; set; } = string.Empty;

        public override string ToString() => Type;
    }
}
