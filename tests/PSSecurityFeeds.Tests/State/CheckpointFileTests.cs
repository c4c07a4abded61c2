using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.State;
using Xunit;

namespace PSSecurityFeeds.Tests.State;

public sealed class CheckpointFileTests : IDisposable
{
    private const string Advice = "Deleting it costs this; restart from a known time like that.";

    public sealed class Position
    {
        public string Offset { get; set; } = string.Empty;

        public int[] ConfigIds { get; set; } = Array.Empty<int>();
    }

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pssf-checkpoint-" + Guid.NewGuid().ToString("N"));

    public CheckpointFileTests() => Directory.CreateDirectory(_folder);

    private string PathOf(string name) => Path.Combine(_folder, name);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static CheckpointFile<Position> Open(string path) => CheckpointFile<Position>.Open(path, Advice);

    [Fact]
    public void A_new_checkpoint_reads_as_null_and_a_written_one_reads_back()
    {
        var path = PathOf("nested/akamai.json");
        using (var checkpoint = Open(path))
        {
            Assert.Null(checkpoint.Read());
            checkpoint.Write(new Position { Offset = "abc", ConfigIds = new[] { 1, 2 } });
            checkpoint.Write(new Position { Offset = "def", ConfigIds = new[] { 1, 2 } });
        }

        using var reopened = Open(path);
        var state = reopened.Read()!;
        Assert.Equal("def", state.Offset);
        Assert.Equal(new[] { 1, 2 }, state.ConfigIds);
        Assert.Equal(new[] { path }, Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_second_run_on_the_same_checkpoint_is_refused_until_the_first_ends()
    {
        var path = PathOf("shared.json");
        using (var first = Open(path))
        {
            first.Write(new Position { Offset = "held" });
            var error = Assert.Throws<FeedException>(() => Open(path));
            Assert.Equal("CheckpointLocked", error.ErrorId);
            Assert.Equal(FeedErrorCategory.ResourceBusy, error.Category);
            Assert.Contains(Path.GetFullPath(path), error.Message);
        }

        using var afterwards = Open(path);
        Assert.Equal("held", afterwards.Read()!.Offset);
    }

    [Theory]
    [InlineData("{ \"Offset\": ", "it is not a checkpoint")]
    [InlineData("", "it is empty (0 bytes)")]
    [InlineData(" null", "it is not a checkpoint")]
    public void A_damaged_checkpoint_is_refused_with_its_path_and_what_deleting_it_costs(string content, string problem)
    {
        var path = PathOf("damaged.json");
        File.WriteAllText(path, content);

        using var checkpoint = Open(path);
        var error = Assert.Throws<FeedException>(() => checkpoint.Read());

        Assert.Equal("CheckpointCorrupt", error.ErrorId);
        Assert.Equal(FeedErrorCategory.InvalidData, error.Category);
        Assert.Contains(path, error.Message);
        Assert.Contains(problem, error.Message);
        Assert.EndsWith(Advice, error.Message);
    }

    [Fact]
    public void A_checkpoint_created_by_a_run_killed_before_its_first_commit_reads_as_new()
    {
        var path = PathOf("new.json");
        Open(path).Dispose(); // as a run killed before its first commit leaves it

        Assert.Equal("null", File.ReadAllText(path)); // born whole, never empty
        using var checkpoint = Open(path);
        Assert.Null(checkpoint.Read());
    }

    [Fact]
    public void A_checkpoint_larger_than_any_checkpoint_is_refused_without_being_read()
    {
        var path = PathOf("huge.json");
        using (var file = File.Create(path))
        {
            file.SetLength(CheckpointFile<Position>.MaxBytes + 1);
        }

        using var checkpoint = Open(path);
        var error = Assert.Throws<FeedException>(() => checkpoint.Read());

        Assert.Equal("CheckpointCorrupt", error.ErrorId);
        Assert.Contains("more than the", error.Message);
    }

    [Fact]
    public void Reading_stops_when_cancelled()
    {
        var path = PathOf("cancelled.json");
        File.WriteAllText(path, "{\"Offset\":\"x\"}");
        using var checkpoint = Open(path);

        Assert.ThrowsAny<OperationCanceledException>(() => checkpoint.Read(new CancellationToken(canceled: true)));
    }

    [Fact]
    public void A_whole_journal_left_by_a_run_killed_while_writing_is_the_state_and_is_applied()
    {
        var path = PathOf("journal.json");
        File.WriteAllText(path, "{\"Offset\":\"old\",\"Conf"); // killed half-way through the in-place write
        File.WriteAllText(path + ".next", JsonSerializer.Serialize(new Position { Offset = "new" }));

        using var checkpoint = Open(path);

        Assert.Equal("new", checkpoint.Read()!.Offset);
        Assert.False(File.Exists(path + ".next"));
    }

    [Fact]
    public void A_journal_cut_short_is_dropped_and_the_checkpoint_stands()
    {
        var path = PathOf("cut-journal.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Position { Offset = "old" }));
        File.WriteAllText(path + ".next", "{\"Offset\":\"ne"); // killed while writing the journal

        using var checkpoint = Open(path);

        Assert.Equal("old", checkpoint.Read()!.Offset);
        Assert.False(File.Exists(path + ".next"));
    }

    [Fact]
    public void Temporary_files_of_earlier_versions_are_removed_and_nothing_else()
    {
        var path = PathOf("tmp.json");
        var stray = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var unrelated = path + ".backup.tmp";
        File.WriteAllText(stray, "{");
        File.WriteAllText(unrelated, "keep");

        using var checkpoint = Open(path);

        Assert.False(File.Exists(stray));
        Assert.True(File.Exists(unrelated));
    }

    [Fact]
    public void A_write_changes_the_file_in_place_so_the_lock_stays_on_it()
    {
        var path = PathOf("in-place.json");
        using var checkpoint = Open(path);
        checkpoint.Write(new Position { Offset = new string('x', 10_000) });
        checkpoint.Write(new Position { Offset = "short" });

        Assert.Equal("CheckpointLocked", Assert.Throws<FeedException>(() => Open(path)).ErrorId);
        Assert.Equal("short", checkpoint.Read()!.Offset);
    }

    [Fact]
    public void A_run_whose_checkpoint_was_deleted_or_replaced_stops_at_its_next_write()
    {
        var path = PathOf("deleted.json");
        using var checkpoint = Open(path);
        checkpoint.Write(new Position { Offset = "a" });
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            // Windows does not let anyone delete a file held open without FileShare.Delete: the lock cannot be lost.
            Assert.ThrowsAny<IOException>(() => File.Delete(path));
            return;
        }

        File.Delete(path);
        File.WriteAllText(path, JsonSerializer.Serialize(new Position { Offset = "someone else" }));

        var error = Assert.Throws<FeedException>(() => checkpoint.Write(new Position { Offset = "b" }));
        Assert.Equal("CheckpointLockLost", error.ErrorId);
        Assert.Contains("someone else", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_pipe_in_place_of_the_checkpoint_is_refused_at_once_instead_of_waiting_for_a_writer()
    {
        var path = PathOf("fifo.json");
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return; // Windows has no named pipes in the file system: nothing to hang on
        }

        Assert.Equal(0, MakeFifo(path, Convert.ToUInt32("644", 8)));
        var opening = Task.Run(() => Open(path));
        var finished = await Task.WhenAny(opening, Task.Delay(TimeSpan.FromSeconds(20)));

        Assert.Same(opening, finished);
        var error = await Assert.ThrowsAsync<FeedException>(() => opening);
        Assert.Equal("CheckpointCorrupt", error.ErrorId);
        Assert.Contains("not a regular file", error.Message);
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(string path, uint mode);
}
