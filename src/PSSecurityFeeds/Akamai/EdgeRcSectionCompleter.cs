using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSSecurityFeeds.Core.Akamai;

namespace PSSecurityFeeds.Akamai
{
    /// <summary>Tab completion for Connect-AkamaiSiem -Section: the sections of -EdgeRcPath, or of ~/.edgerc.</summary>
    public sealed class EdgeRcSectionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var path = fakeBoundParameters["EdgeRcPath"] as string ?? EdgeRcFile.DefaultPath;
            var typed = wordToComplete.Trim('\'', '"');
            return EdgeRcFile.SectionsOf(path)
                .Where(section => section.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(section => new CompletionResult(section, section, CompletionResultType.ParameterValue, "[" + section + "] of " + path));
        }
    }
}
