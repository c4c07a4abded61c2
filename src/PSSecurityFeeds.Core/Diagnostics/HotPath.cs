using System.Runtime.CompilerServices;

namespace PSSecurityFeeds.Core.Diagnostics
{
    /// <summary>
    /// For the methods that run for every event: compiled optimized on first call. A scheduled run is a fresh process,
    /// and the tiered JIT would first run them unoptimized, then instrumented, for many thousands of events before
    /// its optimized code is ready. (Windows PowerShell's JIT has no tiers, nor this option.)
    /// </summary>
    internal static class HotPath
    {
#if NET
        public const MethodImplOptions Compile = MethodImplOptions.AggressiveOptimization;
#else
        public const MethodImplOptions Compile = 0;
#endif
    }
}
