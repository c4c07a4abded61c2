using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Emulation;
using PSSecurityFeeds.Emulator;
using Xunit;

namespace PSSecurityFeeds.Tests.Emulation;

/// <summary>The emulator as Start-PSSecurityFeedsEmulator runs it: a dotnet child process on a free loopback port.</summary>
public sealed class EmulatorProcessTests
{
    private static readonly string EmulatorAssembly = typeof(EmulatorServer).Assembly.Location;

    [Fact]
    public async Task Starts_on_a_free_loopback_port_reports_its_accounts_and_stops()
    {
        using var emulator = await EmulatorProcess.StartAsync(EmulatorAssembly, TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Equal("127.0.0.1", emulator.BaseUri.Host);
        Assert.NotEqual(0, emulator.BaseUri.Port);
        Assert.Equal(emulator.BaseUri.GetLeftPart(UriPartial.Authority) + "/sekoia", emulator.Accounts.Sekoia.ApiBaseUri);
        Assert.Equal("sekoia-emulator-api-key", emulator.Accounts.Sekoia.ApiKey);
        Assert.Equal("testcorp", emulator.Accounts.SigSci.Corp);
        Assert.Contains(14227, emulator.Accounts.AkamaiSiem.ConfigIds);
        Assert.DoesNotContain(403, emulator.Accounts.AkamaiSiem.ConfigIds);
        Assert.InRange(emulator.StopsAt, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(5));
        using var http = new HttpClient();
        (await http.GetAsync(new Uri(emulator.BaseUri, "/health"))).EnsureSuccessStatusCode();

        emulator.Stop();

        Assert.True(emulator.HasExited);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(emulator.BaseUri, "/health")));
    }

    [Fact]
    public async Task Without_the_aspnetcore_runtime_it_needs_it_says_what_to_install()
    {
        // The same emulator, asking for an ASP.NET Core no computer has: the dotnet host refuses it as it
        // refuses a computer without ASP.NET Core.
        var folder = Directory.CreateTempSubdirectory("pssecurityfeeds-emulator-").FullName;
        try
        {
            var copy = Path.Combine(folder, Path.GetFileName(EmulatorAssembly));
            File.Copy(EmulatorAssembly, copy);
            File.WriteAllText(Path.ChangeExtension(copy, ".runtimeconfig.json"),
                "{\"runtimeOptions\":{\"tfm\":\"net99.0\",\"rollForward\":\"Disable\",\"frameworks\":[{\"name\":\"Microsoft.AspNetCore.App\",\"version\":\"99.0.0\"}]}}");

            var error = await Assert.ThrowsAsync<FeedException>(() => EmulatorProcess.StartAsync(copy, TimeSpan.FromMinutes(1), CancellationToken.None));

            Assert.Equal(EmulatorProcess.RuntimeMissingErrorId, error.ErrorId);
            Assert.Contains("ASP.NET Core Runtime 8 or later", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
