namespace PSSecurityFeeds.Core.SigSci
{
    public enum SigSciAuthMode
    {
        /// <summary>X-API-User and X-API-Token headers on every request (what the vendor recommends).</summary>
        ApiToken,

        /// <summary>Legacy: email and password exchanged at /api/v0/auth for a bearer token.</summary>
        Password,
    }
}
