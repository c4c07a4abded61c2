using System;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Akamai
{
    /// <summary>
    /// Connect-AkamaiSiem: an EdgeGrid API client from an .edgerc section (default ~/.edgerc, [default]), from the
    /// AKAMAI_[SECTION_]* environment variables, or from explicit parameters with the secret as a SecureString.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "AkamaiSiem", DefaultParameterSetName = EdgeRcSet, HelpUri = HelpUris.Commands + "connect-akamaisiem")]
    [OutputType(typeof(AkamaiSiemSession))]
    public sealed class ConnectAkamaiSiemCommand : ConnectCmdlet<AkamaiSiemSession>
    {
        private const string EdgeRcSet = "EdgeRc";
        private const string CredentialSet = "Credential";

        /// <summary>The .edgerc file; when not given, the environment variables are tried before ~/.edgerc.</summary>
        [Parameter(ParameterSetName = EdgeRcSet)]
        [ValidateNotNullOrEmpty]
        public string? EdgeRcPath { get; set; }

        [Parameter(ParameterSetName = EdgeRcSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EdgeRcSectionCompleter))]
        public string Section { get; set; } = AkamaiCredentialSource.DefaultSection;

        /// <summary>The API host (akab-xxxx.luna.akamaiapis.net) or a base URI such as http://127.0.0.1:5080 (http for loopback only); with an .edgerc it overrides the file's host.</summary>
        [Parameter(ParameterSetName = EdgeRcSet)]
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Alias("ApiBaseUri")]
        [ValidateNotNullOrEmpty]
        public string? HostName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [ValidateNotNullOrEmpty]
        public string ClientToken { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [ValidateNotNull]
        public SecureString ClientSecret { get; set; } = new SecureString();

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [ValidateNotNullOrEmpty]
        public string AccessToken { get; set; } = string.Empty;

        protected override AkamaiSiemSession CreateSession(HttpPipeline pipeline)
        {
            var credential = ParameterSetName == CredentialSet
                ? new EdgeGridCredential(HostName!, ClientToken, ClientSecret, AccessToken)
                : Await(AkamaiCredentialSource.ResolveAsync(EdgeRcPath is null ? null : GetUnresolvedProviderPathFromPSPath(EdgeRcPath), Section, Environment.GetEnvironmentVariable, CancelToken));
            if (ParameterSetName == EdgeRcSet && HostName is not null)
            {
                credential = credential.WithHost(HostName);
            }

            return new AkamaiSiemSession(credential, pipeline);
        }

        /// <summary>
        /// The SIEM API has no call that checks a credential without reading a configuration's events, so the
        /// signature is first checked by Get-AkamaiSiemEvent; here the host is checked to answer at all.
        /// </summary>
        protected override Task VerifyAsync(AkamaiSiemSession session, OperationLog log, CancellationToken cancellationToken)
        {
            log.Verbose($"EdgeGrid credential from {session.CredentialSource}; Akamai checks it on the first Get-AkamaiSiemEvent.");
            return session.CheckReachableAsync(log, cancellationToken);
        }
    }
}
