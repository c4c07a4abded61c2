using System;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// A signal the WAF attached to a request: its type (SQLI, XSS, SITE.custom...), where it was found, what
    /// matched and which detector saw it. A tag also equals its type name (without regard to case), which is how
    /// PowerShell's -contains, -in and -eq compare it with a string: $r.Tags -contains 'SQLI'.
    /// </summary>
    public sealed class SigSciTag : IEquatable<SigSciTag>
    {
        public string Type { get; set; } = string.Empty;

        public string Location { get; set; } = string.Empty;

        public string Value { get; set; } = string.Empty;

        public string Detector { get; set; } = string.Empty;

        public bool Equals(SigSciTag? other) =>
            other is not null && Type == other.Type && Location == other.Location && Value == other.Value && Detector == other.Detector;

        public override bool Equals(object? obj) => obj is string name ? string.Equals(name, Type, StringComparison.OrdinalIgnoreCase) : Equals(obj as SigSciTag);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Type);

        public override string ToString() => Type;
    }
}
