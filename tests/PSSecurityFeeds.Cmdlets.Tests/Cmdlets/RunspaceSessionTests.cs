using System;
using System.Linq;
using PSSecurityFeeds.Cmdlets.Tests.Infrastructure;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Cmdlets.Tests.Cmdlets;

/// <summary>
/// The default session is the runspace's own: another runspace, or a ForEach-Object -Parallel thread, does not
/// see it and is told to connect; a session handed over with -Session works anywhere.
/// </summary>
public sealed class RunspaceSessionTests : IClassFixture<EmulatorFixture>
{
    private readonly string _emulatorUri;

    public RunspaceSessionTests(EmulatorFixture emulator)
    {
        emulator.Reset();
        _emulatorUri = emulator.BaseUri.GetLeftPart(UriPartial.Authority);
    }

    [Theory]
    [MemberData(nameof(Vendor.Names), MemberType = typeof(Vendor))]
    public void Another_runspace_does_not_see_the_default_session_but_can_use_it_with_Session(string name)
    {
        var vendor = Vendor.Named(name);
        using var first = NewRunspace();
        using var second = NewRunspace();

        first.Run($"$session = {vendor.Connect}").Succeeded();
        var unconnected = second.Run(vendor.Use);
        second.Set("session", first.Get("session"));

        Assert.StartsWith("NotConnected,", unconnected.Error.FullyQualifiedErrorId);
        Assert.NotEmpty(first.Run(vendor.Use).Succeeded().Output);
        Assert.NotEmpty(second.Run($"{vendor.Use} -Session $session").Succeeded().Output);
        Assert.StartsWith("NotConnected,", second.Run(vendor.Use).Error.FullyQualifiedErrorId); // -Session did not make it the default
    }

    [Theory]
    [MemberData(nameof(Vendor.Names), MemberType = typeof(Vendor))]
    public void Disconnecting_in_one_runspace_leaves_the_other_connected(string name)
    {
        var vendor = Vendor.Named(name);
        using var first = NewRunspace();
        using var second = NewRunspace();
        first.Run(vendor.Connect).Succeeded();
        second.Run(vendor.Connect).Succeeded();

        second.Run(vendor.Disconnect).Succeeded();

        Assert.NotEmpty(first.Run(vendor.Use).Succeeded().Output);
        Assert.StartsWith("NotConnected,", second.Run(vendor.Use).Error.FullyQualifiedErrorId);
    }

    [Theory]
    [MemberData(nameof(Vendor.Names), MemberType = typeof(Vendor))]
    public void ForEach_Object_Parallel_does_not_see_the_default_session(string name)
    {
        var vendor = Vendor.Named(name);
        using var runspace = NewRunspace();
        runspace.Run(vendor.Connect).Succeeded();

        var results = runspace.Run(
            "$uri = $EmulatorUri; 1 | ForEach-Object -Parallel { " +
            "$EmulatorUri = $using:uri; Import-Module $using:ModuleManifest; " +
            $"try {{ {vendor.Use} -ErrorAction Stop | Out-Null; 'the default session leaked into the parallel runspace' }} catch {{ $_.FullyQualifiedErrorId }} }}").Succeeded();

        Assert.StartsWith("NotConnected,", results.Text.Single());
    }

    private ModuleRunspace NewRunspace() => new ModuleRunspace().Set("EmulatorUri", _emulatorUri);
}
