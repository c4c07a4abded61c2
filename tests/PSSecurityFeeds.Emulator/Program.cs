using System;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Emulator;

// Standalone emulator for Pester tests and the demo:
//   dotnet run --project tests/PSSecurityFeeds.Emulator -- --port 5080 [--lifetime-minutes 60]
// It stops by itself after its lifetime so a forgotten emulator never lingers.
var port = 5080;
var lifetime = TimeSpan.FromMinutes(60);
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
    }
}

await using var server = await EmulatorServer.StartAsync(port);
Console.WriteLine($"PSSecurityFeeds emulator listening on {server.BaseUri} (stops after {lifetime.TotalMinutes:0} min; Ctrl+C stops it now)");
using var stop = new CancellationTokenSource(lifetime);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
