using Xunit;

namespace PSSecurityFeeds.Tests.Infrastructure;

/// <summary>
/// Tests that measure the process's memory run in this collection, which xunit runs on its own after the
/// parallel ones: other tests' allocations would otherwise count against their bounds.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurement";
}
