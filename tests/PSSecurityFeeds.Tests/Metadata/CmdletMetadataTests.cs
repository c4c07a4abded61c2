using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Metadata;

/// <summary>The module as PowerShell will see it: the compiled cmdlet assembly against the manifest.</summary>
public sealed class CmdletMetadataTests : IClassFixture<CmdletMetadataTests.Catalog>
{
    // A vendor's commands carry its prefix; the module's own (the emulator) carry the module's name.
    private static readonly string[] NounPrefixes = { "AkamaiSiem", "SigSci", "Sekoia", "PSSecurityFeeds" };
    private static readonly string[] ChangingVerbs = { "New", "Set", "Remove", "Start", "Export", "Clear" };

    private readonly CmdletCatalog _catalog;
    private readonly ModuleManifest _manifest = new(Path.Combine(RepositoryPaths.ModuleFolder, "PSSecurityFeeds.psd1"));

    public CmdletMetadataTests(Catalog catalog) => _catalog = catalog.Value;

    public sealed class Catalog : IDisposable
    {
        public CmdletCatalog Value { get; } = new();

        public void Dispose() => Value.Dispose();
    }

    [Fact]
    public void The_module_has_the_commands_of_its_design()
    {
        string[] designed =
        {
            "Connect-SigSci", "Get-SigSciFeed", "Get-SigSciSite", "Disconnect-SigSci",
            "Connect-AkamaiSiem", "Get-AkamaiSiemEvent", "Disconnect-AkamaiSiem",
            "Connect-Sekoia", "Start-SekoiaSearchJob", "Get-SekoiaSearchJob", "Wait-SekoiaSearchJob", "Get-SekoiaEvent", "Export-SekoiaEvent", "Disconnect-Sekoia",
            "Start-PSSecurityFeedsEmulator", "Stop-PSSecurityFeedsEmulator",
        };

        Assert.Equal(designed.OrderBy(n => n), _catalog.Cmdlets.Select(c => c.Name).OrderBy(n => n));
        Assert.Contains("Export-SekoiaEvents", _catalog.Cmdlets.Single(c => c.Name == "Export-SekoiaEvent").Aliases);
    }

    [Fact]
    public void Every_data_command_takes_an_explicit_session()
    {
        var withoutSession = _catalog.Cmdlets
            .Where(c => !c.Verb.Equals("Connect", StringComparison.Ordinal) && !c.Verb.Equals("Disconnect", StringComparison.Ordinal))
            .Where(c => !c.Noun.Equals("PSSecurityFeedsEmulator", StringComparison.Ordinal)) // the emulator is no vendor session's
            .Where(c => !c.ParameterSetsByParameter.ContainsKey("Session"))
            .Select(c => c.Name)
            .ToList();

        Assert.Empty(withoutSession);
    }

    [Fact]
    public void Every_public_cmdlet_class_has_a_cmdlet_attribute()
    {
        var without = _catalog.CmdletClasses.Select(t => t.FullName!).Except(_catalog.Cmdlets.Select(c => c.ClassName));

        Assert.Empty(without);
    }

    [Fact]
    public void Every_cmdlet_is_exported_and_every_export_exists()
    {
        var exported = _manifest.List("CmdletsToExport");

        Assert.Empty(ExportRules.Unexported(_catalog.Cmdlets, exported));
        Assert.Empty(ExportRules.Missing(_catalog.Cmdlets, exported));
        Assert.Equal(exported.Count, exported.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_export_check_fails_for_a_cmdlet_left_out_of_the_manifest()
    {
        var added = new CmdletInfo("X.GetSekoiaThingCommand", "Get", "SekoiaThing", null, false, Array.Empty<string>(), Array.Empty<OutputTypeInfo>(), new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IReadOnlyList<string>>());
        var cmdlets = _catalog.Cmdlets.Append(added);

        Assert.Equal(new[] { "Get-SekoiaThing" }, ExportRules.Unexported(cmdlets, _manifest.List("CmdletsToExport")));
        Assert.Equal(new[] { "Get-SekoiaThing" }, ExportRules.Missing(_catalog.Cmdlets, _manifest.List("CmdletsToExport").Append("Get-SekoiaThing")));
    }

    [Fact]
    public void Aliases_in_the_manifest_are_the_cmdlets_aliases()
    {
        var declared = _catalog.Cmdlets.SelectMany(c => c.Aliases).OrderBy(a => a);

        Assert.Equal(declared, _manifest.List("AliasesToExport").OrderBy(a => a));
    }

    [Fact]
    public void Every_verb_is_approved()
    {
        Assert.Contains("Get", _catalog.ApprovedVerbs);
        Assert.DoesNotContain("Fetch", _catalog.ApprovedVerbs);
        Assert.Empty(_catalog.Cmdlets.Where(c => !_catalog.ApprovedVerbs.Contains(c.Verb)).Select(c => c.Name));
    }

    [Fact]
    public void Every_noun_is_singular_and_carries_a_vendor_prefix()
    {
        Assert.Empty(_catalog.Cmdlets.Where(c => !NounPrefixes.Any(p => c.Noun.StartsWith(p, StringComparison.Ordinal))).Select(c => c.Name));
        Assert.Empty(_catalog.Cmdlets.Where(c => c.Noun.EndsWith("s", StringComparison.Ordinal)).Select(c => c.Name));
    }

    [Fact]
    public void Every_cmdlet_declares_its_output_type()
    {
        Assert.Empty(_catalog.Cmdlets.Where(c => c.OutputTypes.Count == 0).Select(c => c.Name));
    }

    [Fact]
    public void Every_named_parameter_set_is_used()
    {
        var unused = _catalog.Cmdlets
            .Select(c => (c.Name, Unused: ExportRules.UnusedParameterSets(c)))
            .Where(c => c.Unused.Count > 0)
            .Select(c => $"{c.Name}: {string.Join(", ", c.Unused)}");

        Assert.Empty(unused);
    }

    [Fact]
    public void The_parameter_set_check_fails_for_a_set_no_parameter_uses()
    {
        var parameters = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IReadOnlyList<string>>
        {
            ["Offset"] = new[] { "Offset" },
            ["From"] = new[] { "Time" },
        };
        var cmdlet = new CmdletInfo("X", "Get", "AkamaiSiemEvent", "Offest", false, Array.Empty<string>(), new[] { new OutputTypeInfo(new[] { "System.String" }, new[] { "Raw" }) }, parameters);

        Assert.Equal(new[] { "Raw", "Offest" }, ExportRules.UnusedParameterSets(cmdlet));
    }

    [Fact]
    public void Cmdlets_that_create_something_support_should_process()
    {
        var without = _catalog.Cmdlets.Where(c => ChangingVerbs.Contains(c.Verb) && !c.SupportsShouldProcess).Select(c => c.Name).ToList();

        Assert.Empty(without);
    }

    [Fact]
    public void Every_output_type_of_the_module_has_a_format_view()
    {
        var format = XDocument.Load(Path.Combine(RepositoryPaths.ModuleFolder, "PSSecurityFeeds.Format.ps1xml"));
        var viewed = format.Descendants("TypeName").Select(t => t.Value.Trim()).ToHashSet();
        var ownTypes = _catalog.Cmdlets
            .SelectMany(c => c.OutputTypes.SelectMany(o => o.TypeNames))
            .Where(t => t.StartsWith("PSSecurityFeeds.", StringComparison.Ordinal))
            .Distinct();

        var withoutView = ownTypes.Where(t => !viewed.Contains(t)).ToList();

        Assert.Empty(withoutView);
    }
}
