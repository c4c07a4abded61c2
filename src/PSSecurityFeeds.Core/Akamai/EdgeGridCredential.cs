using System;
using System.Collections.Generic;
using System.Security;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// An EdgeGrid API client: the host it was issued for, its tokens and its secret (kept as a SecureString
    /// and turned into text only while a request is signed). Shows the host and client token, never the secret.
    /// </summary>
    public sealed class EdgeGridCredential
    {
        /// <summary>The library default for how much of a POST body is hashed.</summary>
        public const int DefaultMaxBody = 131072;

        private const string ErrorPrefix = "Akamai";

        public EdgeGridCredential(string host, string clientToken, SecureString clientSecret, string accessToken, int maxBody = DefaultMaxBody, IReadOnlyList<string>? headersToSign = null)
        {
            Host = host;
            ClientToken = CredentialCheck.RequireText(clientToken, "The client token (-ClientToken, client_token)", ErrorPrefix);
            CredentialCheck.RequireSecret(clientSecret, "The client secret (-ClientSecret, client_secret)", ErrorPrefix);
            ClientSecret = clientSecret.Copy(); // the caller's SecureString stays theirs (and writable)
            AccessToken = CredentialCheck.RequireText(accessToken, "The access token (-AccessToken, access_token)", ErrorPrefix);
            MaxBody = maxBody;
            HeadersToSign = headersToSign ?? Array.Empty<string>();
            ClientSecret.MakeReadOnly();
        }

        /// <summary>A bare host such as akab-xxxx.luna.akamaiapis.net, or a base URI (http only for loopback).</summary>
        public string Host { get; }

        public string ClientToken { get; }

        public SecureString ClientSecret { get; }

        public string AccessToken { get; }

        public int MaxBody { get; }

        public IReadOnlyList<string> HeadersToSign { get; }

        /// <summary>Where the credential came from (".edgerc section [default]", "environment"), for messages.</summary>
        public string Source { get; init; } = "parameters";

        /// <summary>The same API client at another host (a proxy, the emulator).</summary>
        public EdgeGridCredential WithHost(string host) =>
            new EdgeGridCredential(host, ClientToken, ClientSecret, AccessToken, MaxBody, HeadersToSign) { Source = Source + ", host " + host };

        /// <summary>Calls <paramref name="use"/> with the secret as text; the text is not kept.</summary>
        internal T WithSecret<T>(Func<string, T> use) => use(SecretText.Reveal(ClientSecret));

        public override string ToString() => $"{ClientToken} @ {Host} ({Source})";
    }
}
