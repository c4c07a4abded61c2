using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Benchmarks.Infrastructure;

/// <summary>
/// The highest working set of this process while a measured piece of work runs, sampled every 20 ms
/// (the process-wide peak also counts the set-up and earlier phases, so it cannot say what one phase needed).
/// </summary>
internal sealed class WorkingSetSampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<long> _sampling;

    private WorkingSetSampler()
    {
        _sampling = Task.Run(SampleAsync);
    }

    public static WorkingSetSampler Start() => new();

    /// <summary>Stops sampling and gives the highest working set seen, in bytes.</summary>
    public async Task<long> StopAsync()
    {
        _stop.Cancel();
        return await _sampling.ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task<long> SampleAsync()
    {
        using var process = Process.GetCurrentProcess();
        long peak = 0;
        while (!_stop.IsCancellationRequested)
        {
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
            try
            {
                await Task.Delay(20, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        process.Refresh();
        return Math.Max(peak, process.WorkingSet64);
    }
}
