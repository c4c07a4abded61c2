using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Benchmarks.Cmdlets;

/// <summary>
/// Starts a fresh pwsh (the repository's local tool, `dotnet pwsh`) that imports the built module and runs one
/// cmdlet several times through Measure-FeedCmdlet.ps1; the first run is the fresh-process one.
/// </summary>
internal sealed class PwshMeasurement
{
    private readonly string _repository;
    private readonly string _modulePath;
    private readonly string _script;
    private readonly IReadOnlyDictionary<string, string> _environment;

    /// <param name="environment">Variables set for each pwsh, such as a runtime setting a scheduled task could use (DOTNET_TieredPGO=0).</param>
    public PwshMeasurement(string repository, string modulePath, IReadOnlyDictionary<string, string> environment)
    {
        _repository = repository;
        _modulePath = modulePath;
        _environment = environment;
        _script = Path.Combine(AppContext.BaseDirectory, "Cmdlets", "Measure-FeedCmdlet.ps1");
    }

    /// <param name="arguments">The script's case parameters, such as -Case Akamai -Limit 600000.</param>
    public async Task<IReadOnlyList<CmdletRun>> RunAsync(Uri baseUri, int runs, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _repository,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", _script, "-ModulePath", _modulePath, "-BaseUri", baseUri.ToString().TrimEnd('/'), "-Runs", runs.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pwsh did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        var results = new List<CmdletRun>();
        var output = new List<string>();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                results.Add(JsonSerializer.Deserialize<CmdletRun>(line["RESULT ".Length..], new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);
            }
            else
            {
                output.Add(line);
            }
        }

        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || results.Count != runs)
        {
            throw new InvalidOperationException($"pwsh {string.Join(' ', arguments)} exited with {process.ExitCode} after {results.Count} of {runs} runs:{Environment.NewLine}{string.Join(Environment.NewLine, output)}{Environment.NewLine}{await errors}");
        }

        return results;
    }
}

/// <summary>One run of a cmdlet as Measure-FeedCmdlet.ps1 reports it, all measured inside the pwsh process.</summary>
internal sealed record CmdletRun(
    int Run,
    long Events,
    double Seconds,
    long EndedAtUnixMs,
    double CpuSeconds,
    long AllocatedBytes,
    long IdleWorkingSet,
    long PeakWorkingSet,
    bool PeakIsLifetime,
    int Gen0,
    int Gen1,
    int Gen2)
{
    public double EventsPerSecond => Events / Seconds;

    public double CpuSecondsPer100k => CpuSeconds / Events * 100_000;

    public double BytesPerEvent => AllocatedBytes / (double)Events;

    /// <summary>The peak working set above the idle pwsh with the module imported, in MB.</summary>
    public double AddedMegabytes => (PeakWorkingSet - IdleWorkingSet) / 1048576.0;

    public string Describe() => string.Format(
        CultureInfo.InvariantCulture,
        "{0,9:N0} events/s  {1,5:0.00} CPU-s/100k  {2,6:N0} B/event  peak +{3,3:0} MB over idle {4:0} MB{5}  GC {6}/{7}/{8}",
        EventsPerSecond, CpuSecondsPer100k, BytesPerEvent, AddedMegabytes, IdleWorkingSet / 1048576.0, PeakIsLifetime ? " (lifetime peak)" : string.Empty, Gen0, Gen1, Gen2);
}
