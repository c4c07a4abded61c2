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
            var path = fakeBoundParameters["EdgeRcPath"] is string given ? ResolveAsTheCommandDoes(given) : EdgeRcFile.DefaultPath;
            if (path is null)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            var typed = wordToComplete.Trim('\'', '"');
            return EdgeRcFile.SectionsOf(path)
                .Where(section => section.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(section => new CompletionResult(section, section, CompletionResultType.ParameterValue, "[" + section + "] of " + path));
        }

        /// <summary>
        /// The file Connect-AkamaiSiem would read: a relative path or ~ is resolved against PowerShell's current location
        /// (completion runs on the pipeline thread of the user's runspace), not the process's folder; null when it names no file.
        /// </summary>
        private static string? ResolveAsTheCommandDoes(string path)
        {
            try
            {
                using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
                var resolved = shell.AddCommand(@"Microsoft.PowerShell.Management\Convert-Path").AddParameter("LiteralPath", path)
                    .AddParameter("ErrorAction", ActionPreference.Ignore) // a path that names nothing is no error of the user's ($Error)
                    .Invoke<string>();
                return resolved.Count == 1 ? resolved[0] : null;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                return null; // a completer that throws breaks the user's Tab
            }
        }
    }
}
