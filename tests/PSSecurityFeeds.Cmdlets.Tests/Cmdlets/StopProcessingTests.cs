using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using PSSecurityFeeds.Cmdlets.Tests.Infrastructure;
using PSSecurityFeeds.Emulator.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Cmdlets.Tests.Cmdlets;

/// <summary>
/// Ctrl+C: PowerShell.Stop() on a command waiting for a response the emulator holds back (before it starts, or
/// mid-body) returns promptly, and the command ends as stopped (PipelineStoppedException), not with an error,
/// leaving no export file behind.
/// </summary>
public sealed class StopProcessingTests : IClassFixture<ConnectedModule>, IDisposable
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HeldBack = TimeSpan.FromSeconds(30);

    private readonly ConnectedModule _module;
    private readonly string _folder = Directory.CreateTempSubdirectory("pssecurityfeeds-stop-").FullName;

    public StopProcessingTests(ConnectedModule module)
    {
        _module = module;
        module.Emulator.Reset();
        module.Runspace.Set("Folder", _folder);
    }

    [Theory]
    [InlineData("Connect-Sekoia -ApiBaseUri \"$EmulatorUri/sekoia\" -ApiKey (ConvertTo-SecureString 'k-e-y-1' -AsPlainText -Force)", "sekoia.me", false)]
    [InlineData("Get-SigSciFeed -Site www -From (Get-Date).AddMinutes(-30) -Until (Get-Date).AddMinutes(-10) -AlignToMinute -CheckpointPath $Folder/sigsci.json", "sigsci.feed", true)]
    [InlineData("Get-AkamaiSiemEvent -ConfigId 14227 -Drain -CheckpointPath $Folder/akamai.json", "akamai.siem", true)]
    [InlineData("Start-SekoiaSearchJob -Query x -Earliest -1h", "sekoia.jobs.create", false)]
    [InlineData("Start-SekoiaSearchJob -Query x -Earliest -1h | Wait-SekoiaSearchJob", "sekoia.jobs.get", false)]
    [InlineData("Start-SekoiaSearchJob -Query 'emulator:total=5' -Earliest -1h -Wait | Get-SekoiaEvent", "sekoia.jobs.events", true)]
    [InlineData("Start-SekoiaSearchJob -Query 'emulator:total=5' -Earliest -1h -Wait | Export-SekoiaEvent -Field message -Path $Folder/export.json.gz", "sekoia.s3.download", true)]
    public void Stop_returns_promptly_and_the_command_ends_stopped(string script, string heldBackRoute, bool midBody)
    {
        // The answer held back before it starts, or after its first bytes, as a slow server or a stalled download does.
        _module.Emulator.Server.Faults.Enqueue(heldBackRoute, midBody ? Fault.StallAfter(100) : Fault.Delayed(HeldBack));
        using var shell = _module.Runspace.Start(script, out var invocation);
        WaitForRequest(heldBackRoute, shell);

        var stopping = Stopwatch.StartNew();
        shell.Stop();
        stopping.Stop();

        Assert.True(stopping.Elapsed < Prompt, $"Stop() took {stopping.Elapsed.TotalSeconds:0.0} s.");
        Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(invocation));
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Empty(shell.Streams.Error);
        Assert.Empty(Directory.GetFiles(_folder, "*export*", SearchOption.AllDirectories)); // an export stopped mid-way leaves nothing, not even its .partial file
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void WaitForRequest(string route, PowerShell shell)
    {
        var deadline = Stopwatch.StartNew();
        while (!_module.Emulator.Server.Requests.For(route).Any())
        {
            if (shell.InvocationStateInfo.State is not PSInvocationState.Running || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new Xunit.Sdk.XunitException($"The command never reached {route}: {shell.InvocationStateInfo.State} {shell.InvocationStateInfo.Reason?.Message} {string.Join(" | ", shell.Streams.Error)}");
            }

            Thread.Sleep(20);
        }
    }
}
