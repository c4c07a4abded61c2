using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace PSSecurityFeeds.Cmdlets.Tests.Desktop;

/// <summary>
/// Loads every assembly of a Desktop build folder into a <see cref="DesktopLoadContext"/> and lists what would
/// fail on Windows PowerShell 5.1: a reference that nothing serves, a file older than its referrer asked for,
/// a type that does not load, and a method of the module's own code that does not compile against the
/// dependencies actually there (a member missing from a mismatched version).
/// </summary>
internal static class DesktopBuildCheck
{
    private static readonly string[] OwnAssemblies = { "PSSecurityFeeds", "PSSecurityFeeds.Core" };

    public static IReadOnlyList<string> Problems(string folder)
    {
        var problems = new List<string>();
        var context = new DesktopLoadContext(folder);
        try
        {
            foreach (var file in Directory.GetFiles(folder, "*.dll"))
            {
                var assembly = context.LoadFromFolder(Path.GetFileNameWithoutExtension(file));
                problems.AddRange(UnresolvedReferences(context, assembly));
                problems.AddRange(UnloadableTypes(assembly));
            }

            foreach (var own in OwnAssemblies)
            {
                problems.AddRange(UncompilableMethods(context.LoadFromFolder(own)));
            }
        }
        finally
        {
            context.Unload();
        }

        return problems.Distinct().ToList();
    }

    private static IEnumerable<string> UnresolvedReferences(DesktopLoadContext context, Assembly assembly)
    {
        var problems = new List<string>();
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            try
            {
                var served = context.LoadFromAssemblyName(reference).GetName();
                if (!DesktopLoadContext.SuppliedByWindowsPowerShell.Contains(reference.Name!) && served.Version < reference.Version)
                {
                    problems.Add($"{assembly.GetName().Name} asks for {reference.Name} {reference.Version}, but bin/Desktop has {served.Version}.");
                }
            }
            catch (Exception error) when (IsLoadFailure(error))
            {
                problems.Add($"{assembly.GetName().Name} references {reference.Name} {reference.Version}: {Describe(error)}");
            }
        }

        return problems;
    }

    private static IEnumerable<string> UnloadableTypes(Assembly assembly)
    {
        LoadableTypes(assembly, out var failures);
        return failures.Select(failure => $"A type of {assembly.GetName().Name} does not load: {failure}");
    }

    // Compiling a method resolves every member it calls, so a dependency of the wrong version fails here
    // rather than in the middle of a user's command.
    private static IEnumerable<string> UncompilableMethods(Assembly assembly)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var problems = new List<string>();
        foreach (var type in LoadableTypes(assembly, out _).Where(t => !t.ContainsGenericParameters))
        {
            try
            {
                var methods = type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared))
                    .Where(m => !m.IsAbstract && !m.ContainsGenericParameters && m.GetMethodBody() is not null);
                foreach (var method in methods)
                {
                    try
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    }
                    catch (Exception error) when (IsLoadFailure(error))
                    {
                        problems.Add($"{type.FullName}.{method.Name} does not compile against bin/Desktop: {Describe(error)}");
                    }
                }
            }
            catch (Exception error) when (IsLoadFailure(error))
            {
                problems.Add($"The members of {type.FullName} do not load: {Describe(error)}");
            }
        }

        return problems;
    }

    private static List<Type> LoadableTypes(Assembly assembly, out IReadOnlyList<string> failures)
    {
        try
        {
            failures = Array.Empty<string>();
            return assembly.GetTypes().ToList();
        }
        catch (ReflectionTypeLoadException error)
        {
            failures = error.LoaderExceptions.Select(e => e is null ? "(no detail)" : Describe(e)).Distinct().ToList();
            return error.Types.Where(t => t is not null).ToList()!;
        }
    }

    private static bool IsLoadFailure(Exception error) =>
        error is MissingMemberException or TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException or ReflectionTypeLoadException;

    // The runtime wraps the load context's own explanation in a generic "could not load" message.
    private static string Describe(Exception error) => error.InnerException is { } inner ? $"{error.Message} ({inner.Message})" : error.Message;
}
