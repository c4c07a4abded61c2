using System;
using System.Collections.Generic;
using System.Linq;

namespace PSSecurityFeeds.Tests.Metadata;

/// <summary>The checks between the cmdlet assembly and the manifest, as functions so their failures can be tested too.</summary>
public static class ExportRules
{
    /// <summary>Cmdlets the assembly has that the manifest does not export.</summary>
    public static IReadOnlyList<string> Unexported(IEnumerable<CmdletInfo> cmdlets, IEnumerable<string> exported) =>
        cmdlets.Select(c => c.Name).Except(exported, StringComparer.OrdinalIgnoreCase).OrderBy(n => n).ToList();

    /// <summary>Names the manifest exports that no cmdlet of the assembly has.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<CmdletInfo> cmdlets, IEnumerable<string> exported) =>
        exported.Except(cmdlets.Select(c => c.Name), StringComparer.OrdinalIgnoreCase).OrderBy(n => n).ToList();

    /// <summary>Parameter sets a cmdlet names (default set, [OutputType]) that no parameter belongs to.</summary>
    public static IReadOnlyList<string> UnusedParameterSets(CmdletInfo cmdlet)
    {
        var used = cmdlet.UsedParameterSets;
        var declared = cmdlet.OutputTypes.SelectMany(o => o.ParameterSets).ToList();
        if (cmdlet.DefaultParameterSet is { } defaultSet)
        {
            declared.Add(defaultSet);
        }

        // A cmdlet whose parameters all belong to every set has one implicit set; its default may name it.
        if (used.Count == 0 && cmdlet.DefaultParameterSet is not null)
        {
            declared.Remove(cmdlet.DefaultParameterSet);
        }

        return declared.Where(s => !used.Contains(s)).Distinct().ToList();
    }
}
