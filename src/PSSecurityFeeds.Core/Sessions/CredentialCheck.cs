using System.Linq;
using System.Security;
using PSSecurityFeeds.Core.Diagnostics;

namespace PSSecurityFeeds.Core.Sessions
{
    /// <summary>
    /// Credentials as they were given: refused before any request when empty or only white space, or when they
    /// hold a control character (a pasted line break) that cannot go into a request header. Errors name the
    /// parameter, never the value.
    /// </summary>
    public static class CredentialCheck
    {
        /// <summary>Throws &lt;vendor&gt;EmptyCredential or &lt;vendor&gt;InvalidCredential; returns the value otherwise.</summary>
        public static string RequireText(string? value, string what, string vendor)
        {
            Require(value, what, vendor);
            return value!;
        }

        public static void RequireSecret(SecureString? value, string what, string vendor) =>
            Require(value is null ? null : SecretText.Reveal(value), what, vendor);

        private static void Require(string? value, string what, string vendor)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new FeedException(vendor + "EmptyCredential", FeedErrorCategory.InvalidArgument, $"{what} is empty or only white space. Give the value itself.")
                {
                    Target = what,
                };
            }

            if (value!.Any(char.IsControl))
            {
                throw new FeedException(
                    vendor + "InvalidCredential",
                    FeedErrorCategory.InvalidArgument,
                    $"{what} holds a control character such as a line break, which cannot be sent in a request header. Copy the value again without it.")
                {
                    Target = what,
                };
            }
        }
    }
}
