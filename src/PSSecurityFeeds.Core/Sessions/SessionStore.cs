using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace PSSecurityFeeds.Core.Sessions
{
    /// <summary>
    /// The default session of each vendor, kept per scope. The module's scope is the PowerShell runspace, so
    /// two runspaces (ForEach-Object -Parallel, jobs) never see each other's sessions; a scope that is
    /// collected takes its sessions with it. Keyed by object so it can be tested without PowerShell.
    /// </summary>
    public sealed class SessionStore
    {
        private readonly ConditionalWeakTable<object, ConcurrentDictionary<System.Type, ApiSession>> _byScope =
            new ConditionalWeakTable<object, ConcurrentDictionary<System.Type, ApiSession>>();

        public T? Get<T>(object scope) where T : ApiSession =>
            SessionsOf(scope).TryGetValue(typeof(T), out var session) ? (T)session : null;

        /// <summary>Makes <paramref name="session"/> the scope's default and returns the one it replaces, if any.</summary>
        public T? Set<T>(object scope, T session) where T : ApiSession
        {
            T? previous = null;
            SessionsOf(scope).AddOrUpdate(typeof(T), session, (_, old) =>
            {
                previous = (T)old;
                return session;
            });
            return previous;
        }

        /// <summary>Forgets the scope's default session of this vendor and returns it, if there was one.</summary>
        public T? Remove<T>(object scope) where T : ApiSession =>
            SessionsOf(scope).TryRemove(typeof(T), out var session) ? (T)session : null;

        private ConcurrentDictionary<System.Type, ApiSession> SessionsOf(object scope) =>
            _byScope.GetValue(scope, _ => new ConcurrentDictionary<System.Type, ApiSession>());
    }
}
