using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// A connection to one Signal Sciences corp: an API token sent as X-API-User/X-API-Token on every
    /// request, or (legacy) a bearer token got by a password login and ended by <see cref="SignOutAsync"/>.
    /// Secrets stay SecureString until a header or form is built, and are registered with the redactor.
    /// </summary>
    public sealed class SigSciSession : ApiSession
    {
        public static readonly Uri DefaultBaseUri = new Uri("https://dashboard.signalsciences.net");

        private const string ErrorPrefix = "SigSci";

        private readonly SecureString _secret;
        private string? _bearerToken;

        /// <param name="secret">The API token (<see cref="SigSciAuthMode.ApiToken"/>) or the password (<see cref="SigSciAuthMode.Password"/>).</param>
        public SigSciSession(Uri baseUri, string corp, string email, SecureString secret, SigSciAuthMode authMode, HttpPipeline pipeline)
            : base(baseUri, pipeline)
        {
            Corp = RequireCorp(corp);
            Email = CredentialCheck.RequireText(email, "-Email (or SIGSCI_EMAIL)", ErrorPrefix).Trim();
            CredentialCheck.RequireSecret(secret, authMode == SigSciAuthMode.ApiToken ? "-ApiToken (or SIGSCI_API_TOKEN)" : "The password of -Credential", ErrorPrefix);
            _secret = secret.Copy();
            _secret.MakeReadOnly();
            AuthMode = authMode;
            Redactor.Add(SecretText.Reveal(_secret));
        }

        public override string Vendor => "Signal Sciences";

        public override string User => Email;

        public string Corp { get; }

        public string Email { get; }

        public SigSciAuthMode AuthMode { get; }

        internal SigSciConcurrencyLimiter Limiter { get; } = new SigSciConcurrencyLimiter();

        /// <summary>Logs in (password mode) and checks the credential once by reading the corp.</summary>
        public async Task ConnectAsync(OperationLog log, CancellationToken cancellationToken)
        {
            EnsureOpen();
            if (AuthMode == SigSciAuthMode.Password)
            {
                await LogInAsync(log, cancellationToken).ConfigureAwait(false);
            }

            var request = new ApiRequest(HttpMethod.Get, Resolve($"/api/v0/corps/{UrlPath.Segment(Corp)}")) { Authorize = Authorize, FailFastWhenUnreachable = true };
            try
            {
                using var response = await Pipeline.SendAsync(request, log, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException error) when (error.StatusCode is null)
            {
                throw Unreachable(error);
            }
            catch (ApiException error) when (error.StatusCode == 401)
            {
                throw Rejected(error);
            }
            catch (ApiException error) when (error.StatusCode == 404)
            {
                throw new FeedException(
                    "SigSciCorpNotFound",
                    FeedErrorCategory.ObjectNotFound,
                    $"Signal Sciences has no corp '{Corp}' that {Email} can see (404). Give the corp's short name as it appears in the dashboard URL (/corps/<corp>).",
                    error)
                {
                    Target = Corp,
                };
            }
        }

        /// <summary>Ends a password login at the vendor; nothing to do for an API token.</summary>
        public async Task SignOutAsync(OperationLog log, CancellationToken cancellationToken)
        {
            if (_bearerToken is null)
            {
                return;
            }

            var request = new ApiRequest(HttpMethod.Get, Resolve("/api/v0/auth/logout")) { Authorize = Authorize };
            using var response = await Pipeline.SendAsync(request, log, cancellationToken).ConfigureAwait(false);
            _bearerToken = null;
        }

        public override string ToString() => $"{Vendor} corp '{Corp}' at {BaseUri} as {Email} ({AuthMode})";

        /// <summary>An address on this session's host: the feed's next URIs are paths such as /api/v0/corps/...</summary>
        internal Uri Resolve(string pathAndQuery) => new Uri(BaseUri, pathAndQuery);

        internal void Authorize(HttpRequestMessage message)
        {
            if (AuthMode == SigSciAuthMode.Password)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _bearerToken ?? throw NotLoggedIn());
                return;
            }

            message.Headers.Add("X-API-User", Email);
            message.Headers.Add("X-API-Token", SecretText.Reveal(_secret));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _secret.Dispose();
            }

            base.Dispose(disposing);
        }

        private async Task LogInAsync(OperationLog log, CancellationToken cancellationToken)
        {
            var login = new ApiRequest(HttpMethod.Post, Resolve("/api/v0/auth"))
            {
                FailFastWhenUnreachable = true,
                Content = () => new StringContent(
                    "email=" + Uri.EscapeDataString(Email) + "&password=" + Uri.EscapeDataString(SecretText.Reveal(_secret)),
                    Encoding.UTF8,
                    "application/x-www-form-urlencoded"),
            };
            try
            {
                using var response = await Pipeline.SendAsync(login, log, cancellationToken).ConfigureAwait(false);
                using var json = await response.ReadJsonAsync(cancellationToken).ConfigureAwait(false);
                var token = json.RootElement.TryGetProperty("token", out var value) ? value.GetString() : null;
                if (string.IsNullOrEmpty(token))
                {
                    throw new FeedException("SigSciLoginFailed", FeedErrorCategory.ProtocolError, "Signal Sciences answered the login without a token.");
                }

                Redactor.Add(token);
                _bearerToken = token;
            }
            catch (ApiException error) when (error.StatusCode == 401)
            {
                throw Rejected(error);
            }
            catch (ApiException error) when (error.StatusCode is null)
            {
                throw Unreachable(error);
            }
        }

        /// <summary>No answer while connecting: a timeout keeps its id (HttpTimeout); anything else means a wrong address.</summary>
        private FeedException Unreachable(ApiException error) =>
            error.ErrorId == "HttpTimeout"
                ? new FeedException("HttpTimeout", FeedErrorCategory.OperationTimeout, $"Signal Sciences did not answer in time: {error.Message} Try again, or give a longer -TimeoutSec.", error)
                : new FeedException(
                    "SigSciUnreachable",
                    FeedErrorCategory.ConnectionError,
                    $"Signal Sciences could not be reached at {BaseUri}: {error.Message} Check -ApiBaseUri, the network and -Proxy.",
                    error)
                {
                    Target = BaseUri,
                };

        private FeedException Rejected(ApiException error) =>
            new FeedException(
                "SigSciAuthenticationFailed",
                FeedErrorCategory.AuthenticationError,
                AuthMode == SigSciAuthMode.ApiToken
                    ? $"Signal Sciences rejected the API token of {Email} (401 Unauthorized). Check -Email and -ApiToken (or SIGSCI_EMAIL and SIGSCI_API_TOKEN); tokens are made under My Profile > API Access Tokens."
                    : $"Signal Sciences rejected the email or password of {Email} (401 Unauthorized). Check the credential, or use an API token with -Email and -ApiToken.",
                error)
            {
                Target = Email,
            };

        private static FeedException NotLoggedIn() =>
            new FeedException("SigSciNotLoggedIn", FeedErrorCategory.InvalidOperation, "This Signal Sciences session is not logged in. Run Connect-SigSci again.");

        private static string RequireCorp(string? corp)
        {
            const string Expected = "the corp's short name, as in the dashboard URL https://dashboard.signalsciences.net/corps/<corp>";
            if (string.IsNullOrWhiteSpace(corp))
            {
                throw new FeedException("SigSciMissingCorp", FeedErrorCategory.InvalidArgument, $"-Corp is empty. Give {Expected}.") { Target = "Corp" };
            }

            var name = corp!.Trim();
            if (!UrlPath.IsShortName(name))
            {
                throw new FeedException("SigSciInvalidCorp", FeedErrorCategory.InvalidArgument, $"'{corp}' is not a corp short name (letters, digits, '-', '_', '.', not only dots). Give {Expected}.") { Target = corp };
            }

            return name;
        }
    }
}
