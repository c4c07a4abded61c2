using System.Collections.Concurrent;
using System.Linq;

namespace PSSecurityFeeds.Emulation
{
    /// <summary>
    /// The emulators this PowerShell process started and has not stopped, so Stop-PSSecurityFeedsEmulator without
    /// arguments can stop them. Process-wide on purpose: an emulator is a child process of the process, not of a
    /// runspace, and holds no credential of the user.
    /// </summary>
    internal static class StartedEmulators
    {
        private static readonly ConcurrentDictionary<int, EmulatorInstance> ByProcessId = new ConcurrentDictionary<int, EmulatorInstance>();

        public static void Add(EmulatorInstance emulator) => ByProcessId[emulator.ProcessId] = emulator;

        public static void Remove(EmulatorInstance emulator) => ByProcessId.TryRemove(emulator.ProcessId, out _);

        public static EmulatorInstance[] All() => ByProcessId.Values.OrderBy(e => e.ProcessId).ToArray();
    }
}
