using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.State;
using Xunit;

namespace PSSecurityFeeds.Tests.State;

/// <summary>The out file and its commits, without a feed: lines in, a crash simulated by dropping the committer uncommitted.</summary>
public sealed class OutFileSinkTests : IDisposable
{
    public sealed class State : IOutFileCheckpoint
    {
        public int Delivered { get; set; }

        public OutFilePosition? OutFile { get; set; }
    }

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pssf-outfile-" + Guid.NewGuid().ToString("N"));
    private readonly OperationLog _log = new(new SecretRedactor());
    private DateTimeOffset _now = new(2025, 6, 1, 23, 59, 0, TimeSpan.Zero);

    public OutFileSinkTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Checkpoint => Path.Combine(_folder, "state.json");

    private string OutFile => Path.Combine(_folder, "feed.ndjson");

    private static string Line(int n) => $"{{\"n\":{n},\"pad\":\"{new string('x', 40)}\"}}";

    /// <summary>One run: delivers lines from where the checkpoint stands, committing every <paramref name="commitEvery"/>; stops after <paramref name="stopAfter"/> without a final commit, as a killed run does.</summary>
    private void Run(int total, int? stopAfter = null, int commitEvery = 10, OutFileOptions? options = null, int? midnightAfter = null)
    {
        using var checkpoint = CheckpointFile<State>.Open(Checkpoint, "advice");
        var state = checkpoint.Read() ?? new State();
        var delivered = state.Delivered;
        using var committer = CheckpointCommitter<State>.Start(checkpoint, state, options ?? new OutFileOptions { Path = OutFile }, new CommitPolicy { MaxEvents = commitEvery }, () => new State { Delivered = delivered }, _log, () => _now);
        for (var n = delivered; n < total; n++)
        {
            if (n - state.Delivered == stopAfter)
            {
                return; // killed: no commit; what was appended stays in the file (the OS has it), uncommitted
            }

            if (n - state.Delivered == midnightAfter)
            {
                _now = new DateTimeOffset(_now.UtcDateTime.Date.AddDays(1).AddSeconds(1), TimeSpan.Zero);
            }

            committer.Append(Encoding.UTF8.GetBytes(Line(n)));
            delivered++;
            committer.Delivered(Line(n).Length);
        }

        committer.CommitPending();
    }

    private static List<string> LinesOf(params string[] files) => files.SelectMany(f => File.ReadAllText(f).Split('\n')).Where(l => l.Length > 0).ToList();

    [Fact]
    public void Lines_are_utf8_without_a_bom_each_ending_in_a_newline_and_the_checkpoint_records_the_committed_length()
    {
        Run(25);

        var bytes = File.ReadAllBytes(OutFile);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Equal(Enumerable.Range(0, 25).Select(Line), LinesOf(OutFile));
        using var checkpoint = CheckpointFile<State>.Open(Checkpoint, "advice");
        var saved = checkpoint.Read()!;
        Assert.Equal(25, saved.Delivered);
        Assert.Equal(OutFile, saved.OutFile!.Path);
        Assert.Equal(bytes.Length, saved.OutFile.Length);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(17)]
    public void A_run_killed_after_writing_past_its_last_commit_is_cut_back_and_nothing_is_lost_or_written_twice(int killedAfter)
    {
        Run(100, stopAfter: killedAfter);
        File.AppendAllText(OutFile, "{\"half\":"); // and a half line, as a kill in the middle of a write leaves
        Run(100);

        Assert.Equal(Enumerable.Range(0, 100).Select(Line), LinesOf(OutFile));
    }

    [Fact]
    public void When_a_checkpoint_is_written_the_file_on_disk_already_holds_every_byte_it_commits()
    {
        // What is on disk (stat, not the writer's buffer) is what a kill right after the checkpoint write leaves.
        var delivered = 0;
        var commits = 0;
        using var checkpoint = CheckpointFile<State>.Open(Checkpoint, "advice");
        void Write(State state)
        {
            var onDisk = new FileInfo(state.OutFile!.Path).Length;
            Assert.True(onDisk >= state.OutFile.Length, $"the checkpoint commits {state.OutFile.Length} bytes of {state.OutFile.Path}, the disk holds {onDisk}");
            checkpoint.Write(state);
            commits++;
        }

        using (var committer = CheckpointCommitter<State>.Start(checkpoint, null, new OutFileOptions { Path = OutFile, MaxFileSize = 4096 }, new CommitPolicy { MaxEvents = 7 }, () => new State { Delivered = delivered }, _log, write: Write))
        {
            for (var n = 0; n < 300; n++)
            {
                committer.Append(Encoding.UTF8.GetBytes(Line(n)));
                delivered++;
                committer.Delivered(Line(n).Length);
            }
        }

        Assert.True(commits > 40, $"only {commits} commits");
    }

    [Fact]
    public void A_line_break_inside_a_value_is_written_as_a_space_so_one_event_stays_one_line()
    {
        using (var checkpoint = CheckpointFile<State>.Open(Checkpoint, "advice"))
        using (var committer = CheckpointCommitter<State>.Start(checkpoint, null, new OutFileOptions { Path = OutFile }, CommitPolicy.Default, () => new State(), _log))
        {
            committer.Append(Encoding.UTF8.GetBytes("{\"a\":\r\n 1}"));
            committer.Commit();
        }

        Assert.Equal("{\"a\":   1}\n", File.ReadAllText(OutFile));
    }

    [Fact]
    public void Daily_rotation_switches_files_at_midnight_utc_and_a_crash_right_after_the_switch_loses_and_repeats_nothing()
    {
        var daily = new OutFileOptions { Path = OutFile, RotateDaily = true };
        Run(60, stopAfter: 5, options: daily);
        Run(60, stopAfter: 13, options: daily, midnightAfter: 10); // 2025-06-02 after 10 lines: 3 lines into the new day, killed
        Run(60, options: daily);

        var first = Path.Combine(_folder, "feed-20250601.ndjson");
        var second = Path.Combine(_folder, "feed-20250602.ndjson");
        Assert.Equal(new[] { first, second }, Directory.GetFiles(_folder, "feed-*").OrderBy(f => f));
        Assert.Equal(Enumerable.Range(0, 60).Select(Line), LinesOf(first, second));
        Assert.Equal(10, LinesOf(first).Count);
    }

    [Fact]
    public void Size_rotation_starts_numbered_files_and_keeps_every_line_once_across_kills()
    {
        var sized = new OutFileOptions { Path = OutFile, MaxFileSize = 1024 };
        var random = new Random(7);
        for (var run = 0; run < 12; run++)
        {
            Run(200, stopAfter: random.Next(1, 40), commitEvery: 7, options: sized);
        }

        Run(200, options: sized);

        var files = Directory.GetFiles(_folder, "feed*.ndjson");
        var inOrder = Enumerable.Range(0, files.Length).Select(i => Path.Combine(_folder, i == 0 ? "feed.ndjson" : $"feed.{i}.ndjson")).ToArray();
        Assert.Equal(inOrder.OrderBy(f => f, StringComparer.Ordinal), files.OrderBy(f => f, StringComparer.Ordinal));
        Assert.True(files.Length > 5, $"only {files.Length} files");
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, 1024));
        Assert.Equal(Enumerable.Range(0, 200).Select(Line), LinesOf(inOrder));
    }

    [Fact]
    public void A_committed_file_that_someone_shortened_is_reported_and_writing_goes_on()
    {
        Run(20);
        using (var file = new FileStream(OutFile, FileMode.Open))
        {
            file.SetLength(10);
        }

        Run(25);

        Assert.Contains(Drain(), e => e.Level == LogLevel.Warning && e.Message.Contains("shorter than the"));
        Assert.EndsWith(string.Concat(Enumerable.Range(20, 5).Select(n => Line(n) + "\n")), File.ReadAllText(OutFile));
    }

    private List<LogEntry> Drain()
    {
        var entries = new List<LogEntry>();
        while (_log.TryTake(out var entry))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
