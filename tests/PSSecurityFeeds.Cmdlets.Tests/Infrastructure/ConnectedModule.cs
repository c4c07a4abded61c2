using System.Threading.Tasks;
using PSSecurityFeeds.Emulator.Sekoia;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Cmdlets.Tests.Infrastructure;

/// <summary>
/// A test class's emulator and one runspace connected to all three vendors through it; the sessions are in
/// $SigSci, $AkamaiSiem and $Sekoia as well as the runspace's defaults. Sekoia.io jobs and exports take
/// half a second.
/// </summary>
public sealed class ConnectedModule : IAsyncLifetime
{
    private ModuleRunspace? _runspace;

    public EmulatorFixture Emulator { get; } = new();

    public ModuleRunspace Runspace => _runspace ?? throw new System.InvalidOperationException("The runspace opens in InitializeAsync.");

    public async Task InitializeAsync()
    {
        await Emulator.InitializeAsync();
        var sekoia = Emulator.Server.Get<SekoiaTenant>().Settings;
        sekoia.JobDuration = System.TimeSpan.FromMilliseconds(500);
        sekoia.ExportDuration = System.TimeSpan.FromMilliseconds(300);
        _runspace = new ModuleRunspace().Set("EmulatorUri", Emulator.BaseUri.GetLeftPart(System.UriPartial.Authority));
        foreach (var vendor in Vendor.All)
        {
            _runspace.Run($"${vendor.Name} = {vendor.Connect}").Succeeded();
        }
    }

    public async Task DisposeAsync()
    {
        _runspace?.Dispose();
        await Emulator.DisposeAsync();
    }
}
