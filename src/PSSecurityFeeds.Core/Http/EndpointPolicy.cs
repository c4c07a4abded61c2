using System;
using System.Net;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Http
{
    /// <summary>
    /// Which endpoints the module talks to: HTTPS everywhere, plain HTTP only to this machine's loopback
    /// addresses (the emulator, a local forwarding proxy).
    /// </summary>
    public static class EndpointPolicy
    {
        /// <summary>
        /// Parses a base address given by the user. A bare host name means https; a full URI must be
        /// https, or http to a loopback host. Trailing slashes are removed so paths can be appended.
        /// </summary>
        public static Uri ParseBaseUri(string value, string parameterName)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw InvalidEndpoint(parameterName, value, "it is empty");
            }

            var text = value.Trim();
            if (text.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                text = "https://" + text;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw InvalidEndpoint(parameterName, value, "it is not a host name or an http(s) URI");
            }

            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            {
                throw InvalidEndpoint(parameterName, value, "a base address has no query, fragment, user name or password");
            }

            RequireSecure(uri, parameterName);
            return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'), UriKind.Absolute);
        }

        /// <summary>Throws unless the URI is https, or http to a loopback address.</summary>
        public static void RequireSecure(Uri uri, string parameterName)
        {
            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                return;
            }

            if (uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri))
            {
                return;
            }

            var shown = SecretRedactor.MaskUserInfo(uri.GetLeftPart(UriPartial.Authority));
            throw new FeedException(
                "InsecureEndpoint",
                FeedErrorCategory.SecurityError,
                $"{parameterName} '{shown}' uses {uri.Scheme}; credentials are only sent over https. " +
                "Use an https:// address (plain http is accepted only for loopback addresses such as http://127.0.0.1:5080).")
            {
                Target = shown,
            };
        }

        public static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback)
            {
                return true;
            }

            var host = uri.DnsSafeHost;
            return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
        }

        // The value is shown with any user name and password masked: a refused address may still hold a secret.
        private static FeedException InvalidEndpoint(string parameterName, string? value, string why)
        {
            var shown = SecretRedactor.MaskUserInfo(value);
            return new FeedException(
                "InvalidEndpoint",
                FeedErrorCategory.InvalidArgument,
                $"{parameterName} '{shown}' is not a valid endpoint: {why}. Give a host name such as api.example.com or a URI such as https://api.example.com.")
            {
                Target = shown,
            };
        }
    }
}
