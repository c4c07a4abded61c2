using System;
using System.Collections.Specialized;
using System.Collections.Generic;
using PSSecurityFeeds.Core.Emulation;
using PSSecurityFeeds.Core.Sessions;

namespace PSSecurityFeeds.Emulation
{
    /// <summary>
    /// A running emulator, as Start-PSSecurityFeedsEmulator returns it: each vendor's Connect-* parameters as a
    /// dictionary ready to splat (secrets as SecureString), and the data its tenants hold.
    /// </summary>
    public sealed class EmulatorInstance
    {
        internal EmulatorInstance(EmulatorProcess process)
        {
            Process = process;
            var accounts = process.Accounts;
            SigSci = Splat(
                ("ApiBaseUri", accounts.SigSci.ApiBaseUri),
                ("Corp", accounts.SigSci.Corp),
                ("Email", accounts.SigSci.Email),
                ("ApiToken", SecretText.Protect(accounts.SigSci.ApiToken)));
            AkamaiSiem = Splat(
                ("HostName", accounts.AkamaiSiem.HostName),
                ("ClientToken", accounts.AkamaiSiem.ClientToken),
                ("AccessToken", accounts.AkamaiSiem.AccessToken),
                ("ClientSecret", SecretText.Protect(accounts.AkamaiSiem.ClientSecret)));
            Sekoia = Splat(
                ("ApiBaseUri", accounts.Sekoia.ApiBaseUri),
                ("ApiKey", SecretText.Protect(accounts.Sekoia.ApiKey)));
        }

        public Uri BaseUri => Process.BaseUri;

        public int ProcessId => Process.ProcessId;

        /// <summary>When it stops by itself (it also stops when the PowerShell that started it exits).</summary>
        public DateTimeOffset StopsAt => Process.StopsAt;

        public bool Running => !Process.HasExited;

        /// <summary>Connect-SigSci's parameters: ApiBaseUri, Corp, Email, ApiToken.</summary>
        public OrderedDictionary SigSci { get; }

        /// <summary>Connect-AkamaiSiem's parameters: HostName, ClientToken, AccessToken, ClientSecret.</summary>
        public OrderedDictionary AkamaiSiem { get; }

        /// <summary>Connect-Sekoia's parameters: ApiBaseUri (the emulator's address with /sekoia), ApiKey.</summary>
        public OrderedDictionary Sekoia { get; }

        /// <summary>The sites of the emulated corp, for Get-SigSciFeed -Site.</summary>
        public IReadOnlyList<string> SigSciSites => Process.Accounts.SigSci.Sites;

        /// <summary>The security configurations the emulated API client may read, for Get-AkamaiSiemEvent -ConfigId.</summary>
        public IReadOnlyList<int> AkamaiConfigIds => Process.Accounts.AkamaiSiem.ConfigIds;

        internal EmulatorProcess Process { get; }

        public override string ToString() => BaseUri.ToString();

        // Ordered like Connect-*'s syntax, and case-insensitive like a hashtable written in PowerShell.
        private static OrderedDictionary Splat(params (string Name, object Value)[] parameters)
        {
            var table = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in parameters)
            {
                table[name] = value;
            }

            return table;
        }
    }
}
