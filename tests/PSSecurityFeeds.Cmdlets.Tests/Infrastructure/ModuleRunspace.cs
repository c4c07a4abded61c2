using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace PSSecurityFeeds.Cmdlets.Tests.Infrastructure;

/// <summary>
/// A PowerShell runspace hosted in the test process, made as pwsh makes one (InitialSessionState.CreateDefault2)
/// with the built module imported. Scripts read their inputs from variables set with <see cref="Set"/>.
/// </summary>
public sealed class ModuleRunspace : IDisposable
{
    private readonly Runspace _runspace;

    public ModuleRunspace()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(BuiltModule.Manifest);
        state.Variables.Add(new SessionStateVariableEntry("ModuleManifest", BuiltModule.Manifest, "The built module, for runspaces started from this one."));
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    public ModuleRunspace Set(string variable, object? value)
    {
        _runspace.SessionStateProxy.SetVariable(variable, value);
        return this;
    }

    public object? Get(string variable) => _runspace.SessionStateProxy.GetVariable(variable);

    /// <summary>Runs a script to its end; a terminating error is returned in the result, not thrown.</summary>
    public ScriptResult Run(string script)
    {
        using var shell = Start(script, out var invocation);
        RuntimeException? failure = null;
        PSDataCollection<PSObject> output;
        try
        {
            output = shell.EndInvoke(invocation);
        }
        catch (RuntimeException error)
        {
            failure = error;
            output = new PSDataCollection<PSObject>();
        }

        return new ScriptResult(output.ToList(), shell.Streams.Error.ToList(), shell.Streams.Verbose.Select(v => v.Message).ToList(), failure);
    }

    /// <summary>Starts a script without waiting for it, for tests that stop it (Ctrl+C) while it runs.</summary>
    public PowerShell Start(string script, out IAsyncResult invocation)
    {
        var shell = PowerShell.Create(_runspace);
        shell.AddScript(script);
        invocation = shell.BeginInvoke();
        return shell;
    }

    public void Dispose() => _runspace.Dispose();
}
