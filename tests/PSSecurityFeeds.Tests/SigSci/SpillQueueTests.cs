using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.SigSci;
using Xunit;

namespace PSSecurityFeeds.Tests.SigSci;

public sealed class SpillQueueTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "spill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Keeps_order_across_memory_and_disk_and_leaves_no_file()
    {
        var taken = new System.Collections.Generic.List<int>();
        using (var queue = new SpillQueue<int>(10, _folder, (w, i) => w.Write(i), r => r.ReadInt32()))
        {
            for (var i = 0; i < 1000; i++)
            {
                queue.Enqueue(i);
                if (i % 7 == 0)
                {
                    taken.Add((await queue.TakeAsync(CancellationToken.None)).Item);
                }
            }

            queue.Complete();
            Assert.True(queue.SpilledTotal > 800);
            Assert.Single(Directory.GetFiles(_folder));
            while (await queue.TakeAsync(CancellationToken.None) is (true, var item))
            {
                taken.Add(item);
            }
        }

        Assert.Equal(Enumerable.Range(0, 1000), taken);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_failure_comes_after_the_items_queued_before_it()
    {
        using var queue = new SpillQueue<int>(10, _folder, (w, i) => w.Write(i), r => r.ReadInt32());
        queue.Enqueue(1);
        queue.Complete(new InvalidOperationException("site failed"));

        Assert.Equal((true, 1), await queue.TakeAsync(CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.TakeAsync(CancellationToken.None));
    }
}
