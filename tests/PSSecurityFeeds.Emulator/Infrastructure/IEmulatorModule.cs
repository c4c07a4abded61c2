using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PSSecurityFeeds.Emulator.Infrastructure;

/// <summary>
/// One vendor's API in the emulator. Modules are found by reflection, so adding a vendor touches no
/// shared file. Route names given with WithName are the names faults are planned against.
/// </summary>
public interface IEmulatorModule
{
    /// <summary>Registers the module's state (as singletons, so tests can reach and tune it).</summary>
    void Register(IServiceCollection services);

    void Map(IEndpointRouteBuilder routes);
}
