using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Tests.Infrastructure;

/// <summary>A consumer of a feed that may stop part-way, the two ways a PowerShell pipeline stops.</summary>
internal static class StoppingConsumer
{
    /// <summary>
    /// Takes every record, or stops after <paramref name="stopAfter"/>: saying it took the last one, as Select-Object
    /// -First does, or (<paramref name="confirmLast"/> false) as a pipeline stopped while the last one was being
    /// written, which never arrived and so is not returned.
    /// </summary>
    public static async Task<List<T>> TakeAsync<T>(IAsyncEnumerable<T> records, int? stopAfter, bool confirmLast, Action confirmTaken)
    {
        var taken = new List<T>();
        await foreach (var record in records)
        {
            taken.Add(record);
            if (taken.Count == stopAfter)
            {
                if (confirmLast)
                {
                    confirmTaken();
                }
                else
                {
                    taken.RemoveAt(taken.Count - 1);
                }

                break;
            }
        }

        return taken;
    }
}
