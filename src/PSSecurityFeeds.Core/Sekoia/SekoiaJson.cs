using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>Tolerant reading of Sekoia's JSON: a field may be missing, null, or a number given as a string.</summary>
    internal static class SekoiaJson
    {
        /// <summary>The ErrorId of a body that broke off while it was read: worth reading again.</summary>
        public const string BrokenResponse = "SekoiaResponseBroken";

        public static async Task<JsonDocument> ReadAsync(ApiResponse response, string action, CancellationToken cancellationToken)
        {
            try
            {
                return await response.ReadJsonAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException error)
            {
                throw Invalid($"Sekoia.io answered {action} with a body that is not JSON: {error.Message}", error);
            }
            catch (IOException error)
            {
                throw new FeedException(BrokenResponse, FeedErrorCategory.ConnectionError, $"The answer to {action} broke off: {error.Message} Run the command again.", error);
            }
        }

        public static string? String(JsonElement element, string name) =>
            Property(element, name) is { } value
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? value.GetRawText() : null
                : null;

        public static long? Long(JsonElement element, string name)
        {
            if (Property(element, name) is not { } value)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            {
                return number;
            }

            return value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number) ? number : null;
        }

        public static bool? Bool(JsonElement element, string name) =>
            Property(element, name) is { } value && (value.ValueKind == JsonValueKind.True || value.ValueKind == JsonValueKind.False) ? value.GetBoolean() : null;

        /// <summary>An ISO 8601 string or Unix seconds as a date in UTC; null when absent or unreadable.</summary>
        public static DateTimeOffset? Date(JsonElement element, string name)
        {
            if (Property(element, name) is not { } value)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
            }

            return value.ValueKind == JsonValueKind.String &&
                DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
                ? date
                : null;
        }

        public static JsonElement? Property(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        /// <summary>The user of /v1/me as shown to people: a name and e-mail when given, else the uuid.</summary>
        public static string DescribeUser(JsonElement me)
        {
            var name = String(me, "name") ?? $"{String(me, "firstname")} {String(me, "lastname")}".Trim();
            var email = String(me, "email");
            var who = name.Length > 0 && email is not null ? $"{name} <{email}>" : name.Length > 0 ? name : email ?? String(me, "uuid");
            return who ?? "an unnamed API key";
        }

        public static FeedException Invalid(string message, Exception? inner = null) =>
            new FeedException("SekoiaInvalidResponse", FeedErrorCategory.InvalidData, message, inner);
    }
}
