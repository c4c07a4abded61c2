using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Signs requests with EdgeGrid (EG1-HMAC-SHA256): a fresh timestamp and nonce per attempt, the data to
    /// sign built from exactly what is sent (scheme, Host header, path and query as on the wire).
    /// </summary>
    public sealed class EdgeGridSigner
    {
        private const string Algorithm = "EG1-HMAC-SHA256";
        private static readonly Regex WhitespaceRun = new Regex(@"\s+", RegexOptions.Compiled | RegexOptions.CultureInvariant);

        private readonly EdgeGridCredential _credential;

        public EdgeGridSigner(EdgeGridCredential credential) => _credential = credential;

        /// <summary>Sets the Authorization header of <paramref name="message"/> for this attempt.</summary>
        public void Sign(HttpRequestMessage message)
        {
            var uri = message.RequestUri ?? throw new ArgumentException("The request has no address.", nameof(message));
            var headers = _credential.HeadersToSign
                .Select(name => message.Headers.TryGetValues(name, out var values) ? new KeyValuePair<string, string>(name, string.Join(",", values)) : (KeyValuePair<string, string>?)null)
                .Where(pair => pair is not null)
                .Select(pair => pair!.Value);
            var body = message.Content is null ? null : message.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            var authorization = CreateAuthorization(message.Method.Method, uri, message.Headers.Host ?? uri.Authority, headers, body, FormatTimestamp(DateTimeOffset.UtcNow), Guid.NewGuid().ToString());
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        /// <summary>The Authorization header for one request, from a given timestamp and nonce.</summary>
        internal string CreateAuthorization(string method, Uri uri, string host, IEnumerable<KeyValuePair<string, string>> headers, byte[]? body, string timestamp, string nonce)
        {
            var authPrefix = $"{Algorithm} client_token={_credential.ClientToken};access_token={_credential.AccessToken};timestamp={timestamp};nonce={nonce};";
            var dataToSign = DataToSign(method, uri.Scheme, host, uri.PathAndQuery, CanonicalHeaders(headers, _credential.HeadersToSign), ContentHash(method, body, _credential.MaxBody), authPrefix);
            var signature = _credential.WithSecret(secret => Hmac(SigningKey(secret, timestamp), dataToSign));
            return authPrefix + "signature=" + signature;
        }

        internal static string FormatTimestamp(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyyMMdd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture);

        internal static string DataToSign(string method, string scheme, string host, string pathAndQuery, string canonicalHeaders, string contentHash, string authPrefix) =>
            string.Join("\t", method.ToUpperInvariant(), scheme.ToLowerInvariant(), host, pathAndQuery, canonicalHeaders, contentHash, authPrefix);

        /// <summary>The configured headers present on the request, in configured order, as lower-case name:value with whitespace collapsed.</summary>
        internal static string CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers, IReadOnlyList<string> headersToSign)
        {
            var present = headers.ToLookup(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
            return string.Join("\t", headersToSign
                .Where(name => present.Contains(name))
                .Select(name => name.ToLowerInvariant() + ":" + WhitespaceRun.Replace(present[name].First().Trim(), " ")));
        }

        /// <summary>Only a non-empty POST body is hashed, and only its first <paramref name="maxBody"/> bytes.</summary>
        internal static string ContentHash(string method, byte[]? body, int maxBody)
        {
            if (!string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) || body is null || body.Length == 0)
            {
                return string.Empty;
            }

            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(body, 0, Math.Min(body.Length, maxBody)));
        }

        /// <summary>The per-timestamp key: the secret is used as UTF-8 text, not base64-decoded.</summary>
        internal static string SigningKey(string clientSecret, string timestamp) => Hmac(clientSecret, timestamp);

        private static string Hmac(string key, string data)
        {
            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(key));
            return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(data)));
        }
    }
}
