using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using PSSecurityFeeds.Benchmarks.Infrastructure;

namespace PSSecurityFeeds.Benchmarks.Cmdlets;

/// <summary>
/// The module as users run it: each data cmdlet in a fresh pwsh (the repository's local tool) that imports the built
/// module (out/PSSecurityFeeds, from `dotnet pwsh ./build.ps1 Build`), piped to Measure-Object (or, for Akamai and
/// Signal Sciences with -OutFile, writing a file and checkpoint as a scheduled job does), against the emulator
/// in its own process with gzip on, beside a bare pass over the same bytes in the same round. Prints events/s, the
/// ratio, CPU-seconds per 100k events, bytes allocated per event and the peak working set the run added to the idle
/// pwsh, then a table of the issue's targets (median of the rounds; the machine may be shared, so ratios, never
/// absolute figures, are compared).
///   dotnet run -c Release --project tests/PSSecurityFeeds.Benchmarks -- cmdlets [--vendors akamai,sigsci,sekoia,export]
///       [--rounds 3] [--warm-runs 2] [--akamai-events 200000,600000] [--sigsci-pages 300] [--sekoia-events 300000] [--export-mb 100]
///       [--module path/to/PSSecurityFeeds.psd1]   (another build, to compare)
///       [--pwsh-env NAME=VALUE[,NAME=VALUE]]   (environment of each pwsh: a runtime setting, such as DOTNET_TieredPGO=0)
/// </summary>
public static class CmdletsBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var vendors = (Option(args, "--vendors") ?? "akamai,sigsci,sekoia,export").Split(',');
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var warmRuns = int.Parse(Option(args, "--warm-runs") ?? "2", CultureInfo.InvariantCulture);
        var akamaiSizes = (Option(args, "--akamai-events") ?? "200000,600000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        // Hundreds of thousands of events per run: a run of 100k is over in about a second, before the JIT has
        // finished compiling PowerShell's pipeline, so it measured mostly the warm-up (SigSci typed warm 0.45 at 100
        // pages, 0.65-0.77 at 300).
        var sigSciPages = int.Parse(Option(args, "--sigsci-pages") ?? "300", CultureInfo.InvariantCulture);
        var sekoiaEvents = int.Parse(Option(args, "--sekoia-events") ?? "300000", CultureInfo.InvariantCulture);
        var exportMegabytes = int.Parse(Option(args, "--export-mb") ?? "100", CultureInfo.InvariantCulture);

        var repository = FindRepository();
        var module = Path.GetFullPath(Option(args, "--module") ?? Path.Combine(repository, "out", "PSSecurityFeeds", "PSSecurityFeeds.psd1"));
        if (!File.Exists(module))
        {
            throw new InvalidOperationException($"No built module at {module}: run `dotnet pwsh ./build.ps1 Build` first.");
        }

        var environment = (Option(args, "--pwsh-env") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(setting => setting.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length == 2 ? pair[1] : throw new ArgumentException($"--pwsh-env wants NAME=VALUE, not '{pair[0]}'."));

        using var emulator = await StandaloneEmulator.StartAsync();
        using var api = new HttpClient();
        var pwsh = new PwshMeasurement(repository, module, environment);
        var scores = new Scoreboard();
        var akamai = new AkamaiCmdletCases(emulator, pwsh, scores);
        var sigSci = new SigSciCmdletCases(emulator, pwsh, scores);
        var sekoia = new SekoiaCmdletCases(emulator, pwsh, scores, api);
        var folder = Directory.CreateTempSubdirectory("pssecurityfeeds-bench-").FullName;

        Console.WriteLine($"Cmdlets in pwsh (module {module}{string.Concat(environment.Select(setting => $", {setting.Key}={setting.Value}"))}), emulator in its own process on {emulator.BaseUri}, gzip on; {Environment.ProcessorCount} CPUs, .NET {Environment.Version}, load {Scoreboard.LoadAverage():0.0}; {rounds} rounds, each pwsh process: 1 fresh run + {warmRuns} warm");
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                if (vendors.Contains("akamai"))
                {
                    foreach (var events in akamaiSizes)
                    {
                        // Throughput is scored at the largest size; every size counts for the memory bound.
                        await akamai.RunAsync(round, events, warmRuns, scoreThroughput: events == akamaiSizes.Max());
                    }
                }

                if (vendors.Contains("sigsci"))
                {
                    await sigSci.RunAsync(round, sigSciPages, warmRuns);
                }

                if (vendors.Contains("sekoia"))
                {
                    await sekoia.RunPagingAsync(round, sekoiaEvents, warmRuns);
                }

                if (vendors.Contains("export"))
                {
                    await sekoia.RunExportAsync(round, exportMegabytes, warmRuns, folder);
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        scores.Print(Console.Out);
    }

    /// <summary>The repository root (where PSSecurityFeeds.sln is): the local pwsh tool and the built module are found from it.</summary>
    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PSSecurityFeeds.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The benchmark runs from the repository (dotnet run --project tests/PSSecurityFeeds.Benchmarks).");
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        var index = args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }
}
