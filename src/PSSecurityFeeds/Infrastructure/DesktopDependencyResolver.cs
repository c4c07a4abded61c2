#if !NET
using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// Windows PowerShell 5.1 only (the netstandard2.0 build). The module carries its own System.Text.Json 8 and
    /// that package's dependencies in bin/Desktop: System.Memory, System.Buffers, System.Numerics.Vectors,
    /// System.Runtime.CompilerServices.Unsafe, System.Text.Encodings.Web, System.Threading.Tasks.Extensions and
    /// Microsoft.Bcl.AsyncInterfaces. They reference each other at versions other than the ones shipped (System.Memory
    /// asks for Unsafe 4.0.4.1 and Buffers 4.0.2.0; the folder has 6.0.0.0 and 4.0.3.0), and .NET Framework binds
    /// strong names exactly unless a binding redirect says otherwise, which a module cannot add to powershell.exe.config.
    /// When such a load fails, this answers with the module's copy of that name, already loaded or from bin/Desktop.
    /// Assemblies .NET Framework or PowerShell supply (netstandard, System.Management.Automation) never reach it.
    /// It is C#, not a script block in the .psm1, because loads also happen on thread-pool threads (Core's async
    /// code), which have no runspace to run a script block. The Cmdlets.Tests project loads bin/Desktop on .NET the
    /// same way (DesktopLoadContext), so a missing or older dependency fails a test, since 5.1 cannot run there.
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
