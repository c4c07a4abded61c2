using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using System.Threading;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.SigSci
{
    /// <summary>
    /// Tab completion for -Site: the sites of the session's corp, read from the API once and kept for a few
    /// minutes (Get-SigSciSite refreshes them). Completion never fails: without a session or an answer within
    /// a few seconds it offers nothing.
    /// </summary>
    public sealed class SigSciSiteCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan AskFor = TimeSpan.FromSeconds(5);
        private static readonly ConditionalWeakTable<SigSciSession, SiteNames> Known = new ConditionalWeakTable<SigSciSession, SiteNames>();

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = SessionHistory.SessionFor<SigSciSession>(fakeBoundParameters);
            if (session is null || session.IsDisposed)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            var typed = wordToComplete.Trim('\'', '"');
            return SitesOf(session)
                .Where(site => site.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(site => new CompletionResult(site.Name, site.Name, CompletionResultType.ParameterValue, string.IsNullOrEmpty(site.DisplayName) ? site.Name : site.DisplayName));
        }

        internal static void Remember(SigSciSession session, IReadOnlyList<SigSciSite> sites)
        {
            Known.Remove(session);
            Known.Add(session, new SiteNames(sites, DateTimeOffset.UtcNow));
        }

        private static IReadOnlyList<SigSciSite> SitesOf(SigSciSession session)
        {
            if (Known.TryGetValue(session, out var known) && DateTimeOffset.UtcNow - known.ReadAt < KeepFor)
            {
                return known.Sites;
            }

            using var timeout = new CancellationTokenSource(AskFor);
            try
            {
                var sites = SigSciSiteList.ReadAsync(session, session.CreateLog(), timeout.Token).GetAwaiter().GetResult();
                Remember(session, sites);
                return sites;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                return Array.Empty<SigSciSite>(); // a completer that throws breaks the user's Tab
            }
        }

        private sealed class SiteNames
        {
            public SiteNames(IReadOnlyList<SigSciSite> sites, DateTimeOffset readAt)
            {
                Sites = sites;
                ReadAt = readAt;
            }

            public IReadOnlyList<SigSciSite> Sites { get; }

            public DateTimeOffset ReadAt { get; }
        }
    }
}
