using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// Tab completion for the time-range parameters: now and relative times, offered only as far back as the
    /// command's vendor serves (Signal Sciences 24 h, Akamai 12 h, Sekoia.io any).
    /// </summary>
    public sealed class RelativeTimeCompleter : IArgumentCompleter
    {
        private static readonly (string Text, TimeSpan Ago)[] Choices =
        {
            ("now", TimeSpan.Zero), ("-5m", TimeSpan.FromMinutes(5)), ("-15m", TimeSpan.FromMinutes(15)), ("-30m", TimeSpan.FromMinutes(30)),
            ("-1h", TimeSpan.FromHours(1)), ("-2h", TimeSpan.FromHours(2)), ("-6h", TimeSpan.FromHours(6)), ("-12h", TimeSpan.FromHours(12)),
            ("-1d", TimeSpan.FromDays(1)), ("-7d", TimeSpan.FromDays(7)), ("-30d", TimeSpan.FromDays(30)), ("-90d", TimeSpan.FromDays(90)),
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var typed = wordToComplete.Trim('\'', '"');
            var reach = ReachOf(commandName);
            return Choices
                .Where(c => c.Ago <= reach && c.Text.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(c => new CompletionResult(c.Text, c.Text, CompletionResultType.ParameterValue, Describe(c.Text, c.Ago)));
        }

        private static TimeSpan ReachOf(string commandName) =>
            commandName.IndexOf("SigSci", StringComparison.OrdinalIgnoreCase) >= 0 ? TimeSpan.FromDays(1)
            : commandName.IndexOf("Akamai", StringComparison.OrdinalIgnoreCase) >= 0 ? TimeSpan.FromHours(12)
            : TimeSpan.MaxValue;

        private static string Describe(string text, TimeSpan ago) =>
            ago == TimeSpan.Zero ? "now" : $"{text.Substring(1)} before now";
    }
}
