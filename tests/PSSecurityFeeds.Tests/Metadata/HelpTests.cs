using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Metadata;

/// <summary>Get-Help works for every cmdlet: the MAML file documents each one, its parameters and an example.</summary>
public sealed class HelpTests : IClassFixture<CmdletMetadataTests.Catalog>
{
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";

    private readonly CmdletCatalog _catalog;
    private readonly XDocument _help = XDocument.Load(Path.Combine(RepositoryPaths.ModuleFolder, "en-US", "PSSecurityFeeds.dll-Help.xml"));

    public HelpTests(CmdletMetadataTests.Catalog catalog) => _catalog = catalog.Value;

    private XElement? HelpFor(string name) =>
        _help.Root!.Elements(Command + "command").FirstOrDefault(c => (string?)c.Element(Command + "details")?.Element(Command + "name") == name);

    [Fact]
    public void Every_cmdlet_has_a_synopsis_a_description_and_an_example()
    {
        foreach (var cmdlet in _catalog.Cmdlets)
        {
            var help = HelpFor(cmdlet.Name);
            Assert.True(help is not null, $"{cmdlet.Name} has no help entry.");
            Assert.False(string.IsNullOrWhiteSpace(help!.Element(Command + "details")!.Element(Maml + "description")?.Value), $"{cmdlet.Name} has no synopsis.");
            Assert.False(string.IsNullOrWhiteSpace(help.Element(Maml + "description")?.Value), $"{cmdlet.Name} has no description.");
            Assert.True(help.Descendants(Command + "example").Any(), $"{cmdlet.Name} has no example.");
        }
    }

    [Fact]
    public void Every_parameter_is_documented_and_no_stale_parameter_is()
    {
        foreach (var cmdlet in _catalog.Cmdlets)
        {
            var documented = HelpFor(cmdlet.Name)?.Element(Command + "parameters")?.Elements(Command + "parameter")
                .Select(p => (string)p.Element(Maml + "name")!)
                .ToHashSet(StringComparer.OrdinalIgnoreCase) ?? new();

            var missing = cmdlet.ParameterSetsByParameter.Keys.Where(p => !documented.Contains(p)).ToList();
            var stale = documented.Where(p => !cmdlet.ParameterSetsByParameter.ContainsKey(p)).ToList();

            Assert.True(missing.Count == 0, $"{cmdlet.Name}: undocumented parameters {string.Join(", ", missing)}.");
            Assert.True(stale.Count == 0, $"{cmdlet.Name}: help documents parameters it does not have: {string.Join(", ", stale)}.");
        }
    }

    [Fact]
    public void Help_documents_no_command_the_module_lacks()
    {
        var names = _catalog.Cmdlets.Select(c => c.Name).ToHashSet();
        var documented = _help.Root!.Elements(Command + "command").Select(c => (string)c.Element(Command + "details")!.Element(Command + "name")!);

        Assert.Empty(documented.Where(n => !names.Contains(n)).ToList());
    }
}
