using System;
using System.IO;
using System.Linq;
using PSSecurityFeeds.Cmdlets.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Cmdlets.Tests.Cmdlets;

/// <summary>
/// Each object the module writes, as a console shows it (Out-String at 80 and 120 columns, and Format-List):
/// its view's columns, no secret, and no PSSecurityFeeds.Core type name where a value belongs.
/// </summary>
public sealed class FormatViewTests : IClassFixture<ConnectedModule>, IDisposable
{
    private const string SekoiaJob = "Start-SekoiaSearchJob -Query 'emulator:total=3' -Earliest -1h -Wait";

    private readonly ConnectedModule _module;
    private readonly string _folder = Directory.CreateTempSubdirectory("pssecurityfeeds-views-").FullName;

    public FormatViewTests(ConnectedModule module)
    {
        _module = module;
        module.Runspace.Set("Folder", _folder);
    }

    [Theory]
    [InlineData("SigSciRequest", "Get-SigSciFeed -Site www -From (Get-Date).AddMinutes(-11) -Until (Get-Date).AddMinutes(-10) -AlignToMinute | Select-Object -First 3", "ClientIP")]
    [InlineData("AkamaiSiemEvent", "Get-AkamaiSiemEvent -ConfigId 14227 -Limit 3 | Select-Object -First 3", "ClientIP")]
    [InlineData("SekoiaEvent", SekoiaJob + " | Get-SekoiaEvent", "ClientIP")]
    [InlineData("SekoiaSearchJob", SekoiaJob, "Total")]
    [InlineData("SekoiaExportResult", SekoiaJob + " | Export-SekoiaEvent -Field message -Path $Folder", "CompressedBytes")]
    public void A_data_object_shows_its_values_at_80_and_120_columns_and_as_a_list(string type, string produce, string column)
    {
        AssertShown(produce, type, column);
    }

    [Theory]
    [InlineData("SigSciSession", "$SigSci", "AuthMode")]
    [InlineData("AkamaiSiemSession", "$AkamaiSiem", "User")]
    [InlineData("SekoiaSession", "$Sekoia", "User")]
    public void A_session_shows_its_endpoint_and_no_secret_at_80_and_120_columns_and_as_a_list(string type, string session, string column) =>
        AssertShown(session, type, column);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void AssertShown(string produce, string type, string column)
    {
        var shownType = _module.Runspace.Run($"$shown = {produce}; @($shown)[0].PSObject.TypeNames[0]").Succeeded().Text.Single();
        Assert.EndsWith("." + type, shownType);

        foreach (var width in new[] { 80, 120 })
        {
            var text = Render($"Out-String -Width {width}");
            Assert.Contains(column, text); // the module's view, not PowerShell's default one
        }

        Render("Format-List | Out-String -Width 120");
    }

    private string Render(string formatting)
    {
        var text = string.Concat(_module.Runspace.Run("$shown | " + formatting).Succeeded().Text);
        Assert.DoesNotContain("PSSecurityFeeds.Core.", text);
        foreach (var secret in Vendor.Secrets)
        {
            Assert.DoesNotContain(secret, text);
        }

        return text;
    }
}
