using System;
using System.Runtime.InteropServices;
using System.Security;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>Turns a SecureString into text at the moment a header or form is built, and no earlier.</summary>
    internal static class SecretText
    {
        public static string Reveal(SecureString secret)
        {
            var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
            try
            {
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
