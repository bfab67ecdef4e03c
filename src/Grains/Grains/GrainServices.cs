using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PortKeeper.Grains;

/// <summary>What PortKeeper's grains need from a silo's services, besides the pool registry.</summary>
public static class GrainServices
{
    /// <summary>Registers the clock and the pool's metrics (the pool registry is registered by the host).</summary>
    public static IServiceCollection AddPortKeeperGrainServices(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PoolMetrics>();
        return services;
    }
}
