using System.IO;
using System.Xml.Linq;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Metadata;

public sealed class ManifestTests
{
    private readonly ModuleManifest _manifest = new(Path.Combine(RepositoryPaths.ModuleFolder, "PSSecurityFeeds.psd1"));

    [Fact]
    public void Runs_on_windows_powershell_and_powershell_7()
    {
        Assert.Equal(new[] { "Desktop", "Core" }, _manifest.List("CompatiblePSEditions"));
        Assert.Equal("5.1", _manifest.Value("PowerShellVersion"));
    }

    [Fact]
    public void The_manifest_version_is_the_assemblies_version()
    {
        using var catalog = new CmdletCatalog();

        Assert.Equal(_manifest.Value("ModuleVersion"), catalog.AssemblyVersion.ToString(3));
    }

    [Fact]
    public void The_root_module_and_format_files_exist_and_parse()
    {
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.ModuleFolder, _manifest.Value("RootModule"))));
        var formats = _manifest.List("FormatsToProcess");
        Assert.NotEmpty(formats);
        foreach (var format in formats)
        {
            var document = XDocument.Load(Path.Combine(RepositoryPaths.ModuleFolder, format));
            Assert.Equal("Configuration", document.Root!.Name.LocalName);
        }
    }

    [Fact]
    public void Nothing_is_exported_by_wildcard()
    {
        foreach (var key in new[] { "CmdletsToExport", "AliasesToExport", "FunctionsToExport", "VariablesToExport" })
        {
            Assert.DoesNotContain(_manifest.List(key), name => name.Contains('*'));
        }
    }

    [Fact]
    public void The_loader_picks_the_build_for_the_running_edition()
    {
        var loader = File.ReadAllText(Path.Combine(RepositoryPaths.ModuleFolder, _manifest.Value("RootModule")));

        Assert.Contains("$PSEdition -eq 'Core'", loader);
        Assert.Contains("bin/$edition/PSSecurityFeeds.dll", loader);
    }
}
