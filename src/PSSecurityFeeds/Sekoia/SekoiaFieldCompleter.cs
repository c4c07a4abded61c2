using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSSecurityFeeds.Core.Sekoia;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>Tab completion for Export-SekoiaEvent -Field: common Sekoia.io field names, quoted where '@' needs it.</summary>
    public sealed class SekoiaFieldCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            SekoiaFieldNames.StartingWith(wordToComplete.Trim('\'', '"'))
                .Select(name => new CompletionResult("'" + name + "'", name, CompletionResultType.ParameterValue, name));
    }
}
