using System;
using System.Collections.Generic;
using System.Linq;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// Field names most Sekoia.io intakes fill (ECS-style), offered for tab completion of -Field, which takes
    /// explicit names only. Any other name is still accepted; this list only saves typing.
    /// </summary>
    public static class SekoiaFieldNames
    {
        public static IReadOnlyList<string> Common { get; } = new[]
        {
            "@timestamp", "message", "event.id", "event.category", "event.type", "event.action", "event.outcome",
            "event.dataset", "event.created", "sekoiaio.intake.dialect", "sekoiaio.intake.uuid", "observer.vendor",
            "observer.product", "host.name", "host.ip", "user.name", "user.domain", "source.ip", "source.port",
            "source.address", "destination.ip", "destination.port", "destination.address", "network.transport",
            "network.protocol", "url.original", "url.domain", "http.request.method", "http.response.status_code",
            "user_agent.original", "process.name", "process.command_line", "file.name", "file.hash.sha256",
            "dns.question.name", "rule.name", "alert.severity",
        };

        /// <summary>The common names that start with what was typed so far (case-insensitive), in list order.</summary>
        public static IEnumerable<string> StartingWith(string typed) =>
            Common.Where(name => name.StartsWith(typed, StringComparison.OrdinalIgnoreCase));
    }
}
