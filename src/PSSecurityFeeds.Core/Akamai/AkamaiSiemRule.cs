namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// One rule that matched a request, assembled from the index-aligned attackData lists. A chunk that is not
    /// valid base64 keeps its raw text, so nothing the API sent is lost.
    /// </summary>
    public sealed class AkamaiSiemRule
    {
        public string Id { get; init; } = string.Empty;

        public string? Version { get; init; }

        public string? Message { get; init; }

        public string? Tag { get; init; }

        public string? Data { get; init; }

        public string? Selector { get; init; }

        public string? Action { get; init; }

        public override string ToString() => Action is null ? Id : $"{Id} ({Action})";
    }
}
