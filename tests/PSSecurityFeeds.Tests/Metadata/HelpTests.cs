using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Metadata;

/// <summary>Get-Help works for every cmdlet: the MAML file documents each one, its parameters and at least two examples.</summary>
public sealed class HelpTests : IClassFixture<CmdletMetadataTests.Catalog>
{
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private readonly CmdletCatalog _catalog;
    private readonly XDocument _help = XDocument.Load(Path.Combine(RepositoryPaths.ModuleFolder, "en-US", "PSSecurityFeeds.dll-Help.xml"));

    public HelpTests(CmdletMetadataTests.Catalog catalog) => _catalog = catalog.Value;

    // Common parameters PowerShell adds to a SupportsShouldProcess cmdlet; its help documents them.
    private static bool IsShouldProcessParameter(CmdletInfo cmdlet, string parameter) =>
        cmdlet.SupportsShouldProcess && (parameter.Equals("WhatIf", StringComparison.OrdinalIgnoreCase) || parameter.Equals("Confirm", StringComparison.OrdinalIgnoreCase));

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
            var stale = documented.Where(p => !cmdlet.ParameterSetsByParameter.ContainsKey(p) && !IsShouldProcessParameter(cmdlet, p)).ToList();

            Assert.True(missing.Count == 0, $"{cmdlet.Name}: undocumented parameters {string.Join(", ", missing)}.");
            Assert.True(stale.Count == 0, $"{cmdlet.Name}: help documents parameters it does not have: {string.Join(", ", stale)}.");
        }
    }

    [Fact]
    public void Every_cmdlet_has_at_least_two_examples()
    {
        var withFewer = _catalog.Cmdlets.Where(c => HelpFor(c.Name)?.Descendants(Command + "example").Count() < 2).Select(c => c.Name).ToList();

        Assert.Empty(withFewer);
    }

    [Fact]
    public void The_syntax_of_a_cmdlet_that_supports_should_process_lists_WhatIf_and_Confirm()
    {
        foreach (var cmdlet in _catalog.Cmdlets)
        {
            foreach (var syntax in HelpFor(cmdlet.Name)!.Descendants(Command + "syntaxItem"))
            {
                var names = syntax.Elements(Command + "parameter").Select(p => (string)p.Element(Maml + "name")!).ToList();
                Assert.True(
                    cmdlet.SupportsShouldProcess == (names.Contains("WhatIf") && names.Contains("Confirm")),
                    $"{cmdlet.Name}: its help syntax must list -WhatIf and -Confirm exactly when it supports ShouldProcess.");
            }
        }
    }

    [Fact]
    public void An_example_with_a_windows_path_has_a_companion_with_a_portable_one()
    {
        foreach (var cmdlet in _catalog.Cmdlets)
        {
            var code = HelpFor(cmdlet.Name)!.Descendants(Command + "example").Select(e => (string)e.Element(Dev + "code")!).ToList();
            if (code.Any(c => HelpExamples.HasWindowsPath(c)))
            {
                Assert.True(code.Any(HelpExamples.HasPortablePath), $"{cmdlet.Name}: every example path is a Windows one (C:\\...); add one with a path such as ./out or /var/lib/soc.");
            }
        }
    }

    [Fact]
    public void No_example_puts_a_secret_into_an_environment_variable()
    {
        var examples = _help.Descendants(Command + "example").Select(e => (string)e.Element(Dev + "code")!);

        Assert.Empty(examples.Where(HelpExamples.SetsSecretVariable).ToList());
    }

    [Fact]
    public void Help_documents_no_command_the_module_lacks()
    {
        var names = _catalog.Cmdlets.Select(c => c.Name).ToHashSet();
        var documented = _help.Root!.Elements(Command + "command").Select(c => (string)c.Element(Command + "details")!.Element(Command + "name")!);

        Assert.Empty(documented.Where(n => !names.Contains(n)).ToList());
    }
}
