using System;
using System.Net;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Http
{
    /// <summary>
    /// How a session talks HTTP: retries, backoff, time limits and proxy. Checked by <see cref="Validate"/>
    /// when a pipeline is built, so a bad value fails before any request is sent.
    /// </summary>
    public sealed class HttpPipelineOptions
    {
        /// <summary>Retries after the first attempt for 429, 5xx and connection failures. 0 disables retries.</summary>
        public int MaxRetries { get; set; } = 5;

        /// <summary>The first backoff delay; each further retry doubles it, up to <see cref="MaxBackoff"/>.</summary>
        public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>No retry is started once this much time has passed since the first attempt.</summary>
        public TimeSpan RetryBudget { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>The longest wait for a response's headers, and for each read of its body.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>An explicit proxy such as http://proxy.corp:8080; when null the system proxy is used.</summary>
        public string? ProxyUri { get; set; }

        public NetworkCredential? ProxyCredential { get; set; }

        public void Validate()
        {
            if (MaxRetries < 0)
            {
                throw Invalid(nameof(MaxRetries), $"MaxRetries is {MaxRetries}; give 0 (no retries) or more.");
            }

            RequirePositive(nameof(InitialBackoff), InitialBackoff);
            RequirePositive(nameof(MaxBackoff), MaxBackoff);
            RequirePositive(nameof(RetryBudget), RetryBudget);
            RequirePositive(nameof(RequestTimeout), RequestTimeout);
            if (MaxBackoff < InitialBackoff)
            {
                throw Invalid(nameof(MaxBackoff), $"MaxBackoff ({MaxBackoff}) is shorter than InitialBackoff ({InitialBackoff}).");
            }

            _ = ParseProxy();
        }

        internal Uri? ParseProxy()
        {
            if (ProxyUri is null)
            {
                return null;
            }

            if (!Uri.TryCreate(ProxyUri, UriKind.Absolute, out var proxy) ||
                (proxy.Scheme != Uri.UriSchemeHttp && proxy.Scheme != Uri.UriSchemeHttps) ||
                string.IsNullOrEmpty(proxy.Host))
            {
                throw Invalid(nameof(ProxyUri), $"The proxy address '{SecretRedactor.MaskUserInfo(ProxyUri)}' is not an absolute http(s) URI. Give one such as http://proxy.example.com:8080.");
            }

            // The user name and password go to the proxy as credentials, never as part of an address (which
            // .NET may quote in an error message).
            return string.IsNullOrEmpty(proxy.UserInfo) ? proxy : new Uri(proxy.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped));
        }

        /// <summary>The proxy's credential: <see cref="ProxyCredential"/>, else the user name and password of the proxy address.</summary>
        internal NetworkCredential? EffectiveProxyCredential()
        {
            if (ProxyCredential is not null || ProxyUri is null || !Uri.TryCreate(ProxyUri, UriKind.Absolute, out var proxy) || string.IsNullOrEmpty(proxy.UserInfo))
            {
                return ProxyCredential;
            }

            var colon = proxy.UserInfo.IndexOf(':');
            return colon < 0
                ? new NetworkCredential(Uri.UnescapeDataString(proxy.UserInfo), string.Empty)
                : new NetworkCredential(Uri.UnescapeDataString(proxy.UserInfo.Substring(0, colon)), Uri.UnescapeDataString(proxy.UserInfo.Substring(colon + 1)));
        }

        private static void RequirePositive(string name, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                throw Invalid(name, $"{name} is {value}; it must be longer than zero.");
            }
        }

        private static FeedException Invalid(string name, string message) =>
            new FeedException("InvalidHttpOption", FeedErrorCategory.InvalidArgument, message) { Target = name };
    }
}
