using System.Linq;
using PSSecurityFeeds.Core.Sekoia;
using Xunit;

namespace PSSecurityFeeds.Tests.Sekoia;

public sealed class SekoiaFieldNamesTests
{
    [Fact]
    public void Completes_what_was_typed_case_insensitively()
    {
        Assert.Equal(new[] { "source.ip", "source.port", "source.address" }, SekoiaFieldNames.StartingWith("Source.").ToArray());
        Assert.Equal(new[] { "@timestamp" }, SekoiaFieldNames.StartingWith("@").ToArray());
        Assert.Empty(SekoiaFieldNames.StartingWith("no.such."));
    }

    [Fact]
    public void Offers_only_names_an_export_accepts()
    {
        // Every suggestion passes the export's own check (explicit names, no wildcards), which throws otherwise.
        var request = new SekoiaExportRequest { JobUuid = "7a1f3a0e-2c55-4f0c-8d0e-0f1d6b2c9a11", Fields = SekoiaFieldNames.Common, Path = System.IO.Path.GetTempPath() };

        Assert.NotNull(request.Validate());
        Assert.Equal(SekoiaFieldNames.Common.Count, SekoiaFieldNames.Common.Distinct().Count());
    }
}
