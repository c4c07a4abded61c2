using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Emulation
{
    /// <summary>
    /// Finds the dotnet host that runs the emulator. PowerShell itself may run on a .NET it carries privately
    /// (the MSI and zip installs, Windows PowerShell), so the host is looked for where .NET installs it.
    /// </summary>
    public static class DotnetHost
    {
        public const string NotFoundErrorId = "EmulatorDotnetNotFound";

        private static readonly string ExecutableName = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";

        /// <summary>The full path of dotnet; throws a FeedException naming the places looked at when there is none.</summary>
        public static string Locate()
        {
            var candidates = Candidates().ToList();
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new FeedException(
                    NotFoundErrorId,
                    FeedErrorCategory.ObjectNotFound,
                    "The emulator runs on .NET, and no dotnet host was found (looked at: " + string.Join(", ", candidates.Distinct()) + "). " +
                    "Install the ASP.NET Core Runtime 8 or later (https://dotnet.microsoft.com/download/dotnet), or set DOTNET_ROOT to the folder that holds dotnet.");
        }

        private static IEnumerable<string> Candidates()
        {
            // PowerShell started as a dotnet tool (dotnet pwsh) runs inside the very host wanted.
            using (var current = Process.GetCurrentProcess())
            {
                var path = current.MainModule?.FileName;
                if (path != null && string.Equals(Path.GetFileName(path), ExecutableName, StringComparison.OrdinalIgnoreCase))
                {
                    yield return path;
                }
            }

            if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
            {
                yield return Path.Combine(root, ExecutableName);
            }

            var searchPath = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            foreach (var folder in searchPath.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
            {
                yield return Path.Combine(folder.Trim('"'), ExecutableName);
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), "dotnet", ExecutableName);
            }
            else
            {
                yield return "/usr/local/share/dotnet/dotnet"; // macOS installer
                yield return "/usr/share/dotnet/dotnet";        // Linux packages
                yield return "/usr/lib/dotnet/dotnet";          // Ubuntu's own packages
            }
        }
    }
}
