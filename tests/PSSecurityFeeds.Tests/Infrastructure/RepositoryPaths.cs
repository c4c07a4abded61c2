using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace PSSecurityFeeds.Tests.Infrastructure;

/// <summary>Where the repository, the built cmdlet assembly and the shared vendor reference data are.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = Path.GetFullPath(Metadata("RepositoryRoot"));

    public static string CmdletAssembly { get; } = Path.GetFullPath(Metadata("CmdletAssembly"));

    public static string PowerShellReferenceAssembly { get; } = Path.GetFullPath(Metadata("PowerShellReferenceAssembly"));

    public static string ModuleFolder { get; } = Path.Combine(Root, "module");

    /// <summary>../shared/reference beside the repository: the vendors' own fixtures (OpenAPI, examples, signing vectors).</summary>
    public static string Reference(params string[] parts)
    {
        var path = Path.Combine(new[] { Root, "..", "shared", "reference" }.Concat(parts).ToArray());
        return File.Exists(path) || Directory.Exists(path)
            ? Path.GetFullPath(path)
            : throw new FileNotFoundException($"The reference fixture '{Path.GetFullPath(path)}' is missing; the repository must sit beside shared/.");
    }

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly lacks the {key} metadata.");
}
