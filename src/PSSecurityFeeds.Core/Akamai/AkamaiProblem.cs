using System.Text.Json;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>An application/problem+json error body of the SIEM API; Akamai support asks for its requestId.</summary>
    internal sealed class AkamaiProblem
    {
        public string? Type { get; private set; }

        public string? Title { get; private set; }

        public string? Detail { get; private set; }

        public string? RequestId { get; private set; }

        /// <summary>The problem in a body, or null when the body is not a problem object.</summary>
        public static AkamaiProblem? TryParse(string? body)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(body!);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                return new AkamaiProblem
                {
                    Type = Text(root, "type"),
                    Title = Text(root, "title"),
                    Detail = Text(root, "detail"),
                    RequestId = Text(root, "requestId"),
                };
            }
            catch (JsonException)
            {
                return null;
            }
        }

        public bool Mentions(string text) =>
            (Title?.IndexOf(text, System.StringComparison.OrdinalIgnoreCase) ?? -1) >= 0 ||
            (Detail?.IndexOf(text, System.StringComparison.OrdinalIgnoreCase) ?? -1) >= 0 ||
            (Type?.IndexOf(text, System.StringComparison.OrdinalIgnoreCase) ?? -1) >= 0;

        /// <summary>"title: detail (requestId X)", the part of a message that quotes Akamai.</summary>
        public override string ToString()
        {
            var text = Title ?? "error";
            if (!string.IsNullOrEmpty(Detail) && Detail != Title)
            {
                text += ": " + Detail;
            }

            return RequestId is null ? text : $"{text} (requestId {RequestId})";
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
