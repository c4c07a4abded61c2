using System;
using System.Threading.Tasks;
using PSSecurityFeeds.Emulator;
using Xunit;

namespace PSSecurityFeeds.Tests.Infrastructure;

/// <summary>
/// One emulator per test class (IClassFixture), on a free loopback port, stopped when the class is done.
/// Faults and the journal are cleared by <see cref="Reset"/>, which each test class calls in its constructor.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator starts in InitializeAsync.");

    public Uri BaseUri => Server.BaseUri;

    public async Task InitializeAsync() => _server = await EmulatorServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Reset()
    {
        Server.Faults.Clear();
        Server.Requests.Clear();
        Server.Clock.Offset = TimeSpan.Zero;
    }
}
