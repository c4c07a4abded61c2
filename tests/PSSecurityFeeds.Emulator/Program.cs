using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Emulator;

// Standalone emulator for Pester tests, the demo and Start-PSSecurityFeedsEmulator:
//   dotnet run --project tests/PSSecurityFeeds.Emulator -f net10.0 -- --port 5080 [--lifetime-minutes 60] [--parent-process-id <pid>]
// It stops by itself after its lifetime, and when the process that started it exits, so a forgotten
// emulator never lingers.
var port = 5080;
var lifetime = TimeSpan.FromMinutes(60);
int? parentProcessId = null;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--port":
            port = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--lifetime-minutes":
            lifetime = TimeSpan.FromMinutes(double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture));
            break;
        case "--parent-process-id":
            parentProcessId = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            break;
    }
}

await using var server = await EmulatorServer.StartAsync(port);
Console.WriteLine($"PSSecurityFeeds emulator listening on {server.BaseUri} (stops after {lifetime.TotalMinutes:0} min; Ctrl+C stops it now)");
using var stop = new CancellationTokenSource(lifetime);
// Ctrl+C, and SIGTERM from Stop-Process or a test harness, stop it cleanly.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOn);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOn);
if (parentProcessId is int parent)
{
    _ = StopWhenExitedAsync(parent, stop);
}

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

void StopOn(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

static async Task StopWhenExitedAsync(int processId, CancellationTokenSource stop)
{
    try
    {
        using var parent = Process.GetProcessById(processId);
        await parent.WaitForExitAsync(stop.Token);
    }
    catch (ArgumentException)
    {
        // The parent has exited already.
    }
    catch (OperationCanceledException)
    {
        return;
    }

    stop.Cancel();
}
