using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace PSSecurityFeeds.Cmdlets.Tests.Infrastructure;

/// <summary>The module as ./build.ps1 Build lays it out in out/PSSecurityFeeds: what these tests load, as a user would.</summary>
public static class BuiltModule
{
    private static readonly string Folder = Path.GetFullPath(Path.Combine(RepositoryRoot(), "out", "PSSecurityFeeds"));

    public static string Manifest => Require(Path.Combine(Folder, "PSSecurityFeeds.psd1"));

    /// <summary>The netstandard2.0 build that Windows PowerShell 5.1 loads.</summary>
    public static string DesktopFolder => Require(Path.Combine(Folder, "bin", "Desktop"));

    private static string Require(string path) =>
        File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"The built module is missing: '{path}' does not exist. Run ./build.ps1 Build first (./build.ps1 Test builds it before running dotnet test).");

    private static string RepositoryRoot() =>
        typeof(BuiltModule).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value
        ?? throw new InvalidOperationException("The test assembly lacks the RepositoryRoot metadata.");
}
