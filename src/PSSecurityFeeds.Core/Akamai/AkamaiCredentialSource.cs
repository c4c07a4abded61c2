using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// Finds the EdgeGrid credential when none is given explicitly: the AKAMAI_[SECTION_]* environment variables
    /// when they are set (as Akamai's libraries do), else the .edgerc file.
    /// </summary>
    public static class AkamaiCredentialSource
    {
        public const string DefaultSection = "default";

        private static readonly string[] Keys = { "HOST", "CLIENT_TOKEN", "CLIENT_SECRET", "ACCESS_TOKEN" };

        /// <summary>
        /// The credential from the environment for <paramref name="section"/>, or null when none of its variables
        /// is set. A partial set is an error naming the missing variables.
        /// </summary>
        public static EdgeGridCredential? FromEnvironment(string section, Func<string, string?> getVariable)
        {
            var prefix = "AKAMAI_" + (string.Equals(section, DefaultSection, StringComparison.OrdinalIgnoreCase) ? string.Empty : section.ToUpperInvariant().Replace('-', '_') + "_");
            var values = Keys.ToDictionary(key => key, key => getVariable(prefix + key));
            if (values.Values.All(string.IsNullOrEmpty))
            {
                return null;
            }

            var missing = values.Where(pair => string.IsNullOrEmpty(pair.Value)).Select(pair => prefix + pair.Key).ToList();
            if (missing.Count > 0)
            {
                throw new FeedException(
                    "AkamaiEnvironmentIncomplete",
                    FeedErrorCategory.InvalidData,
                    $"The environment sets some of the EdgeGrid variables for section '{section}' but not {string.Join(", ", missing)}. Set all four ({string.Join(", ", Keys.Select(k => prefix + k))}) or none.")
                {
                    Target = section,
                };
            }

            return new EdgeGridCredential(
                values["HOST"]!.Trim().TrimEnd('/'),
                values["CLIENT_TOKEN"]!.Trim(),
                SecretText.Protect(values["CLIENT_SECRET"]!.Trim()),
                values["ACCESS_TOKEN"]!.Trim())
            {
                Source = $"environment variables {prefix}*",
            };
        }

        /// <summary>The environment's credential for the section when set, else the section of the .edgerc file.</summary>
        public static Task<EdgeGridCredential> ResolveAsync(string? edgeRcPath, string section, Func<string, string?> getVariable, CancellationToken cancellationToken)
        {
            if (edgeRcPath is null && FromEnvironment(section, getVariable) is { } fromEnvironment)
            {
                return Task.FromResult(fromEnvironment);
            }

            return EdgeRcFile.ReadAsync(edgeRcPath ?? EdgeRcFile.DefaultPath, section, cancellationToken);
        }
    }
}
