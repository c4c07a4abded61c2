using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Metadata;

/// <summary>What a gallery and a user reading help online need: licence, changelog, project links, HelpUri into the docs.</summary>
public sealed class PublishingTests : IClassFixture<CmdletMetadataTests.Catalog>
{
    private readonly CmdletCatalog _catalog;
    private readonly ModuleManifest _manifest = new(Path.Combine(RepositoryPaths.ModuleFolder, "PSSecurityFeeds.psd1"));

    public PublishingTests(CmdletMetadataTests.Catalog catalog) => _catalog = catalog.Value;

    [Fact]
    public void The_manifest_links_the_project_its_licence_and_release_notes()
    {
        var project = _manifest.Value("ProjectUri");

        Assert.StartsWith("https://", project, StringComparison.Ordinal);
        Assert.Equal(project + "/blob/main/LICENSE", _manifest.Value("LicenseUri"));
        Assert.Equal(project + "/blob/main/CHANGELOG.md", _manifest.Value("ReleaseNotes"));
    }

    [Fact]
    public void The_licence_is_the_MIT_licence_the_manifest_names()
    {
        var licence = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "LICENSE"));

        Assert.StartsWith("MIT License", licence, StringComparison.Ordinal);
        Assert.Contains("Permission is hereby granted, free of charge", licence, StringComparison.Ordinal);
        Assert.Contains("MIT License", _manifest.Value("Copyright"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_changelog_has_a_section_for_the_manifest_version()
    {
        var changelog = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "CHANGELOG.md"));

        Assert.Matches(new Regex($@"^## \[?{Regex.Escape(_manifest.Value("ModuleVersion"))}\]?", RegexOptions.Multiline), changelog);
    }

    [Fact]
    public void Every_cmdlet_has_a_help_uri_to_its_heading_in_the_command_reference()
    {
        var reference = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "commands.md"));
        var expectedBase = _manifest.Value("ProjectUri") + "/blob/main/docs/commands.md#";

        foreach (var cmdlet in _catalog.Cmdlets)
        {
            Assert.Equal(expectedBase + cmdlet.Name.ToLowerInvariant(), cmdlet.HelpUri);
            Assert.Matches(new Regex($"^## {Regex.Escape(cmdlet.Name)}$", RegexOptions.Multiline), reference);
        }
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("module/en-US/about_PSSecurityFeeds.help.txt")]
    [InlineData("docs/scheduled-task.md")]
    [InlineData("docs/Invoke-SecurityFeedJob.ps1")]
    public void No_document_puts_a_secret_into_an_environment_variable(string document)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, document));

        Assert.Empty(lines.Where(HelpExamples.SetsSecretVariable).ToList());
    }

    [Theory]
    [InlineData("$env:SEKOIA_API_KEY = Get-Secret SekoiaKey -AsPlainText", true)]
    [InlineData("$env:SIGSCI_API_TOKEN='x'", true)]
    [InlineData("$env:AKAMAI_CLIENT_SECRET = $s", true)]
    [InlineData("$env:SIGSCI_EMAIL = 'svc@acme.example'", false)]
    [InlineData("Connect-Sekoia -ApiKey (Get-Secret -Name SekoiaApiKey)", false)]
    public void The_secret_variable_check_recognises_a_secret_set_in_the_environment(string code, bool secret)
    {
        Assert.Equal(secret, HelpExamples.SetsSecretVariable(code));
    }

    [Theory]
    [InlineData(@"Connect-AkamaiSiem -EdgeRcPath C:\soc\.edgerc", true, false)]
    [InlineData("Get-SigSciFeed -Site www -CheckpointPath /var/lib/soc/state.json", false, true)]
    [InlineData("Export-SekoiaEvent -Path ./exports/", false, true)]
    [InlineData("Connect-AkamaiSiem -EdgeRcPath ~/.edgerc", false, true)]
    [InlineData("Get-SekoiaEvent | Select-Object message", false, false)]
    public void The_path_checks_tell_windows_paths_from_portable_ones(string code, bool windows, bool portable)
    {
        Assert.Equal(windows, HelpExamples.HasWindowsPath(code));
        Assert.Equal(portable, HelpExamples.HasPortablePath(code));
    }
}
