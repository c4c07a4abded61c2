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

        protected override SekoiaSession CreateSession(HttpPipeline pipeline)
        {
            // The session keeps its own copy; the one made from the environment is ours to dispose.
            using var fromEnvironment = ApiKey is null ? SecretText.FromEnvironment(ApiKeyVariable) : null;
            var key = ApiKey ?? fromEnvironment
                ?? throw new FeedException("SekoiaMissingApiKey", FeedErrorCategory.InvalidArgument, $"No Sekoia.io API key was given. Pass -ApiKey (a SecureString, such as from Read-Host -AsSecureString) or set the {ApiKeyVariable} environment variable.");
            return ParameterSetName == UriSet
                ? new SekoiaSession(EndpointPolicy.ParseBaseUri(ApiBaseUri, "-ApiBaseUri"), key, pipeline)
                : new SekoiaSession(SekoiaEndpoints.BaseUriOf(Region), key, pipeline, Region);
        }

        protected override Task VerifyAsync(SekoiaSession session, OperationLog log, CancellationToken cancellationToken) =>
            session.VerifyAsync(log, cancellationToken);
    }
}
