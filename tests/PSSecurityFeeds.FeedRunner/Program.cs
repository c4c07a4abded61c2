using System;
using System.Linq;
using System.Threading;
using PSSecurityFeeds.Core.Akamai;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sessions;
using PSSecurityFeeds.Core.SigSci;
using PSSecurityFeeds.Core.State;
using PSSecurityFeeds.Emulator.Akamai;
using PSSecurityFeeds.Emulator.SigSci;

// Reads one feed from the emulator into an out file with a checkpoint, as a scheduled job with -OutFile does,
// until the feed is drained (exit 0) or the process is killed. The kill -9 tests start it again and again.
//   akamai <baseUri> <checkpoint> <outFile> <limit> <commitMs>
//   sigsci <baseUri> <checkpoint> <outFile> <commitMs> <fromUnix> <untilUnix> <site> [<site>...]
var vendor = args[0];
var baseUri = new Uri(args[1]);
var outFile = new OutFileOptions { Path = args[3] };
var options = new HttpPipelineOptions
{
    MaxRetries = 50,
    InitialBackoff = TimeSpan.FromMilliseconds(5),
    MaxBackoff = TimeSpan.FromMilliseconds(50),
    RetryBudget = TimeSpan.FromSeconds(60),
    RequestTimeout = TimeSpan.FromSeconds(20),
};

if (vendor == "akamai")
{
    var credential = new EdgeGridCredential(baseUri.ToString(), AkamaiSiemState.ClientToken, SecretText.Protect(AkamaiSiemState.ClientSecret), AkamaiSiemState.AccessToken);
    using var session = new AkamaiSiemSession(credential, new HttpPipeline(options));
    var query = new AkamaiSiemQuery
    {
        ConfigIds = new[] { 14227 },
        Limit = int.Parse(args[4]),
        Drain = true,
        Raw = true,
        CheckpointPath = args[2],
        OutFile = outFile,
        CommitPolicy = new CommitPolicy { MaxDelay = TimeSpan.FromMilliseconds(int.Parse(args[5])) },
    };
    await foreach (var _ in session.CreateClient().ReadAsync(query, session.CreateLog(), CancellationToken.None))
    {
        throw new InvalidOperationException("Without -PassThru nothing is handed out.");
    }
}
else
{
    using var session = new SigSciSession(baseUri, SigSciEmulatorState.Corp, SigSciEmulatorState.Email, SecretText.Protect(SigSciEmulatorState.ApiToken), SigSciAuthMode.ApiToken, new HttpPipeline(options));
    await session.ConnectAsync(session.CreateLog(), CancellationToken.None);
    var feed = new SigSciFeed(session, new SigSciFeedOptions
    {
        Sites = args.Skip(7).ToArray(),
        From = DateTimeOffset.FromUnixTimeSeconds(long.Parse(args[5])),
        Until = DateTimeOffset.FromUnixTimeSeconds(long.Parse(args[6])),
        Raw = true,
        CheckpointPath = args[2],
        OutFile = outFile,
        CommitPolicy = new CommitPolicy { MaxDelay = TimeSpan.FromMilliseconds(int.Parse(args[4])) },
    });
    await foreach (var _ in feed.ReadAsync(session.CreateLog(), CancellationToken.None))
    {
        throw new InvalidOperationException("Without -PassThru nothing is handed out.");
    }
}

Console.WriteLine("done");
return 0;
