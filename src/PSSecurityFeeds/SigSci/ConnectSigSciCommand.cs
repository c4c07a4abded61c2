using System;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sessions;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.SigSci
{
    /// <summary>
    /// Connects to a Signal Sciences corp with an API access token (-Email, -ApiToken, or SIGSCI_EMAIL and
    /// SIGSCI_API_TOKEN), or with a password login (-Credential), checks the credential once and makes the
    /// session the runspace's default.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "SigSci", DefaultParameterSetName = ApiTokenSet, HelpUri = HelpUris.Commands + "connect-sigsci")]
    [OutputType(typeof(SigSciSession))]
    public sealed class ConnectSigSciCommand : ConnectCmdlet<SigSciSession>
    {
        public const string ApiTokenSet = "ApiToken";
        public const string CredentialSet = "Credential";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Corp { get; set; } = string.Empty;

        /// <summary>The user the API token belongs to; SIGSCI_EMAIL when not given.</summary>
        [Parameter(ParameterSetName = ApiTokenSet)]
        [ValidateNotNullOrEmpty]
        public string? Email { get; set; }

        /// <summary>The API access token; SIGSCI_API_TOKEN when not given.</summary>
        [Parameter(ParameterSetName = ApiTokenSet)]
        [ValidateNotNull]
        public SecureString? ApiToken { get; set; }

        /// <summary>Email and password for the legacy password login, which yields a bearer token.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        [Parameter]
        [Alias("HostName")]
        [ValidateNotNullOrEmpty]
        public string ApiBaseUri { get; set; } = SigSciSession.DefaultBaseUri.ToString();

        protected override SigSciSession CreateSession(HttpPipeline pipeline)
        {
            var baseUri = EndpointPolicy.ParseBaseUri(ApiBaseUri, "-ApiBaseUri");
            if (ParameterSetName == CredentialSet)
            {
                return new SigSciSession(baseUri, Corp, Credential!.UserName, Credential.Password, SigSciAuthMode.Password, pipeline);
            }

            // What is given wins, the environment fills in the rest; a value given blank is refused, never replaced.
            var email = Email ?? NullIfEmpty(Environment.GetEnvironmentVariable("SIGSCI_EMAIL"));
            using var fromEnvironment = ApiToken is null ? SecretText.FromEnvironment("SIGSCI_API_TOKEN") : null;
            var token = ApiToken ?? fromEnvironment;
            if (email is null || token is null)
            {
                throw new FeedException(
                    "SigSciCredentialMissing",
                    FeedErrorCategory.InvalidArgument,
                    "No Signal Sciences credential was given. Give -Email and -ApiToken, set SIGSCI_EMAIL and SIGSCI_API_TOKEN, or use -Credential for a password login.");
            }

            return new SigSciSession(baseUri, Corp, email, token, SigSciAuthMode.ApiToken, pipeline);
        }

        protected override Task VerifyAsync(SigSciSession session, OperationLog log, CancellationToken cancellationToken) =>
            session.ConnectAsync(log, cancellationToken);

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
