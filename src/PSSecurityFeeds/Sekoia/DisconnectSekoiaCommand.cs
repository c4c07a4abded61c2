using System.Management.Automation;
using PSSecurityFeeds.Core.Sekoia;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>Forgets the runspace's Sekoia.io session (an API key has no server-side login to end).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Sekoia", HelpUri = HelpUris.Commands + "disconnect-sekoia")]
    [OutputType(typeof(void))]
    public sealed class DisconnectSekoiaCommand : DisconnectCmdlet<SekoiaSession>
    {
    }
}
