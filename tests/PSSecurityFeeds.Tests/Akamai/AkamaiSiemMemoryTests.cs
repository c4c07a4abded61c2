using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.State;
using PSSecurityFeeds.Emulator.Akamai;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Tests.Akamai;

/// <summary>
/// The live heap stays flat while a large feed streams through. Alone in its collection, so the other
/// tests' allocations (they run in parallel in the same process) do not show up in the measurement.
/// </summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class AkamaiSiemMemoryTests : IClassFixture<EmulatorFixture>
{
    private static readonly int[] Config = { 14227 };
    private readonly EmulatorFixture _emulator;
    private readonly AkamaiSiemState _state;

    public AkamaiSiemMemoryTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _emulator.Reset();
        _state = emulator.State();
        _state.Reset();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Memory_stays_flat_while_200000_generated_events_stream_through(bool raw)
    {
        _state.EventCount = 200_000;
        using var session = AkamaiTestKit.Session(_emulator);
        var samples = new List<long>();
        var count = 0L;
        var rules = 0L;
        await foreach (var record in session.CreateClient().ReadAsync(new AkamaiSiemQuery { ConfigIds = Config, Limit = 600000, Raw = raw }, session.CreateLog(), default))
        {
            rules += raw ? (record.RawLine!.Contains("\"rules\"", StringComparison.Ordinal) ? 1 : 0) : record.Event!.Rules.Count;
            if (++count % 40_000 == 0)
            {
                samples.Add(GC.GetTotalMemory(forceFullCollection: true));
            }
        }

        Assert.Equal(200_000, count);
        Assert.True(rules >= count, "every event has at least one rule");
        Assert.Equal(5, samples.Count);
        Assert.All(samples, bytes => Assert.True(bytes < 48L * 1024 * 1024, $"live heap {bytes / 1024 / 1024} MB"));
        Assert.True(samples[^1] - samples[0] < 4L * 1024 * 1024, $"live heap grew from {samples[0] / 1024 / 1024} MB to {samples[^1] / 1024 / 1024} MB");
    }
}
