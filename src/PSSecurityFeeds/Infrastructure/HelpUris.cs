namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// Where Get-Help -Online goes: the command reference in the repository's docs, one heading per command
    /// (docs/commands.md, made from the MAML help by build.ps1 Docs). [Cmdlet(HelpUri = Commands + "get-sigscifeed")]
    /// </summary>
    internal static class HelpUris
    {
        public const string Commands = "https://github.com/PSSecurityFeeds/PSSecurityFeeds/blob/main/docs/commands.md#";
    }
}
