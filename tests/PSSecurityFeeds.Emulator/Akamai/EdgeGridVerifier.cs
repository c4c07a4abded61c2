using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using PSSecurityFeeds.Emulator.Infrastructure;

namespace PSSecurityFeeds.Emulator.Akamai;

/// <summary>
/// Checks a request's EdgeGrid signature the way Akamai does: known tokens, a timestamp close to the server's
/// clock, an unused nonce, and an HMAC over exactly what arrived (method, scheme, Host, raw path and query).
/// Written independently of the module's signer so a shared mistake cannot pass unnoticed.
/// </summary>
internal static class EdgeGridVerifier
{
    private const string Prefix = "EG1-HMAC-SHA256 ";

    /// <summary>Null when the signature is good; otherwise the problem to answer with.</summary>
    public static AkamaiProblemResponse? Verify(HttpContext context, AkamaiSiemState state, EmulatorClock clock)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return Unauthorized("The request has no EdgeGrid Authorization header.");
        }

        var signatureAt = header.IndexOf("signature=", StringComparison.Ordinal);
        if (signatureAt < 0)
        {
            return Unauthorized("The Authorization header has no signature.");
        }

        var fields = header.Substring(Prefix.Length, signatureAt - Prefix.Length)
            .Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1], StringComparer.Ordinal);
        string Field(string name) => fields.TryGetValue(name, out var value) ? value : string.Empty;

        if (!state.Clients.TryGetValue(Field("client_token"), out var client))
        {
            return Unauthorized("Invalid authorization client_token.");
        }

        if (client.AccessToken != Field("access_token"))
        {
            return Unauthorized("Invalid authorization access_token.");
        }

        var now = clock.UtcNow;
        if (!DateTimeOffset.TryParseExact(Field("timestamp"), "yyyyMMdd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp) ||
            (timestamp - now).Duration() > state.AllowedClockSkew)
        {
            return new AkamaiProblemResponse(400, "invalid-timestamp", "Invalid timestamp", "Invalid timestamp: the request's EdgeGrid timestamp is too far from the server's time.");
        }

        var nonce = Field("nonce");
        if (nonce.Length == 0 || !state.UseNonce(nonce, now))
        {
            return Unauthorized("Invalid nonce: a nonce may be used once.");
        }

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var authPrefix = header.Substring(0, signatureAt);
        var dataToSign = string.Join('\t', context.Request.Method.ToUpperInvariant(), context.Request.Scheme.ToLowerInvariant(), context.Request.Host.Value, rawTarget, string.Empty, string.Empty, authPrefix);
        var signingKey = Hmac(Encoding.UTF8.GetBytes(client.Secret), Field("timestamp"));
        var expected = Hmac(Encoding.UTF8.GetBytes(signingKey), dataToSign);
        var given = header.Substring(signatureAt + "signature=".Length).Trim();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given))
            ? null
            : Unauthorized("The signature does not match.");
    }

    private static AkamaiProblemResponse Unauthorized(string detail) => new(401, "unauthorized", "Unauthorized", detail);

    private static string Hmac(byte[] key, string data) => Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data)));
}
