using System;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Core.Sessions;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>Connects to a Sekoia.io community with an API key, checks it with /v1/me and makes it the runspace default.</summary>
    [Cmdlet(VerbsCommunications.Connect, "Sekoia", DefaultParameterSetName = RegionSet, HelpUri = HelpUris.Commands + "connect-sekoia")]
    [OutputType(typeof(SekoiaSession))]
    public sealed class ConnectSekoiaCommand : ConnectCmdlet<SekoiaSession>
    {
        private const string RegionSet = "Region";
        private const string UriSet = "ApiBaseUri";
        private const string ApiKeyVariable = "SEKOIA_API_KEY";

        private SekoiaSession? _session;

        /// <summary>The API key; when omitted, the SEKOIA_API_KEY environment variable.</summary>
        [Parameter(Position = 0)]
        public SecureString? ApiKey { get; set; }

        [Parameter(ParameterSetName = RegionSet)]
        public SekoiaRegion Region { get; set; } = SekoiaRegion.FRA1;

        /// <summary>Another API address: a proxy, a new region, or the emulator (http only for loopback).</summary>
        [Parameter(ParameterSetName = UriSet, Mandatory = true)]
        [Alias("HostName")]
        [ValidateNotNullOrEmpty]
        public string ApiBaseUri { get; set; } = string.Empty;

        protected override SekoiaSession CreateSession()
        {
            var key = ApiKey ?? SecretText.FromEnvironment(ApiKeyVariable)
                ?? throw new FeedException("SekoiaMissingApiKey", FeedErrorCategory.InvalidArgument, $"No Sekoia.io API key was given. Pass -ApiKey (a SecureString, such as from Read-Host -AsSecureString) or set the {ApiKeyVariable} environment variable.");
            _session = ParameterSetName == UriSet
                ? new SekoiaSession(EndpointPolicy.ParseBaseUri(ApiBaseUri, "-ApiBaseUri"), key, PipelineOptions)
                : new SekoiaSession(SekoiaEndpoints.BaseUriOf(Region), key, PipelineOptions, Region);
            return _session;
        }

        protected override Task VerifyAsync(SekoiaSession session, OperationLog log, CancellationToken cancellationToken) =>
            session.VerifyAsync(log, cancellationToken);

        protected override void EndProcessing()
        {
            base.EndProcessing();
            // Shown like Write-Host output: who the key belongs to, so a wrong key is noticed at once.
            WriteInformation(new HostInformationMessage { Message = $"Connected to Sekoia.io ({_session!.BaseUri}) as {_session.User}." }, new[] { "PSHOST" });
        }
    }
}
