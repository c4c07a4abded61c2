using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>Turns an HTTP failure into a Sekoia error that says what was being done and what to try.</summary>
    internal static class SekoiaErrors
    {
        public static FeedException FromApi(ApiException error, string action)
        {
            if (error.ErrorId == HttpPipeline.ProxyAuthenticationRequired)
            {
                return error;
            }

            var (errorId, advice) = error.StatusCode switch
            {
                null when error.ErrorId == "HttpTimeout" => ("HttpTimeout", "Sekoia.io did not answer in time. Try again; if it keeps happening, give Connect-Sekoia a longer -TimeoutSec or check the proxy."),
                401 => ("SekoiaUnauthorized", "Check the API key (Connect-Sekoia -ApiKey) and that it belongs to this region."),
                403 => ("SekoiaForbidden", "The API key lacks a permission: searching needs SIC_READ_INTAKES, exporting SIC_MASSIVE_EXPORT_EVENTS."),
                404 => ("SekoiaNotFound", "Check the uuid, and that the job was started in this community and region (-Region/-ApiBaseUri); search results expire after their time to live."),
                429 => ("SekoiaRateLimited", "Sekoia.io is rate-limiting this key; a block can last 30 s to 10 min. Wait, then run the command again."),
                null => ("SekoiaUnreachable", "Check -Region/-ApiBaseUri, the network and -Proxy."),
                _ => ("SekoiaRequestFailed", "Run the command again; if it keeps failing, check the request against Sekoia's documentation."),
            };
            return new FeedException(errorId, error.Category, $"Sekoia.io failed {action}: {error.Message} {advice}", error)
            {
                Target = error.RequestUrl,
            };
        }
    }
}
