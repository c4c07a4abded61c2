using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Diagnostics;
using Xunit;

namespace PSSecurityFeeds.Tests.Hostile;

/// <summary>Reading an .edgerc never hangs and never reads without bound: a pipe, a huge file, a folder, Ctrl+C.</summary>
public sealed class EdgeRcReadingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "psf-edgerc-hostile-" + Guid.NewGuid().ToString("N"));

    public EdgeRcReadingTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_fifo_nobody_writes_is_refused_at_once_instead_of_waiting()
    {
        var fifo = Path.Combine(_folder, "fifo.edgerc");
        MakeFifo(fifo);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FeedException>(() => EdgeRcFile.ReadAsync(fifo, "default", CancellationToken.None));

        Assert.Equal("EdgeRcNotAFile", error.ErrorId);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Empty(EdgeRcFile.SectionsOf(fifo)); // tab completion neither
    }

    [Fact]
    public async Task A_file_past_the_size_limit_is_refused_unread()
    {
        var huge = Path.Combine(_folder, "huge.edgerc");
        using (var file = File.Create(huge))
        {
            file.SetLength(EdgeRcFile.MaxFileBytes + 1);
        }

        var error = await Assert.ThrowsAsync<FeedException>(() => EdgeRcFile.ReadAsync(huge, "default", CancellationToken.None));

        Assert.Equal("EdgeRcTooLarge", error.ErrorId);
    }

    [Fact]
    public async Task A_folder_is_named_as_a_folder()
    {
        var error = await Assert.ThrowsAsync<FeedException>(() => EdgeRcFile.ReadAsync(_folder, "default", CancellationToken.None));

        Assert.Equal("EdgeRcNotAFile", error.ErrorId);
        Assert.Contains("folder", error.Message);
    }

    [Fact]
    public async Task The_read_honours_cancellation()
    {
        var path = Path.Combine(_folder, ".edgerc");
        File.WriteAllLines(path, new[] { "[default]", "host=h.example", "client_token=ct", "client_secret=cs", "access_token=at" });
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EdgeRcFile.ReadAsync(path, "default", cancel.Token));
    }

    private static void MakeFifo(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("FIFOs are a Unix file type; on Windows a pipe has no file system path to give.");
        }

        Assert.Equal(0, mkfifo(path, Convert.ToInt32("600", 8)));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(string path, int mode);
}
