using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
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
        private const string ProbePath = "/siem/v1/configs";

        public AkamaiSiemSession(EdgeGridCredential credential, HttpPipeline pipeline)
            : base(EndpointPolicy.ParseBaseUri(credential.Host, "-HostName"), pipeline)
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

        /// <summary>The API client, by its client token (useless without the secret and access token).</summary>
        public override string User => ClientToken;

        public string ClientToken => Credential.ClientToken;

        /// <summary>Where the credential came from: parameters, environment variables or an .edgerc section.</summary>
        public string CredentialSource => Credential.Source;

        internal EdgeGridCredential Credential { get; }

        internal EdgeGridSigner Signer { get; }

        public AkamaiSiemClient CreateClient() => new AkamaiSiemClient(this);

        /// <summary>
        /// Checks that the host answers HTTP, with an unsigned HEAD request: the SIEM API has no call that checks a
        /// credential without reading events, but a wrong host or proxy shows up here, at once, rather than on
        /// the first Get-AkamaiSiemEvent. Any answer (Akamai refuses unsigned requests) means the host is there.
        /// </summary>
        public async Task CheckReachableAsync(OperationLog log, CancellationToken cancellationToken)
        {
            EnsureOpen();
            var request = new ApiRequest(HttpMethod.Head, new Uri(BaseUri.AbsoluteUri.TrimEnd('/') + ProbePath)) { FailFastWhenUnreachable = true };
            try
            {
                using var response = await Pipeline.SendAsync(request, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException answered) when (answered.StatusCode is not null && answered.ErrorId != HttpPipeline.ProxyAuthenticationRequired)
            {
                log.Verbose($"{BaseUri} answered {answered.StatusCode}: the host is reachable; Akamai checks the credential on the first Get-AkamaiSiemEvent.");
            }
            catch (ApiException error) when (error.StatusCode is null)
            {
                throw AkamaiSiemErrors.FromApi(error, configPath: null);
            }
        }

        public override string ToString() => $"{Vendor} {BaseUri} ({ClientToken})";
    }
}
