using System.Management.Automation;
using PSSecurityFeeds.Cmdlets.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Cmdlets.Tests.Cmdlets;

/// <summary>
/// What PowerShell's parameter binder does with the cmdlets' declarations: mandatory parameters, validation
/// attributes, type conversion and parameter sets. Every bad call fails in binding, before any request, even
/// though the runspace is connected to all three vendors.
/// </summary>
public sealed class ParameterBindingTests : IClassFixture<ConnectedModule>
{
    private const string Missing = "MissingMandatoryParameter";
    private const string Invalid = "ParameterArgumentValidationError";
    private const string NotConvertible = "CannotConvertArgumentNoMessage";
    private const string NotTransformable = "ParameterArgumentTransformationError";
    private const string Ambiguous = "AmbiguousParameterSet";
    private const string Secret = "(ConvertTo-SecureString 'not-a-real-secret' -AsPlainText -Force)";

    private readonly ConnectedModule _module;

    public ParameterBindingTests(ConnectedModule module)
    {
        _module = module;
        module.Emulator.Reset();
    }

    [Theory]
    [InlineData("Get-SigSciFeed", Missing, "GetSigSciFeedCommand")]
    [InlineData("Get-SigSciFeed -Site ''", Invalid, "GetSigSciFeedCommand")]
    [InlineData("Get-SigSciFeed -Site www -Tag @()", Invalid, "GetSigSciFeedCommand")]
    [InlineData("Get-SigSciFeed -Site www -From 'not a time'", NotTransformable, "GetSigSciFeedCommand")]
    [InlineData("Get-SigSciFeed -Site www -Session $AkamaiSiem", NotConvertible, "GetSigSciFeedCommand")]
    [InlineData("Get-AkamaiSiemEvent -ConfigId 0", Invalid, "GetAkamaiSiemEventCommand")]
    [InlineData("Get-AkamaiSiemEvent -ConfigId abc", NotConvertible, "GetAkamaiSiemEventCommand")]
    [InlineData("Get-AkamaiSiemEvent -ConfigId 14227 -Limit 600001", Invalid, "GetAkamaiSiemEventCommand")]
    [InlineData("Get-AkamaiSiemEvent -ConfigId 14227 -Offset abc -From (Get-Date)", Ambiguous, "GetAkamaiSiemEventCommand")]
    [InlineData("Get-AkamaiSiemEvent -ConfigId 14227 -Drain -To (Get-Date)", Ambiguous, "GetAkamaiSiemEventCommand")]
    [InlineData("Get-AkamaiSiemEvent -ConfigId 14227 -Session $null", Invalid, "GetAkamaiSiemEventCommand")]
    [InlineData("Connect-SigSci -Corp ''", Invalid, "ConnectSigSciCommand")]
    [InlineData("Connect-SigSci -Corp testcorp -Credential ([pscredential]::new('a', " + Secret + ")) -ApiToken " + Secret, Ambiguous, "ConnectSigSciCommand")]
    [InlineData("Connect-SigSci -Corp testcorp -ApiBaseUri $EmulatorUri -MaximumRetryCount 101", Invalid, "ConnectSigSciCommand")]
    [InlineData("Connect-AkamaiSiem -EdgeRcPath ./.edgerc -ClientToken t", Ambiguous, "ConnectAkamaiSiemCommand")]
    [InlineData("Connect-AkamaiSiem -HostName $EmulatorUri -ClientToken t", Missing, "ConnectAkamaiSiemCommand")]
    [InlineData("Connect-AkamaiSiem -HostName $EmulatorUri -ClientToken t -AccessToken a -ClientSecret " + Secret + " -TimeoutSec 0", Invalid, "ConnectAkamaiSiemCommand")]
    [InlineData("Connect-Sekoia -Region Nowhere -ApiKey " + Secret, NotConvertible, "ConnectSekoiaCommand")]
    [InlineData("Connect-Sekoia -Region FRA2 -ApiBaseUri $EmulatorUri -ApiKey " + Secret, Ambiguous, "ConnectSekoiaCommand")]
    [InlineData("Start-SekoiaSearchJob -Query ''", Invalid, "StartSekoiaSearchJobCommand")]
    [InlineData("Start-SekoiaSearchJob -Query x -Wait -Timeout 0", Invalid, "StartSekoiaSearchJobCommand")]
    [InlineData("Get-SekoiaSearchJob -Uuid @()", Invalid, "GetSekoiaSearchJobCommand")]
    [InlineData("Wait-SekoiaSearchJob -Uuid x -Timeout -1", Invalid, "WaitSekoiaSearchJobCommand")]
    [InlineData("Get-SekoiaEvent -Job $null", Invalid, "GetSekoiaEventCommand")]
    [InlineData("Get-SekoiaEvent -Uuid x -Job ([PSSecurityFeeds.Core.Sekoia.SekoiaSearchJob]::new())", Ambiguous, "GetSekoiaEventCommand")]
    [InlineData("Export-SekoiaEvent -Uuid x -Path ./x.json.gz", Missing, "ExportSekoiaEventCommand")]
    [InlineData("Export-SekoiaEvent -Uuid x -Field @() -Path ./x.json.gz", Invalid, "ExportSekoiaEventCommand")]
    [InlineData("Export-SekoiaEvents -Uuid x -Field message -Path ''", Invalid, "ExportSekoiaEventCommand")]
    public void A_bad_call_fails_in_binding_with_a_stable_id_and_sends_nothing(string call, string errorId, string command)
    {
        var error = _module.Runspace.Run(call).Error;

        Assert.Equal($"{errorId},PSSecurityFeeds.{Namespace(command)}.{command}", error.FullyQualifiedErrorId);
        Assert.IsAssignableFrom<ParameterBindingException>(error.Exception);
        // PowerShell files a value refused by a validation or transformation attribute as InvalidData, every other binding error as InvalidArgument.
        Assert.Equal(errorId is Invalid or NotTransformable ? ErrorCategory.InvalidData : ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Empty(_module.Emulator.Server.Requests.All);
    }

    [Fact]
    public void A_missing_mandatory_parameter_is_named_and_never_prompted_for()
    {
        var error = _module.Runspace.Run("Export-SekoiaEvent -Uuid x -Path ./x.json.gz").Error;

        Assert.Contains("Field", error.Exception.Message);
    }

    [Fact]
    public void Pipeline_input_binds_to_the_parameter_set_it_belongs_to()
    {
        // A job object binds -Job; an object with a Uuid property binds -Uuid by property name.
        var result = _module.Runspace.Run(
            "$job = Start-SekoiaSearchJob -Query 'emulator:total=3' -Earliest -1h -Wait; " +
            "($job | Get-SekoiaEvent).Count; ([pscustomobject]@{ Uuid = $job.Uuid } | Get-SekoiaEvent).Count").Succeeded();

        Assert.Equal(new[] { "3", "3" }, result.Text);
    }

    private static string Namespace(string command) =>
        command.Contains("SigSci") ? "SigSci" : command.Contains("Akamai") ? "Akamai" : "Sekoia";
}
