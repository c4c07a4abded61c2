using System.Management.Automation.Runspaces;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// The default session of each vendor for the current runspace. Read and written only on the pipeline
    /// thread, where Runspace.DefaultRunspace is the runspace running the command.
    /// </summary>
    internal static class RunspaceSessions
    {
        private static readonly SessionStore Store = new SessionStore();

        public static T? Get<T>() where T : ApiSession => Store.Get<T>(Runspace.DefaultRunspace);

        public static T? Set<T>(T session) where T : ApiSession => Store.Set(Runspace.DefaultRunspace, session);

        public static T? Remove<T>() where T : ApiSession => Store.Remove<T>(Runspace.DefaultRunspace);
    }
}
