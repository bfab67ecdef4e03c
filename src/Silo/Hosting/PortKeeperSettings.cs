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
    /// <summary>
    /// Reads and validates the <c>PortKeeper</c> configuration now, so that a silo can be set up
    /// from it. Throws <see cref="OptionsValidationException"/> naming every bad option.
    /// </summary>
    public static PortKeeperSettings Load(IConfiguration configuration)
    {
        using var services = new ServiceCollection().AddPortKeeperOptions(configuration).BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<PortKeeperOptions>>().Value;
        return new(options, options.Role == NodeRole.Gateway ? null : services.GetRequiredService<PortRange>());
    }
}
