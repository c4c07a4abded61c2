using System.Collections.Generic;

namespace PSSecurityFeeds.Tests.Metadata;

/// <summary>What the compiled cmdlet assembly declares about one cmdlet, read without loading it.</summary>
public sealed record CmdletInfo(
    string ClassName,
    string Verb,
    string Noun,
    string? DefaultParameterSet,
    bool SupportsShouldProcess,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<OutputTypeInfo> OutputTypes,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ParameterSetsByParameter,
    string? HelpUri = null)
{
    public string Name => Verb + "-" + Noun;

    /// <summary>The parameter sets that at least one parameter belongs to (not the all-sets marker).</summary>
    public IReadOnlySet<string> UsedParameterSets
    {
        get
        {
            var sets = new HashSet<string>();
            foreach (var parameterSets in ParameterSetsByParameter.Values)
            {
                foreach (var set in parameterSets)
                {
                    if (set != CmdletCatalog.AllParameterSets)
                    {
                        sets.Add(set);
                    }
                }
            }

            return sets;
        }
    }
}
