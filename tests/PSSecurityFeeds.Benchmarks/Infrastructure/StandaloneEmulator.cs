using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using PSSecurityFeeds.Emulator;

namespace PSSecurityFeeds.Benchmarks.Infrastructure;

/// <summary>The emulator in a child process on a free loopback port, so it does not share the measured process's heap.</summary>
internal sealed class StandaloneEmulator : IDisposable
{
    private readonly Process _process;

    private StandaloneEmulator(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>The CPU time the emulator has used so far: what it takes of the shared cores during a measurement.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<StandaloneEmulator> StartAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add(typeof(EmulatorServer).Assembly.Location);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--lifetime-minutes");
        start.ArgumentList.Add("30");
        var process = Process.Start(start) ?? throw new InvalidOperationException("The emulator did not start.");
        var emulator = new StandaloneEmulator(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                (await http.GetAsync(new Uri(emulator.BaseUri, "/health"))).EnsureSuccessStatusCode();
                return emulator;
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(200);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
