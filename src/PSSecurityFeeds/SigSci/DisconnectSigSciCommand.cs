using System.Management.Automation;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.SigSci
{
    /// <summary>Forgets the runspace's Signal Sciences session; a password login is logged out at the vendor first.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "SigSci", HelpUri = HelpUris.Commands + "disconnect-sigsci")]
    [OutputType(typeof(void))]
    public sealed class DisconnectSigSciCommand : DisconnectCmdlet<SigSciSession>
    {
        protected override void SignOut(SigSciSession session) => Await(session.SignOutAsync(Log, CancelToken));
    }
}
