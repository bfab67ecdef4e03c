using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortKeeper.Domain;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Silo.Hosting;

/// <summary>
/// Validated options and the pools they resolve to, known before any host is built. A gateway-only
/// node (<see cref="NodeRole.Gateway"/>), which hands out no port, knows its pools' names only.
/// </summary>
public sealed record PortKeeperSettings(PortKeeperOptions Options, PoolRegistry Pools)
{
    /// <summary>The ports this node listens on itself (HTTP, silo, gateway), never handed out.</summary>
    public IReadOnlyList<NodeListener> Own { get; init; } = [];

    /// <summary>Those of <see cref="Own"/> that lay in some pool's configured ports and were left out of it.</summary>
    public IReadOnlyList<NodeListener> OwnLeftOut { get; init; } = [];

    /// <summary>
    /// Reads and validates the <c>PortKeeper</c> configuration now, so that a silo can be set up
    /// from it. Throws <see cref="OptionsValidationException"/> naming every bad option.
    /// </summary>
    public static PortKeeperSettings Load(IConfiguration configuration)
    {
        using var services = new ServiceCollection().AddPortKeeperOptions(configuration).BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<PortKeeperOptions>>().Value;
        var ports = options.Role == NodeRole.Gateway
            ? PortRangeResolver.Unresolved(options, NodeListeners.Of(options, configuration))
            : services.GetRequiredService<NodePorts>();
        return new(options, ports.Pools) { Own = ports.Own, OwnLeftOut = ports.OwnLeftOut };
    }
}
