using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// Tab completion from what the session a command would use has seen, most recent first: the config ids
    /// it read (Get-AkamaiSiemEvent -ConfigId), the search jobs it started or read (-Uuid, with their query).
    /// </summary>
    public sealed class SessionHistoryCompleter<TSession> : IArgumentCompleter where TSession : ApiSession
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            SessionHistory.Complete(SessionHistory.SessionFor<TSession>(fakeBoundParameters), wordToComplete);
    }
}
