using System;
using System.Runtime.InteropServices;
using System.Security;

namespace PSSecurityFeeds.Core.Sessions
{
    /// <summary>
    /// The two crossings between SecureString and text: a secret is revealed only at the moment a header,
    /// form or signature is built, and text from an environment variable or a file is protected at once.
    /// </summary>
    public static class SecretText
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

        /// <summary>A read-only SecureString holding <paramref name="text"/>.</summary>
        public static SecureString Protect(string text)
        {
            var secure = new SecureString();
            foreach (var character in text)
            {
                secure.AppendChar(character);
            }

            secure.MakeReadOnly();
            return secure;
        }

        /// <summary>The environment variable's value as a SecureString, or null when it is unset or empty.</summary>
        public static SecureString? FromEnvironment(string variable)
        {
            var value = Environment.GetEnvironmentVariable(variable);
            return string.IsNullOrEmpty(value) ? null : Protect(value!);
        }
    }
}
