namespace PSSecurityFeeds.Emulator.Akamai;

/// <summary>One WAF rule the emulator reports, in plain text (the generator encodes it as Akamai does).</summary>
public sealed record AkamaiRuleTemplate(string Id, string Version, string Message, string Tag, string Data, string Selector, string Action)
{
    /// <summary>Rules modelled on the official example; data with "~~~>" encodes to base64 with '+', selectors may be empty.</summary>
    public static readonly AkamaiRuleTemplate[] Catalog =
    {
        new("950002", "4", "System Command Access", "OWASP_CRS/WEB_ATTACK/FILE_INJECTION", "telnet.exe", "ARGS:option", "alert"),
        new("950006", "4", "System Command Injection", "OWASP_CRS/WEB_ATTACK/COMMAND_INJECTION", "telnet.exe", "ARGS:option", "alert"),
        new("950004", "3", "Cross-site Scripting (XSS) Attack", "OWASP_CRS/WEB_ATTACK/XSS", "<script>alert(1)</script>", "ARGS:q", "alert"),
        new("981318", "2", "SQL Injection Attack: Common Injection Testing Detected", "OWASP_CRS/WEB_ATTACK/SQL_INJECTION", "~~~> or 1=1 --", "ARGS:id", "alert"),
        new("3000039", "1", "Path Traversal Attempt", "AKAMAI/WEB_ATTACK/LFI", "../../etc/passwd", "REQUEST_FILENAME", "deny"),
        new("CMD-INJECTION-ANOMALY", "1", "Anomaly Score Exceeded for Command Injection", "AKAMAI/POLICY/CMD_INJECTION_ANOMALY", "Vector Score: 10, DENY threshold: 9, Alert Rules: 950002:950006, Deny Rule: , Last Matched Message: System Command Injection", "", "deny"),
        new("BOT-DECLARED", "1", "Declared Bot: Monitoring Service", "AKAMAI/BOT/DECLARED", "", "", "monitor"),
    };
}
