using System;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

// Throughput and memory harness:
//   dotnet run -c Release --project tests/PSSecurityFeeds.Benchmarks -- <akamai|sigsci|sekoia> [options]
// Each vendor's benchmark is a class named <Vendor>Benchmark with a public static Task RunAsync(string[] args)
// that starts the emulator in-process, measures over loopback and prints its figures.
var benchmarks = Assembly.GetEntryAssembly()!.GetTypes()
    .Where(t => t.Name.EndsWith("Benchmark", StringComparison.Ordinal) && t.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static) is not null)
    .ToDictionary(t => t.Name[..^"Benchmark".Length].ToLowerInvariant(), t => t);

if (args.Length == 0 || !benchmarks.TryGetValue(args[0].ToLowerInvariant(), out var benchmark))
{
    Console.Error.WriteLine($"usage: PSSecurityFeeds.Benchmarks <{string.Join("|", benchmarks.Keys.Order())}> [options]");
    return 2;
}

var run = (Func<string[], Task>)benchmark.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate(typeof(Func<string[], Task>));
await run(args[1..]);
return 0;
