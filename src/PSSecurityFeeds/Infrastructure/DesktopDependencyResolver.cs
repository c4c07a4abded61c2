#if !NET
using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// Windows PowerShell 5.1 only (the netstandard2.0 build): the module's dependencies (System.Text.Json and
    /// its own dependencies) reference each other at versions other than the ones shipped, and .NET Framework
    /// has no binding redirects for a module. When a load fails, this answers with the copy in the module's
    /// folder. It is C#, not a script block, because loads also happen on thread-pool threads that have no
    /// runspace to run a script block.
    /// </summary>
    public sealed class DesktopDependencyResolver : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleBinFolder = Path.GetDirectoryName(typeof(DesktopDependencyResolver).Assembly.Location)!;

        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

        public void OnRemove(PSModuleInfo module) => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            var candidate = Path.Combine(ModuleBinFolder, name + ".dll");
            if (!File.Exists(candidate))
            {
                return null;
            }

            return AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase))
                ?? Assembly.LoadFrom(candidate);
        }
    }
}
#endif
