using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// A connection to the Akamai SIEM API with one EdgeGrid API client. Requests are signed per attempt with
    /// the scheme and Host actually sent. Shows the host and client token, never the secret or access token.
    /// </summary>
    public sealed class AkamaiSiemSession : ApiSession
    {
        public AkamaiSiemSession(EdgeGridCredential credential, HttpPipelineOptions? options = null)
            : base(EndpointPolicy.ParseBaseUri(credential.Host, "HostName"), options ?? new HttpPipelineOptions())
        {
            Credential = credential;
            Signer = new EdgeGridSigner(credential);
            credential.WithSecret(secret =>
            {
                Redactor.Add(secret);
                return true;
            });
            Redactor.Add(credential.AccessToken);
        }

        public override string Vendor => "Akamai SIEM";

        public string ClientToken => Credential.ClientToken;

        /// <summary>Where the credential came from: parameters, environment variables or an .edgerc section.</summary>
        public string CredentialSource => Credential.Source;

        internal EdgeGridCredential Credential { get; }

        internal EdgeGridSigner Signer { get; }

        public AkamaiSiemClient CreateClient() => new AkamaiSiemClient(this);

        public override string ToString() => $"{Vendor} {BaseUri} ({ClientToken})";
    }
}
