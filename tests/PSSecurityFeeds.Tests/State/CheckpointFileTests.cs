using System;
using System.IO;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.State;
using Xunit;

namespace PSSecurityFeeds.Tests.State;

public sealed class CheckpointFileTests : IDisposable
{
    public sealed class Position
    {
        public string Offset { get; set; } = string.Empty;

        public int[] ConfigIds { get; set; } = Array.Empty<int>();
    }

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pssf-checkpoint-" + Guid.NewGuid().ToString("N"));

    private string PathOf(string name) => Path.Combine(_folder, name);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void A_missing_checkpoint_reads_as_null_and_a_written_one_reads_back()
    {
        var path = PathOf("nested/akamai.json");
        using (var checkpoint = CheckpointFile<Position>.Open(path))
        {
            Assert.Null(checkpoint.Read());
            checkpoint.Write(new Position { Offset = "abc", ConfigIds = new[] { 1, 2 } });
            checkpoint.Write(new Position { Offset = "def", ConfigIds = new[] { 1, 2 } });
        }

        using var reopened = CheckpointFile<Position>.Open(path);
        var state = reopened.Read()!;
        Assert.Equal("def", state.Offset);
        Assert.Equal(new[] { 1, 2 }, state.ConfigIds);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void A_second_run_on_the_same_checkpoint_is_refused_until_the_first_ends()
    {
        var path = PathOf("shared.json");
        using (CheckpointFile<Position>.Open(path))
        {
            var error = Assert.Throws<FeedException>(() => CheckpointFile<Position>.Open(path));
            Assert.Equal("CheckpointLocked", error.ErrorId);
            Assert.Equal(FeedErrorCategory.ResourceBusy, error.Category);
            Assert.Contains(Path.GetFullPath(path), error.Message);
        }

        using var afterwards = CheckpointFile<Position>.Open(path);
        Assert.Null(afterwards.Read());
    }

    [Fact]
    public void A_corrupt_checkpoint_is_reported_with_its_path_and_what_to_do()
    {
        var path = PathOf("corrupt.json");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(path, "{ \"Offset\": ");

        using var checkpoint = CheckpointFile<Position>.Open(path);
        var error = Assert.Throws<FeedException>(() => checkpoint.Read());

        Assert.Equal("CheckpointCorrupt", error.ErrorId);
        Assert.Contains(path, error.Message);
        Assert.Contains("delete", error.Message);
    }

    [Fact]
    public void A_write_replaces_the_file_whole()
    {
        var path = PathOf("atomic.json");
        using var checkpoint = CheckpointFile<Position>.Open(path);
        checkpoint.Write(new Position { Offset = new string('x', 10_000) });

        // A reader that opened the old file keeps reading the old content: the write made a new file.
        using var oldReader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        checkpoint.Write(new Position { Offset = "short" });

        Assert.True(oldReader.Length > 10_000);
        Assert.Equal("short", checkpoint.Read()!.Offset);
    }
}
