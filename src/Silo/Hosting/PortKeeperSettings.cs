using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortKeeper.Domain;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Silo.Hosting;

/// <summary>
/// Validated options and the port range they resolve to, known before any host is built. The
/// range is null for a gateway-only node (<see cref="NodeRole.Gateway"/>), which hands out none.
/// </summary>
public sealed record PortKeeperSettings(PortKeeperOptions Options, PortRange? Range)
{
    /// <summary>The ports this node listens on itself (HTTP, silo, gateway), never handed out.</summary>
    public IReadOnlyList<NodeListener> Own { get; init; } = [];

    /// <summary>Those of <see cref="Own"/> that lay in the configured range and were left out of it.</summary>
    public IReadOnlyList<NodeListener> OwnLeftOut { get; init; } = [];

    /// <summary>The ports frps binds itself (from <c>--frps-config</c>), never handed out.</summary>
    public IReadOnlySet<int> FrpsPorts { get; init; } = new HashSet<int>();

    /// <summary>
    /// Reads and validates the <c>PortKeeper</c> configuration now, so that a silo can be set up
    /// from it. Throws <see cref="OptionsValidationException"/> naming every bad option.
    /// </summary>
    public static PortKeeperSettings Load(IConfiguration configuration)
    {
        using var services = new ServiceCollection().AddPortKeeperOptions(configuration).BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<PortKeeperOptions>>().Value;
        if (options.Role == NodeRole.Gateway)
        {
            return new(options, null) { Own = NodeListeners.Of(options, configuration) };
        }
        var choice = services.GetRequiredService<PortChoice>();
        return new(options, choice.Range) { Own = choice.Own, OwnLeftOut = choice.OwnLeftOut, FrpsPorts = choice.FrpsPorts };
    }
}
