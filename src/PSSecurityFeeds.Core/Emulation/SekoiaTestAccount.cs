namespace PSSecurityFeeds.Core.Emulation
{
    /// <summary>The emulated Sekoia.io community: Connect-Sekoia's parameters.</summary>
    public sealed class SekoiaTestAccount
    {
        /// <summary>The emulator's address with /sekoia: Sekoia.io is served under that path.</summary>
        public string ApiBaseUri { get; set; } = string.Empty;

        public string ApiKey { get; set; } = string.Empty;
    }
}
