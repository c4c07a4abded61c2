#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices
{
    // Lets netstandard2.0 compile init-only setters; the runtime never looks at this type.
    internal static class IsExternalInit
    {
    }
}
#endif
