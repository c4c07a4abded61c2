using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace PSSecurityFeeds.Core.Http
{
    /// <summary>
    /// Removes secrets from text meant for people: log lines, exception messages, URLs. A session registers
    /// every secret it holds (tokens, client secret, bearer, SSE-C key); URLs also lose their userinfo and
    /// the values of query parameters whose names say they are credentials (pre-signed S3 URLs carry them).
    /// </summary>
    public sealed class SecretRedactor
    {
        public const string Mask = "***";

        // Shorter values would mask ordinary words; real credentials are far longer.
        private const int MinimumSecretLength = 4;

        private static readonly string[] SensitiveQueryNameParts =
        {
            "token", "key", "secret", "password", "signature", "credential", "auth", "sig",
        };

        // scheme://user:password@ in any text: the userinfo of a URL someone typed.
        private static readonly Regex UserInfo = new Regex(@"(?<=[A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\s]+@", RegexOptions.CultureInvariant);

        private readonly object _gate = new object();
        private string[] _secrets = Array.Empty<string>();

        /// <summary>Registers a secret and its URL-encoded form. Null, empty and very short values are ignored.</summary>
        public void Add(string? secret)
        {
            if (secret is null || secret.Length < MinimumSecretLength)
            {
                return;
            }

            lock (_gate)
            {
                var escaped = Uri.EscapeDataString(secret);
                _secrets = _secrets.Concat(new[] { secret, escaped })
                    .Distinct(StringComparer.Ordinal)
                    .OrderByDescending(s => s.Length) // longest first, so a secret's escaped form is masked whole
                    .ToArray();
            }
        }

        /// <summary>
        /// Registers the values of a URL's credential-like query parameters (a pre-signed URL's signature),
        /// which a server may echo back in an error body.
        /// </summary>
        public void AddFromUrl(Uri uri)
        {
            if (!uri.IsAbsoluteUri)
            {
                return;
            }

            foreach (var pair in uri.Query.TrimStart('?').Split('&'))
            {
                var equals = pair.IndexOf('=');
                if (equals > 0 && IsSensitiveName(Uri.UnescapeDataString(pair.Substring(0, equals))))
                {
                    Add(Uri.UnescapeDataString(pair.Substring(equals + 1)));
                }
            }
        }

        /// <summary>Text with the userinfo of every URL in it masked, for a value refused before any secret was registered.</summary>
        public static string MaskUserInfo(string? text) =>
            string.IsNullOrEmpty(text) ? text ?? string.Empty : UserInfo.Replace(text, Mask + "@");

        public string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            var result = MaskUserInfo(text);
            foreach (var secret in _secrets)
            {
                if (result.IndexOf(secret, StringComparison.Ordinal) >= 0)
                {
                    result = result.Replace(secret, Mask);
                }
            }

            return result;
        }

        /// <summary>The URL as it may be shown: no userinfo, credential-like query values masked, registered secrets masked.</summary>
        public string RedactUrl(Uri uri)
        {
            if (!uri.IsAbsoluteUri)
            {
                return Redact(uri.OriginalString);
            }

            var text = new StringBuilder()
                .Append(uri.Scheme).Append("://").Append(uri.Authority).Append(uri.AbsolutePath);
            var query = uri.Query.TrimStart('?');
            if (query.Length > 0)
            {
                text.Append('?').Append(string.Join("&", query.Split('&').Select(RedactQueryPair)));
            }

            return Redact(text.ToString());
        }

        private static string RedactQueryPair(string pair)
        {
            var equals = pair.IndexOf('=');
            if (equals < 0)
            {
                return pair;
            }

            var name = Uri.UnescapeDataString(pair.Substring(0, equals));
            return IsSensitiveName(name) ? pair.Substring(0, equals + 1) + Mask : pair;
        }

        private static bool IsSensitiveName(string name)
        {
            foreach (var part in SensitiveQueryNameParts)
            {
                if (name.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        internal IReadOnlyList<string> Secrets => _secrets;
    }
}
