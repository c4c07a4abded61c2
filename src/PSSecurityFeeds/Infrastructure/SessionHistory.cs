using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// What each session has seen — the config ids it read, the search jobs it started or read — kept beside the
    /// session for as long as it lives, so tab completion can offer them. Values only, never a secret.
    /// </summary>
    internal static class SessionHistory
    {
        private const int Capacity = 50;

        private static readonly ConditionalWeakTable<ApiSession, List<(string Value, string Description)>> BySession =
            new ConditionalWeakTable<ApiSession, List<(string Value, string Description)>>();

        /// <summary>Notes a value (again): it moves to the front, with its latest description.</summary>
        public static void Remember(ApiSession session, string value, string description)
        {
            var seen = BySession.GetOrCreateValue(session);
            lock (seen)
            {
                seen.RemoveAll(entry => entry.Value.Equals(value, StringComparison.OrdinalIgnoreCase));
                seen.Insert(0, (value, description));
                if (seen.Count > Capacity)
                {
                    seen.RemoveAt(Capacity);
                }
            }
        }

        /// <summary>The values seen, most recent first.</summary>
        public static IReadOnlyList<(string Value, string Description)> Of(ApiSession session)
        {
            if (!BySession.TryGetValue(session, out var seen))
            {
                return Array.Empty<(string, string)>();
            }

            lock (seen)
            {
                return seen.ToList();
            }
        }

        /// <summary>
        /// The session a command being completed would use: its -Session when already given as a value,
        /// else the runspace default (completion runs on the pipeline thread of the user's runspace).
        /// </summary>
        public static T? SessionFor<T>(IDictionary fakeBoundParameters) where T : ApiSession
        {
            var given = fakeBoundParameters["Session"];
            return (given is PSObject wrapped ? wrapped.BaseObject : given) as T ?? RunspaceSessions.Get<T>();
        }

        /// <summary>Completion results for the seen values that start with what was typed.</summary>
        public static IEnumerable<CompletionResult> Complete(ApiSession? session, string wordToComplete)
        {
            if (session is null)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            var typed = wordToComplete.Trim('\'', '"');
            return Of(session)
                .Where(entry => entry.Value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(entry => new CompletionResult(entry.Value, entry.Value, CompletionResultType.ParameterValue, entry.Description));
        }
    }
}
