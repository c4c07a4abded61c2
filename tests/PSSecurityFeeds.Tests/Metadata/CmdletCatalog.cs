using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using PSSecurityFeeds.Tests.Infrastructure;

namespace PSSecurityFeeds.Tests.Metadata;

/// <summary>
/// Reads the built cmdlet assembly with MetadataLoadContext: its cmdlets, their parameters and output
/// types, and PowerShell's own list of approved verbs, without a PowerShell host.
/// </summary>
public sealed class CmdletCatalog : IDisposable
{
    public const string AllParameterSets = "__AllParameterSets";

    private const string Automation = "System.Management.Automation.";

    private readonly MetadataLoadContext _context;

    public CmdletCatalog()
    {
        var runtime = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll");
        var module = Directory.GetFiles(Path.GetDirectoryName(RepositoryPaths.CmdletAssembly)!, "*.dll");
        _context = new MetadataLoadContext(new PathAssemblyResolver(runtime.Concat(module).Append(RepositoryPaths.PowerShellReferenceAssembly)));
        var assembly = _context.LoadFromAssemblyPath(RepositoryPaths.CmdletAssembly);
        var automation = _context.LoadFromAssemblyPath(RepositoryPaths.PowerShellReferenceAssembly);

        AssemblyVersion = assembly.GetName().Version!;
        PublicTypes = assembly.GetExportedTypes();
        var cmdletBase = automation.GetType(Automation + "Cmdlet", throwOnError: true)!;
        CmdletClasses = PublicTypes.Where(t => t is { IsAbstract: false, IsClass: true } && cmdletBase.IsAssignableFrom(t)).ToList();
        Cmdlets = CmdletClasses.Where(t => Attribute(t, "CmdletAttribute") is not null).Select(Describe).ToList();
        ApprovedVerbs = ReadApprovedVerbs(automation);
    }

    public Version AssemblyVersion { get; }

    public IReadOnlyList<Type> PublicTypes { get; }

    /// <summary>Every public, non-abstract class deriving from Cmdlet, with or without [Cmdlet].</summary>
    public IReadOnlyList<Type> CmdletClasses { get; }

    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    public IReadOnlySet<string> ApprovedVerbs { get; }

    public void Dispose() => _context.Dispose();

    private static CmdletInfo Describe(Type type)
    {
        var cmdlet = Attribute(type, "CmdletAttribute")!;
        var aliases = Attributes(type, "AliasAttribute")
            .SelectMany(a => ((IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(v => (string)v.Value!))
            .ToList();
        var outputTypes = Attributes(type, "OutputTypeAttribute").Select(DescribeOutputType).ToList();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p.Name, Sets: Attributes(p, "ParameterAttribute").Select(ParameterSetOf).ToList()))
            .Where(p => p.Sets.Count > 0)
            .ToDictionary(p => p.Name, p => (IReadOnlyList<string>)p.Sets);

        return new CmdletInfo(
            type.FullName!,
            (string)cmdlet.ConstructorArguments[0].Value!,
            (string)cmdlet.ConstructorArguments[1].Value!,
            (string?)Named(cmdlet, "DefaultParameterSetName"),
            Named(cmdlet, "SupportsShouldProcess") is true,
            aliases,
            outputTypes,
            parameters,
            (string?)Named(cmdlet, "HelpUri"));
    }

    private static OutputTypeInfo DescribeOutputType(CustomAttributeData attribute)
    {
        var types = ((IEnumerable<CustomAttributeTypedArgument>)attribute.ConstructorArguments[0].Value!)
            .Select(v => v.Value is Type t ? t.FullName! : (string)v.Value!)
            .ToList();
        var sets = Named(attribute, "ParameterSetName") is IEnumerable<CustomAttributeTypedArgument> named
            ? named.Select(v => (string)v.Value!).ToList()
            : new List<string>();
        return new OutputTypeInfo(types, sets);
    }

    private static string ParameterSetOf(CustomAttributeData parameter) =>
        (string?)Named(parameter, "ParameterSetName") ?? AllParameterSets;

    private static IReadOnlySet<string> ReadApprovedVerbs(Assembly automation)
    {
        string[] verbClasses = { "VerbsCommon", "VerbsCommunications", "VerbsData", "VerbsDiagnostic", "VerbsLifecycle", "VerbsOther", "VerbsSecurity" };
        return verbClasses
            .SelectMany(c => automation.GetType(Automation + c, throwOnError: true)!.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static CustomAttributeData? Attribute(MemberInfo member, string name) => Attributes(member, name).FirstOrDefault();

    private static IEnumerable<CustomAttributeData> Attributes(MemberInfo member, string name) =>
        member.GetCustomAttributesData().Where(a => a.AttributeType.FullName == Automation + name);

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value).FirstOrDefault();
}
