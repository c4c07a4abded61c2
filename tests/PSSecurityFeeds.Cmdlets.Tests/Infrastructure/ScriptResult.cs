using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace PSSecurityFeeds.Cmdlets.Tests.Infrastructure;

/// <summary>What a script run in a <see cref="ModuleRunspace"/> wrote to each stream, and the error that ended it, if any.</summary>
public sealed record ScriptResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Verbose,
    RuntimeException? Failure)
{
    /// <summary>The one error of the run: the terminating one, or else the only record on the error stream.</summary>
    public ErrorRecord Error => Failure?.ErrorRecord ?? Errors.Single();

    public IEnumerable<string> Text => Output.Select(o => o?.ToString() ?? string.Empty);

    /// <summary>Throws with the errors' messages when the run had any, so a failing setup says why.</summary>
    public ScriptResult Succeeded()
    {
        var errors = Failure is null ? Errors : Errors.Prepend(Failure.ErrorRecord);
        if (errors.Any())
        {
            throw new Xunit.Sdk.XunitException("The script failed: " + string.Join(" | ", errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        }

        return this;
    }
}
