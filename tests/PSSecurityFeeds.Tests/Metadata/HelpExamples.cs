using System.Text.RegularExpressions;

namespace PSSecurityFeeds.Tests.Metadata;

/// <summary>What the documentation checks look for in example code (help, README, about help, docs).</summary>
public static class HelpExamples
{
    private static readonly Regex WindowsPath = new(@"\b[A-Za-z]:\\", RegexOptions.CultureInvariant);
    private static readonly Regex PortablePath = new(@"(^|[\s'""(])(\.{1,2}/|~/|/(var|etc|opt|srv|home|tmp)/)", RegexOptions.CultureInvariant | RegexOptions.Multiline);
    private static readonly Regex SecretVariable = new(@"\$env:\w*(TOKEN|KEY|SECRET|PASSWORD)\w*\s*=", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public static bool HasWindowsPath(string code) => WindowsPath.IsMatch(code);

    public static bool HasPortablePath(string code) => PortablePath.IsMatch(code);

    /// <summary>Whether the code sets an environment variable named like a secret: a plain-text secret in the process environment.</summary>
    public static bool SetsSecretVariable(string code) => SecretVariable.IsMatch(code);
}
