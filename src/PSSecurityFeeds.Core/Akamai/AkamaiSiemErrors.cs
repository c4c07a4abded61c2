using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>Explains a failed SIEM request in terms of what the user can do, quoting Akamai's problem details.</summary>
    internal static class AkamaiSiemErrors
    {
        public static FeedException FromApi(ApiException error, string configPath)
        {
            var problem = AkamaiProblem.TryParse(error.ResponseBody);
            var quoted = problem is null ? error.Message : $"{error.StatusCode} {problem}";
            var (errorId, category, advice) = error.StatusCode switch
            {
                400 when problem?.Mentions("timestamp") == true => ("AkamaiClockSkew", FeedErrorCategory.InvalidArgument,
                    "Akamai rejected the request's timestamp: this computer's clock differs too much from Akamai's. Synchronise the clock (for example w32tm /resync or chrony) and try again."),
                400 => ("AkamaiBadRequest", FeedErrorCategory.InvalidArgument,
                    "The SIEM API rejected the request's parameters. Check -ConfigId, -Offset, -From/-To and -Limit."),
                401 => ("AkamaiUnauthorized", FeedErrorCategory.AuthenticationError,
                    "The EdgeGrid signature or tokens were not accepted. Check client_token, client_secret, access_token and host of the API client (the .edgerc section or the parameters)."),
                403 => ("AkamaiForbidden", FeedErrorCategory.PermissionDenied,
                    $"The API client may not read security events of configuration(s) {configPath}. Give the API user the SIEM role and access to these security configurations in Akamai Control Center."),
                404 => ("AkamaiConfigNotFound", FeedErrorCategory.ObjectNotFound,
                    $"No security configuration {configPath} is known to this account. Check -ConfigId (the security configuration ids with SIEM integration enabled)."),
                416 => ("AkamaiOffsetExpired", FeedErrorCategory.InvalidArgument,
                    "The offset has expired. Start again without -Offset, or replay by time with -From (at most 12 hours back)."),
                429 => ("AkamaiRateLimited", FeedErrorCategory.LimitsExceeded,
                    "Akamai kept rejecting requests as too many for this account, past the retries. Run less often or with a larger -Limit."),
                null => ("AkamaiUnreachable", FeedErrorCategory.ConnectionError,
                    "Akamai could not be reached; check the host name, the network and the proxy."),
                _ => ("AkamaiServerError", FeedErrorCategory.ResourceUnavailable,
                    "The SIEM API kept failing past the retries. Try again later; if it persists, give Akamai support the requestId."),
            };

            return new FeedException(errorId, category, $"{advice} Akamai said: {quoted}", error) { Target = configPath };
        }
    }
}
