using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace PSSecurityFeeds.Tests.Infrastructure;

/// <summary>Where the repository, the built cmdlet assembly and the vendors' reference data are.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = Path.GetFullPath(Metadata("RepositoryRoot"));

    public static string CmdletAssembly { get; } = Path.GetFullPath(Metadata("CmdletAssembly"));

    public static string PowerShellReferenceAssembly { get; } = Path.GetFullPath(Metadata("PowerShellReferenceAssembly"));

    /// <summary>The small program the kill -9 tests run as a scheduled job: one feed into an out file.</summary>
    public static string FeedRunner { get; } = Path.GetFullPath(Metadata("FeedRunner"));

    public static string ModuleFolder { get; } = Path.Combine(Root, "module");

    /// <summary>tests/fixtures: the vendors' own data (Akamai examples, EdgeGrid signing vectors); see its README.</summary>
    public static string Fixture(params string[] parts)
    {
        var path = Path.Combine(new[] { Root, "tests", "fixtures" }.Concat(parts).ToArray());
        return File.Exists(path) || Directory.Exists(path)
            ? Path.GetFullPath(path)
            : throw new FileNotFoundException($"The fixture '{Path.GetFullPath(path)}' is missing from tests/fixtures.");
    }

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly lacks the {key} metadata.");
}
