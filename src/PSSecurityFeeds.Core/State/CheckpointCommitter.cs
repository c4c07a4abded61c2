using System;
using System.Diagnostics;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.State
{
    /// <summary>
    /// Keeps one run's checkpoint and out file in step. Delivered lines go to the out file (if there is one)
    /// as they come; a commit writes them to disk first and only then the checkpoint, which records the file
    /// and its length. Commits come in batches (see <see cref="CommitPolicy"/>), before a switch to a new
    /// file, and when the run ends however it ends, so a short run always keeps what it delivered.
    /// </summary>
    internal sealed class CheckpointCommitter<T> : IDisposable where T : class, IOutFileCheckpoint
    {
        private readonly CheckpointFile<T> _checkpoint;
        private readonly Action<T> _write;
        private readonly OutFileSink? _sink;
        private readonly CommitPolicy _policy;
        private readonly Func<T> _snapshot;
        private readonly Stopwatch _sinceCommit = Stopwatch.StartNew();
        private int _events;
        private long _bytes;
        private bool _changed;

        private CheckpointCommitter(CheckpointFile<T> checkpoint, Action<T> write, OutFileSink? sink, CommitPolicy policy, Func<T> snapshot)
        {
            _checkpoint = checkpoint;
            _write = write;
            _sink = sink;
            _policy = policy;
            _snapshot = snapshot;
        }

        public CheckpointFile<T> Checkpoint => _checkpoint;

        /// <summary>Whether delivered lines go to a file: they are then delivered once written, whatever the pipeline does.</summary>
        public bool WritesFile => _sink is not null;

        /// <summary>
        /// Starts committing for a run whose earlier state is <paramref name="saved"/> (null for a new checkpoint):
        /// the out file the checkpoint names is cut back to its committed length, and the state this run starts
        /// from is committed at once, so that the checkpoint always names the file being written.
        /// </summary>
        /// <param name="snapshot">The state that matches exactly what has been delivered so far.</param>
        /// <param name="write">Where committed states go: the checkpoint file; a test watches the moment of each write.</param>
        public static CheckpointCommitter<T> Start(CheckpointFile<T> checkpoint, T? saved, OutFileOptions? outFile, CommitPolicy policy, Func<T> snapshot, OperationLog log, Func<DateTimeOffset>? clock = null, Action<T>? write = null)
        {
            OutFileSink? sink = null;
            if (outFile is not null)
            {
                sink = OutFileSink.Open(outFile, saved?.OutFile, log, clock);
            }
            else if (saved?.OutFile is { } earlier)
            {
                // A run without -OutFile after one with it: the lines after that run's last commit are delivered again now.
                OutFileSink.Open(new OutFileOptions { Path = earlier.Path }, earlier, log, clock).Dispose();
            }

            var committer = new CheckpointCommitter<T>(checkpoint, write ?? checkpoint.Write, sink, policy, snapshot);
            committer.Commit();
            return committer;
        }

        /// <summary>Appends a delivered line to the out file, first committing and switching files when rotation is due.</summary>
        public void Append(ReadOnlySpan<byte> line)
        {
            if (_sink!.RotationDue(line.Length))
            {
                Commit();
                _sink.Rotate(line.Length);
                Commit();
            }

            _sink.Append(line);
        }

        /// <summary>Counts one delivered event (already in the snapshot) and commits when the policy says so.</summary>
        public void Delivered(int bytes)
        {
            _events++;
            _bytes += bytes;
            Changed();
        }

        /// <summary>Notes a change of the state without an event (a window done); committed with the next batch.</summary>
        public void Changed()
        {
            _changed = true;
            if (_events >= _policy.MaxEvents || _bytes >= _policy.MaxBytes || _sinceCommit.Elapsed >= _policy.MaxDelay)
            {
                Commit();
            }
        }

        /// <summary>Out file to disk, then the checkpoint: a checkpoint never names a line that is not on disk.</summary>
        public void Commit()
        {
            var state = _snapshot();
            state.OutFile = _sink?.Flush();
            _write(state);
            _events = 0;
            _bytes = 0;
            _changed = false;
            _sinceCommit.Restart();
        }

        /// <summary>Commits what was delivered since the last commit; for the end of a run, however it ends.</summary>
        public void CommitPending()
        {
            if (_changed)
            {
                Commit();
            }
        }

        public void Dispose()
        {
            _sink?.Dispose();
            _checkpoint.Dispose();
        }
    }
}
