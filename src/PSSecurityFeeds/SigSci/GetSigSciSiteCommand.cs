using System;
using System.Linq;
using System.Management.Automation;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Infrastructure;

namespace PSSecurityFeeds.SigSci
{
    /// <summary>Lists the sites of the connected corp, optionally only those whose name matches -Name (wildcards allowed).</summary>
    [Cmdlet(VerbsCommon.Get, "SigSciSite", HelpUri = HelpUris.Commands + "get-sigscisite")]
    [OutputType(typeof(SigSciSite))]
    public sealed class GetSigSciSiteCommand : FeedCmdlet<SigSciSession>
    {
        /// <summary>Site short names or wildcard patterns; all sites when left out.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SigSciSiteCompleter))]
        public string[] Name { get; set; } = Array.Empty<string>();

        protected override string ConnectCommand => "Connect-SigSci";

        protected override void ProcessRecord()
        {
            var sites = Await(SigSciSiteList.ReadAsync(ActiveSession, Log, CancelToken));
            SigSciSiteCompleter.Remember(ActiveSession, sites);
            var patterns = Name.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
            foreach (var site in sites.Where(s => patterns.Count == 0 || patterns.Any(p => p.IsMatch(s.Name))))
            {
                WriteObject(site);
            }

            // A name without wildcards that matched nothing is worth saying, as Get-Item does.
            foreach (var missing in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && !sites.Any(s => s.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
            {
                WriteError(ErrorRecords.From(
                    new ItemNotFoundException($"Corp '{ActiveSession.Corp}' has no site '{missing}'. Run Get-SigSciSite to list its sites."),
                    "SigSciSiteNotFound",
                    ErrorCategory.ObjectNotFound,
                    missing));
            }
        }
    }
}
