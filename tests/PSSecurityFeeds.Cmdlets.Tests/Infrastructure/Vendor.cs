using System.Collections.Generic;
using Xunit;
using PSSecurityFeeds.Emulator.Akamai;
using PSSecurityFeeds.Emulator.Sekoia;
using PSSecurityFeeds.Emulator.SigSci;

namespace PSSecurityFeeds.Cmdlets.Tests.Infrastructure;

/// <summary>
/// Each vendor as a script sees it against the emulator at $EmulatorUri: how to connect (the session is written
/// out, -PassThru), a cheap command that needs a session, and the secrets no output may show.
/// </summary>
public sealed record Vendor(string Name, string Connect, string Disconnect, string Use)
{
    public static readonly Vendor SigSci = new(
        "SigSci",
        $"Connect-SigSci -Corp {SigSciEmulatorState.Corp} -Email {SigSciEmulatorState.Email} -ApiToken (ConvertTo-SecureString '{SigSciEmulatorState.ApiToken}' -AsPlainText -Force) -ApiBaseUri $EmulatorUri -MaximumRetryCount 1 -PassThru",
        "Disconnect-SigSci",
        "Get-SigSciFeed -Site www -From (Get-Date).AddMinutes(-11) -Until (Get-Date).AddMinutes(-10) -AlignToMinute");

    public static readonly Vendor AkamaiSiem = new(
        "AkamaiSiem",
        $"Connect-AkamaiSiem -HostName $EmulatorUri -ClientToken {AkamaiSiemState.ClientToken} -ClientSecret (ConvertTo-SecureString '{AkamaiSiemState.ClientSecret}' -AsPlainText -Force) -AccessToken {AkamaiSiemState.AccessToken} -MaximumRetryCount 1 -PassThru",
        "Disconnect-AkamaiSiem",
        "Get-AkamaiSiemEvent -ConfigId 14227 -Limit 1");

    public static readonly Vendor Sekoia = new(
        "Sekoia",
        $"Connect-Sekoia -ApiBaseUri \"$EmulatorUri/sekoia\" -ApiKey (ConvertTo-SecureString '{SekoiaApiKey}' -AsPlainText -Force) -MaximumRetryCount 1 -PassThru",
        "Disconnect-Sekoia",
        "Start-SekoiaSearchJob -Query 'emulator:total=3' -Earliest -1h");

    public static IReadOnlyList<Vendor> All { get; } = new[] { SigSci, AkamaiSiem, Sekoia };

    /// <summary>Every credential the emulator accepts: none may appear in anything the module shows.</summary>
    public static IReadOnlyList<string> Secrets { get; } = new[]
    {
        SigSciEmulatorState.ApiToken, SigSciEmulatorState.Password, AkamaiSiemState.ClientSecret, AkamaiSiemState.AccessToken, SekoiaApiKey,
    };

    private static string SekoiaApiKey => new SekoiaSettings().ApiKey;

    /// <summary>Theory data: the vendors by name, so test cases read as names.</summary>
    public static TheoryData<string> Names => new() { SigSci.Name, AkamaiSiem.Name, Sekoia.Name };

    public static Vendor Named(string name) => name switch
    {
        "SigSci" => SigSci,
        "AkamaiSiem" => AkamaiSiem,
        "Sekoia" => Sekoia,
        _ => throw new System.ArgumentException($"No vendor '{name}'.", nameof(name)),
    };

    public override string ToString() => Name;
}
