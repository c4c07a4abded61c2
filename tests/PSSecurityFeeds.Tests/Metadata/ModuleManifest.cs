using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace PSSecurityFeeds.Tests.Metadata;

/// <summary>
/// The few keys of PSSecurityFeeds.psd1 the tests check, read as text (there is no PowerShell here to
/// evaluate it): single-quoted strings and @( ... ) lists, with # comments ignored.
/// </summary>
public sealed class ModuleManifest
{
    private readonly string _text;

    public ModuleManifest(string path)
    {
        Path = path;
        _text = string.Join("\n", File.ReadAllLines(path).Select(StripComment));
    }

    public string Path { get; }

    public string Value(string key)
    {
        var match = Regex.Match(_text, $@"\b{key}\s*=\s*'([^']*)'");
        return match.Success ? match.Groups[1].Value : throw new KeyNotFoundException($"{key} is not a quoted string in {Path}.");
    }

    public IReadOnlyList<string> List(string key)
    {
        var match = Regex.Match(_text, $@"\b{key}\s*=\s*@\(([^)]*)\)");
        if (!match.Success)
        {
            throw new KeyNotFoundException($"{key} is not an @( ) list in {Path}; exports must be explicit lists.");
        }

        return Regex.Matches(match.Groups[1].Value, "'([^']*)'").Select(m => m.Groups[1].Value).ToList();
    }

    private static string StripComment(string line)
    {
        var inQuote = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\'')
            {
                inQuote = !inQuote;
            }
            else if (line[i] == '#' && !inQuote)
            {
                return line[..i];
            }
        }

        return line;
    }
}
