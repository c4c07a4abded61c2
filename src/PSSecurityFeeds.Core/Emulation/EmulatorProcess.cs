using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Emulation
{
    /// <summary>
    /// The vendor emulator in a child process: started with dotnet on a free port of 127.0.0.1, ready once it
    /// names its address and reports its test accounts. It stops by itself after its lifetime or when the
    /// process that started it exits; <see cref="Stop"/> stops it at once.
    /// </summary>
    public sealed class EmulatorProcess : IDisposable
    {
        public const string StartFailedErrorId = "EmulatorStartFailed";
        public const string RuntimeMissingErrorId = "EmulatorRuntimeMissing";

        private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);
        private static readonly Regex ListeningLine = new Regex(@"listening on (http://127\.0\.0\.1:\d+)", RegexOptions.CultureInvariant);
        private static readonly JsonSerializerOptions AccountsJson = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };

        private readonly Process _process;

        private EmulatorProcess(Process process, Uri baseUri, DateTimeOffset stopsAt, EmulatorAccounts accounts)
        {
            _process = process;
            BaseUri = baseUri;
            StopsAt = stopsAt;
            Accounts = accounts;
        }

        public Uri BaseUri { get; }

        public int ProcessId => _process.Id;

        /// <summary>When the emulator stops by itself.</summary>
        public DateTimeOffset StopsAt { get; }

        public EmulatorAccounts Accounts { get; }

        public bool HasExited => _process.HasExited;

        /// <summary>Starts the emulator assembly (PSSecurityFeeds.Emulator.dll) and waits until it serves requests.</summary>
        public static async Task<EmulatorProcess> StartAsync(string emulatorAssembly, TimeSpan lifetime, CancellationToken cancellationToken)
        {
            var process = new Process
            {
                StartInfo = new ProcessStartInfo(DotnetHost.Locate())
                {
                    Arguments = string.Join(" ", Quote(emulatorAssembly), "--port 0",
                        "--lifetime-minutes", lifetime.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture),
                        "--parent-process-id", CurrentProcessId().ToString(CultureInfo.InvariantCulture)),
                    UseShellExecute = false,
                    CreateNoWindow = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                },
                EnableRaisingEvents = true,
            };
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var errors = new StringBuilder();
            process.OutputDataReceived += (_, line) =>
            {
                if (line.Data != null && ListeningLine.Match(line.Data) is { Success: true } match)
                {
                    listening.TrySetResult(new Uri(match.Groups[1].Value));
                }
            };
            process.ErrorDataReceived += (_, line) =>
            {
                lock (errors)
                {
                    if (line.Data != null && errors.Length < 8 * 1024)
                    {
                        errors.AppendLine(line.Data);
                    }
                }
            };
            process.Exited += (_, _) => listening.TrySetCanceled();

            var startedAt = DateTimeOffset.UtcNow;
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                var baseUri = await WaitForAddressAsync(listening.Task, process, errors, cancellationToken).ConfigureAwait(false);
                var accounts = await ReadAccountsAsync(baseUri, cancellationToken).ConfigureAwait(false);
                return new EmulatorProcess(process, baseUri, startedAt + lifetime, accounts);
            }
            catch
            {
                Kill(process);
                process.Dispose();
                throw;
            }
        }

        /// <summary>Stops the emulator now; nothing happens when it has stopped already.</summary>
        public void Stop() => Kill(_process);

        public void Dispose()
        {
            Stop();
            _process.Dispose();
        }

        public override string ToString() => BaseUri.ToString();

        private static async Task<Uri> WaitForAddressAsync(Task<Uri> listening, Process process, StringBuilder errors, CancellationToken cancellationToken)
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(StartTimeout);
                var cancelled = new TaskCompletionSource<bool>();
                using (timeout.Token.Register(() => cancelled.TrySetResult(true)))
                {
                    await Task.WhenAny(listening, cancelled.Task).ConfigureAwait(false);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (listening.Status == TaskStatus.RanToCompletion)
            {
                return listening.Result;
            }

            if (!process.HasExited)
            {
                throw new FeedException(StartFailedErrorId, FeedErrorCategory.OperationTimeout,
                    $"The emulator did not report its address within {StartTimeout.TotalSeconds:0} seconds. Run the command again; if it keeps failing, start it by hand to see why: dotnet \"<module folder>/bin/Emulator/PSSecurityFeeds.Emulator.dll\" --port 0");
            }

            process.WaitForExit(); // lets the redirected error output drain
            string output;
            lock (errors)
            {
                output = errors.ToString().Trim();
            }

            throw output.IndexOf("Microsoft.AspNetCore.App", StringComparison.Ordinal) >= 0
                ? new FeedException(RuntimeMissingErrorId, FeedErrorCategory.ResourceUnavailable,
                    "The emulator needs the ASP.NET Core Runtime 8 or later, which this computer's .NET does not have (dotnet --list-runtimes shows what is installed). " +
                    "Install it from https://dotnet.microsoft.com/download/dotnet and run the command again.")
                : new FeedException(StartFailedErrorId, FeedErrorCategory.InvalidOperation,
                    $"The emulator exited with code {process.ExitCode} before it was ready: {output}");
        }

        private static async Task<EmulatorAccounts> ReadAccountsAsync(Uri baseUri, CancellationToken cancellationToken)
        {
            try
            {
                using (var http = new HttpClient(new HttpClientHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) })
                using (var response = await http.GetAsync(new Uri(baseUri, "/_emulator/accounts"), cancellationToken).ConfigureAwait(false))
                {
                    response.EnsureSuccessStatusCode();
                    using (var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                    {
                        return await JsonSerializer.DeserializeAsync<EmulatorAccounts>(body, AccountsJson, cancellationToken).ConfigureAwait(false)
                            ?? throw new JsonException("The body is null.");
                    }
                }
            }
            catch (Exception error) when (error is HttpRequestException || error is JsonException || (error is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new FeedException(StartFailedErrorId, FeedErrorCategory.InvalidResult, $"The emulator started at {baseUri} but did not report its test accounts: {error.Message}", error);
            }
        }

        private static void Kill(Process process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }

        private static int CurrentProcessId()
        {
            using (var current = Process.GetCurrentProcess())
            {
                return current.Id;
            }
        }

        private static string Quote(string path) => "\"" + path.Replace("\"", "\\\"") + "\"";
    }
}
