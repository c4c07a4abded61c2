using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PSSecurityFeeds.Cmdlets.Tests.Desktop;

/// <summary>
/// Loads the Desktop build (bin/Desktop, netstandard2.0) on .NET as Windows PowerShell 5.1 would find its
/// assemblies: .NET Framework supplies netstandard and PowerShell supplies System.Management.Automation;
/// everything else must come from bin/Desktop, served by simple name whatever version the referrer asked for,
/// as DesktopDependencyResolver serves it when .NET Framework's own strong-named bind fails. Nothing falls back
/// to the .NET runtime running the tests, which has its own System.Text.Json, System.Memory and the rest.
/// </summary>
internal sealed class DesktopLoadContext : AssemblyLoadContext
{
    /// <summary>
    /// What Windows PowerShell 5.1 itself gives a module: .NET Framework 4.7.2+ (with its netstandard facade) and
    /// PowerShell. Kept to what the build references today: a new dependency that references another framework
    /// assembly (a facade such as System.Runtime) is reported, to be added here once checked to ship with 4.7.2.
    /// </summary>
    public static readonly IReadOnlySet<string> SuppliedByWindowsPowerShell =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "mscorlib", "netstandard", "System.Management.Automation" };

    private readonly string _folder;
    private readonly Dictionary<string, Assembly> _loaded = new(StringComparer.OrdinalIgnoreCase);

    public DesktopLoadContext(string folder)
        : base("PSSecurityFeeds Desktop build", isCollectible: true) => _folder = folder;

    /// <summary>The bin/Desktop assembly of this simple name.</summary>
    public Assembly LoadFromFolder(string name)
    {
        if (!_loaded.TryGetValue(name, out var assembly))
        {
            var file = Path.Combine(_folder, name + ".dll");
            if (!File.Exists(file))
            {
                throw new FileNotFoundException(
                    $"{name} is needed by the Desktop build, but bin/Desktop has no {name}.dll and Windows PowerShell 5.1 does not supply it.", file);
            }

            assembly = LoadFromAssemblyPath(file);
            _loaded[name] = assembly;
        }

        return assembly;
    }

    protected override Assembly? Load(AssemblyName name) =>
        SuppliedByWindowsPowerShell.Contains(name.Name!)
            ? null // the test process's own: .NET's netstandard facade, the SDK's PowerShell
            : LoadFromFolder(name.Name!);
}
