using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Http;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// The base of every cmdlet that calls Core: Ctrl+C (StopProcessing) cancels the Core operation, Core's
    /// tasks are awaited on the pipeline thread, and Core's log lines and progress are written between waits,
    /// because WriteVerbose/WriteProgress may only be called from the pipeline thread.
    /// </summary>
    public abstract class CancellableCmdlet : PSCmdlet, IDisposable
    {
        // How often the pipeline thread wakes while Core works, to write its log lines and progress.
        private static readonly TimeSpan PumpInterval = TimeSpan.FromMilliseconds(100);

        // How often progress is written between items of a stream that never has to wait: a few records a second.
        private static readonly long ItemProgressTicks = Stopwatch.Frequency / 2;

        private readonly Stopwatch _sinceUpdate = Stopwatch.StartNew();

        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

        // Set by the stream's next item when it was not ready at once: one signal and one callback serve every wait of
        // the command, where a task and its wait handle per wait cost an allocation and a kernel object each.
        private readonly ManualResetEventSlim _itemReady = new ManualResetEventSlim(false);
        private readonly Action _signalItemReady;
        private OperationLog? _log;

        protected CancellableCmdlet() => _signalItemReady = _itemReady.Set;

        protected CancellationToken CancelToken => _cancel.Token;

        /// <summary>The log Core writes to; drained as verbose output and warnings.</summary>
        protected OperationLog Log
        {
            get => _log ?? throw new InvalidOperationException("The operation log is set in BeginProcessing.");
            set => _log = value;
        }

        public void Dispose()
        {
            _cancel.Dispose();
            _itemReady.Dispose();
            GC.SuppressFinalize(this);
        }

        protected override void StopProcessing() => _cancel.Cancel();

        /// <summary>Blocks the pipeline thread until the task ends, writing log lines and progress meanwhile.</summary>
        protected T Await<T>(Task<T> task)
        {
            Pump(task);
            return Unwrap(() => task.GetAwaiter().GetResult());
        }

        protected void Await(Task task)
        {
            Pump(task);
            Unwrap(() =>
            {
                task.GetAwaiter().GetResult();
                return true;
            });
        }

        /// <summary>Enumerates a Core stream on the pipeline thread.</summary>
        protected IEnumerable<T> Stream<T>(IAsyncEnumerable<T> source)
        {
            var items = source.GetAsyncEnumerator(CancelToken);
            var next = default(ValueTask<bool>);
            var waiting = false;
            try
            {
                while (true)
                {
                    next = items.MoveNextAsync();
                    if (!next.IsCompleted)
                    {
                        waiting = true;
                        WaitForItem(next);
                        waiting = false;
                    }

                    var hasItem = next.IsCompletedSuccessfully ? next.Result : Failed(next);
                    if (!hasItem)
                    {
                        break;
                    }

                    yield return items.Current;
                    if (_sinceUpdate.ElapsedTicks >= ItemProgressTicks)
                    {
                        Update();
                    }
                }
            }
            finally
            {
                // The stream commits what was delivered when it ends, so it must end before the command does, even when
                // a stopped pipeline (or -WarningAction Stop) cut a wait short because writing progress or a log line
                // failed: cancel Core, let the step still in flight finish, then dispose the stream and wait for that too.
                if (waiting)
                {
                    _cancel.Cancel();
                    _itemReady.Wait();
                    ObserveQuietly(next);
                }

                var disposing = items.DisposeAsync().AsTask();
                try
                {
                    Await(disposing);
                }
                finally
                {
                    WaitQuietly(disposing);
                }

                WriteLog();
            }
        }

        /// <summary>
        /// Called on the pipeline thread every 100 ms while waiting for Core, and every 500 ms between the items of
        /// a stream that runs without waiting: the place to write progress.
        /// </summary>
        protected virtual void OnWaiting()
        {
        }

        /// <summary>Writes what Core logged so far.</summary>
        protected void WriteLog()
        {
            if (_log is null)
            {
                return;
            }

            while (_log.TryTake(out var entry))
            {
                if (entry.Level == LogLevel.Warning)
                {
                    WriteWarning(entry.Message);
                }
                else
                {
                    WriteVerbose(entry.Message);
                }
            }
        }

        /// <summary>Stops the command with a terminating error built from a Core error.</summary>
        protected void ThrowTerminating(FeedException error) => ThrowTerminatingError(ErrorRecords.From(error));

        /// <summary>Runs synchronous Core code (a check of the parameters, building a request) with the same error translation as <see cref="Await{T}"/>.</summary>
        protected T Call<T>(Func<T> core) => Unwrap(core);

        /// <summary>Blocks until the stream's next item is ready, writing log lines and progress meanwhile.</summary>
        private void WaitForItem(ValueTask<bool> next)
        {
            _itemReady.Reset();
            next.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_signalItemReady);
            while (!_itemReady.Wait(PumpInterval))
            {
                Update();
            }

            WriteLog();
        }

        /// <summary>Raises a stream's failure as the command's error (kept apart so the loop's locals are not captured).</summary>
        private bool Failed(ValueTask<bool> next) => Unwrap(() => next.GetAwaiter().GetResult());

        /// <summary>Takes the result of a step that finished after its wait was cut short: the error that stopped the command is the one reported.</summary>
        private static void ObserveQuietly(ValueTask<bool> next)
        {
            try
            {
                next.GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // observed, and left for the error already on its way
            }
        }

        private static void WaitQuietly(Task? task)
        {
            if (task is not null)
            {
                ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
                _ = task.Exception; // observed: the error that stopped the command is the one reported
            }
        }

        private void Pump(Task task)
        {
            try
            {
                // Waiting on the handle, not Task.Wait, so a faulted task is observed once, in Unwrap.
                while (!task.IsCompleted && !((IAsyncResult)task).AsyncWaitHandle.WaitOne(PumpInterval))
                {
                    Update();
                }
            }
            catch
            {
                // Writing progress or a log line failed (a stopped pipeline, -WarningAction Stop): Core must end before
                // the command does, so that it deletes what it left half done (an export's partial file) first.
                _cancel.Cancel();
                WaitQuietly(task);
                throw;
            }

            WriteLog();
        }

        private void Update()
        {
            WriteLog();
            OnWaiting();
            _sinceUpdate.Restart();
        }

        private T Unwrap<T>(Func<T> result)
        {
            try
            {
                return result();
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (FeedException error)
            {
                ThrowTerminating(error);
                throw; // not reached: ThrowTerminatingError always throws
            }
            catch (Exception error) when (error is not IContainsErrorRecord)
            {
                // Not one of Core's errors: still a module error id and category, and no secret in its text.
                WriteDebug(Redact(error.ToString()));
                ThrowTerminating(ErrorRecords.Translate(error, Redact));
                throw; // not reached
            }
        }

        private string Redact(string text) => _log?.Redact(text) ?? SecretRedactor.MaskUserInfo(text);
    }
}
