using System.Management.Automation;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Akamai
{
    /// <summary>Disconnect-AkamaiSiem: forgets the runspace's Akamai SIEM session (EdgeGrid has no server-side login to end).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "AkamaiSiem", HelpUri = HelpUris.Commands + "disconnect-akamaisiem")]
    [OutputType(typeof(void))]
    public sealed class DisconnectAkamaiSiemCommand : DisconnectCmdlet<AkamaiSiemSession>
    {
    }
}
