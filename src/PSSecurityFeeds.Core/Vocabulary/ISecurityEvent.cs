using System;
using System.Collections.Generic;

namespace PSSecurityFeeds.Core.Vocabulary
{
    /// <summary>
    /// The properties every event the module emits has, whatever the vendor, so one Where-Object or
    /// Select-Object works on events of any vendor. Each vendor's own names stay next to them (see
    /// docs/CONVENTIONS.md). A value the vendor does not give is null, a list the vendor does not have is empty.
    /// </summary>
    public interface ISecurityEvent
    {
        /// <summary>The vendor, as its session's Vendor names it: "Signal Sciences", "Akamai SIEM" or "Sekoia.io".</summary>
        string Vendor { get; }

        /// <summary>When the event happened, in UTC.</summary>
        DateTimeOffset? Time { get; }

        /// <summary>The address of the client that sent the request.</summary>
        string? ClientIP { get; }

        /// <summary>The host name the request asked for (the HTTP Host).</summary>
        string? Host { get; }

        string? Method { get; }

        string? Path { get; }

        /// <summary>The HTTP status of the response.</summary>
        int? Status { get; }

        /// <summary>What the vendor did with the request, in the vendor's own word (block/allow, deny/alert, ...).</summary>
        string? Action { get; }

        /// <summary>The ids of the rules that matched.</summary>
        IReadOnlyList<string> RuleIds { get; }

        /// <summary>The names of the signals, tags or categories the vendor attached.</summary>
        IReadOnlyList<string> Tags { get; }
    }
}
