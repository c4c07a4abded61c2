using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>Explains a failed SIEM request in terms of what the user can do, quoting Akamai's problem details.</summary>
    internal static class AkamaiSiemErrors
    {
        /// <param name="configPath">The configuration ids asked for, or null for a request that names none (the check at connect).</param>
        public static FeedException FromApi(ApiException error, string? configPath)
        {
            if (error.ErrorId == HttpPipeline.ProxyAuthenticationRequired)
            {
                return error;
            }

            var problem = AkamaiProblem.TryParse(error.ResponseBody);
            var quoted = problem is null ? error.Message : $"{error.StatusCode} {problem}";
            var (errorId, category, advice) = error.StatusCode switch
            {
                null when error.ErrorId == "HttpTimeout" => ("HttpTimeout", FeedErrorCategory.OperationTimeout,
                    "Akamai did not answer in time. Try again; if it keeps happening, give Connect-AkamaiSiem a longer -TimeoutSec or check the proxy."),
                400 when problem?.Mentions("timestamp") == true => ("AkamaiClockSkew", FeedErrorCategory.InvalidArgument,
                    "Akamai rejected the request's timestamp: this computer's clock differs too much from Akamai's. Synchronise the clock (for example w32tm /resync or chrony) and try again."),
                400 => ("AkamaiBadRequest", FeedErrorCategory.InvalidArgument,
                    "The SIEM API rejected the request's parameters. Check -ConfigId, -Offset, -From/-To and -Limit."),
                401 => ("AkamaiUnauthorized", FeedErrorCategory.AuthenticationError,
                    "The EdgeGrid signature or tokens were not accepted. Check client_token, client_secret, access_token and host of the API client (the .edgerc section or the parameters)."),
                403 => ("AkamaiForbidden", FeedErrorCategory.PermissionDenied,
                    $"The API client may not read security events of configuration(s) {configPath}. Give the API user the SIEM role and access to these security configurations in Akamai Control Center."),
                // Without Akamai's problem details the answer most likely came from something that is not the SIEM API.
                404 when problem is null => ("AkamaiConfigNotFound", FeedErrorCategory.ObjectNotFound,
                    $"The host answered 404 without Akamai's problem details: it is probably not an Akamai API host. Check the host (-HostName, or host in the .edgerc section); if it is right, check -ConfigId {configPath}."),
                404 => ("AkamaiConfigNotFound", FeedErrorCategory.ObjectNotFound,
                    $"No security configuration {configPath} is known to this account at this host. Check -ConfigId (the security configuration ids with SIEM integration enabled), and that the host is the API client's (-HostName, or host in the .edgerc section)."),
                416 => ("AkamaiOffsetExpired", FeedErrorCategory.InvalidArgument,
                    "The offset has expired. Start again without -Offset, or replay by time with -From (at most 12 hours back)."),
                429 => ("AkamaiRateLimited", FeedErrorCategory.LimitsExceeded,
                    "Akamai kept rejecting requests as too many for this account, past the retries. Run less often or with a larger -Limit."),
                null => ("AkamaiUnreachable", FeedErrorCategory.ConnectionError,
                    "Akamai could not be reached. Check the host (-HostName, or host in the .edgerc section), the network and -Proxy."),
                _ => ("AkamaiServerError", FeedErrorCategory.ResourceUnavailable,
                    "The SIEM API kept failing past the retries. Try again later; if it persists, give Akamai support the requestId."),
            };

            var said = error.StatusCode is null ? quoted : "Akamai said: " + quoted; // no status: nothing came from Akamai
            return new FeedException(errorId, category, $"{advice} {said}", error) { Target = configPath };
        }
    }
}
