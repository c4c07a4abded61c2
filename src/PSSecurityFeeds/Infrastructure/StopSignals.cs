using System;
using System.Collections.Generic;
using System.Threading;
#if NET
using System.Runtime.InteropServices;
#endif

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// While a data command runs, a stop signal is reported in the process's exit code, and SIGTERM ends the
    /// command the way Ctrl+C does. SIGTERM (systemd, docker stop, kill) would end the process at once: now the
    /// running commands are stopped, commit what they delivered, and then the process ends with 143. SIGINT
    /// (Ctrl+C) is PowerShell's to handle: it stops the command (which commits) and the script, and would exit 0,
    /// so the exit code is made 130 unless the script exits with another non-zero code. Windows
    /// PowerShell 5.1 (the netstandard2.0 build) has no signal API: there the exit code is PowerShell's.
    /// </summary>
    internal sealed class StopSignals : IDisposable
    {
#if NET
        // systemd gives 90 s by default, docker 10 s: a commit takes milliseconds, a stalled consumer may take longer.
        private static readonly TimeSpan CommitWait = TimeSpan.FromSeconds(8);
#endif

        private static readonly object Gate = new object();
        private static readonly List<StopSignals> Running = new List<StopSignals>();
#if NET
        private static PosixSignalRegistration?[]? _registrations;
        private static int _exitCode;
#endif

        private readonly Action _stop;
        private readonly ManualResetEventSlim _finished = new ManualResetEventSlim();

        private StopSignals(Action stop) => _stop = stop;

        /// <summary>Set once SIGTERM arrived: the process ends as soon as the commands have committed.</summary>
        private static bool Terminating { get; set; }

        /// <summary>Watches for stop signals while a command runs; <paramref name="stop"/> stops it (it is called from another thread).</summary>
        public static StopSignals Watch(Action stop)
        {
            var watch = new StopSignals(stop);
            lock (Gate)
            {
                Running.Add(watch);
#if NET
                _registrations ??= new[] { Register(PosixSignal.SIGTERM, 143), Register(PosixSignal.SIGINT, 130) };
#endif
            }

            return watch;
        }

        /// <summary>The command has committed and ends. When the process is being terminated, nothing more of the script runs.</summary>
        public void Dispose()
        {
            lock (Gate)
            {
                Running.Remove(this);
            }

            _finished.Set();
            if (Terminating)
            {
                Thread.Sleep(Timeout.Infinite); // the runtime ends the process once every command has committed
            }
        }

#if NET
        private static PosixSignalRegistration? Register(PosixSignal signal, int exitCode)
        {
            try
            {
                return PosixSignalRegistration.Create(signal, _ => OnSignal(signal, exitCode));
            }
            catch (PlatformNotSupportedException)
            {
                return null; // a platform without this signal: nothing to watch for
            }
        }

        private static void OnSignal(PosixSignal signal, int exitCode)
        {
            StopSignals[] running;
            lock (Gate)
            {
                running = Running.ToArray();
                if (running.Length == 0)
                {
                    return; // no data command runs: the signal does what it always does
                }

                ReportInExitCode(exitCode);
                if (signal != PosixSignal.SIGTERM)
                {
                    return; // PowerShell stops the pipeline itself (StopProcessing)
                }

                Terminating = true;
            }

            foreach (var watch in running)
            {
                watch._stop();
            }

            foreach (var watch in running)
            {
                watch._finished.Wait(CommitWait);
            }
        }

        /// <summary>PowerShell sets the exit code as it exits; this runs after it, and leaves a script's own non-zero code alone.</summary>
        private static void ReportInExitCode(int exitCode)
        {
            if (_exitCode == 0)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                {
                    if (Environment.ExitCode == 0)
                    {
                        Environment.ExitCode = _exitCode;
                    }
                };
            }

            _exitCode = exitCode;
        }
#endif
    }
}
