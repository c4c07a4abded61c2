using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Cmdlets.Tests.Infrastructure;
using PSSecurityFeeds.Tests.Infrastructure;
using Xunit;

namespace PSSecurityFeeds.Cmdlets.Tests.Desktop;

/// <summary>
/// The netstandard2.0 build that Windows PowerShell 5.1 imports (bin/Desktop) cannot run here, but its
/// assemblies can be loaded on .NET the way 5.1 finds them: a dependency only that build needs, missing or of
/// the wrong version, fails here instead of on a user's Windows PowerShell.
/// </summary>
public sealed class DesktopBuildTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public DesktopBuildTests(EmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public void Every_assembly_type_and_method_loads_with_what_Windows_PowerShell_supplies()
    {
        Assert.Empty(DesktopBuildCheck.Problems(BuiltModule.DesktopFolder));
    }

    [Theory]
    [InlineData("System.Memory")]
    [InlineData("Microsoft.Bcl.AsyncInterfaces")]
    [InlineData("System.Runtime.CompilerServices.Unsafe")]
    public void A_build_missing_a_dependency_fails_the_check(string dependency)
    {
        var copy = Directory.CreateTempSubdirectory("pssecurityfeeds-desktop-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(BuiltModule.DesktopFolder, "*.dll").Where(f => Path.GetFileNameWithoutExtension(f) != dependency))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            Assert.Contains(DesktopBuildCheck.Problems(copy), problem => problem.Contains($"bin/Desktop has no {dependency}.dll", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task The_Desktop_build_reads_Akamai_events_with_its_own_System_Text_Json()
    {
        _emulator.Reset();
        var context = new DesktopLoadContext(BuiltModule.DesktopFolder);
        try
        {
            var core = new ReflectedCore(context.LoadFromFolder("PSSecurityFeeds.Core"));
            var events = await core.ReadAkamaiEventsAsync(_emulator.BaseUri.GetLeftPart(UriPartial.Authority), configId: 14227, limit: 20);

            Assert.True(events.Count >= 20, $"{events.Count} events");
            Assert.All(events, e => Assert.NotEmpty(e.Rules));
            Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.ClientIP)));
            var json = context.Assemblies.Single(a => a.GetName().Name == "System.Text.Json");
            Assert.Equal(Path.Combine(BuiltModule.DesktopFolder, "System.Text.Json.dll"), json.Location);
            Assert.Single(_emulator.Server.Requests.For("akamai.siem"));
        }
        finally
        {
            context.Unload();
        }
    }
}
