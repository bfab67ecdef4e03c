using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>Registers <see cref="PortKeeperOptions"/> with its start-up validation, and words start-up failures.</summary>
public static class PortKeeperConfiguration
{
    /// <summary>
    /// Binds the <c>PortKeeper</c> section, validates it when the host starts (ports, timeouts,
    /// body limit, port lists, pools, the frps configs, the resolved ranges) and registers the
    /// resolved <see cref="NodePorts"/> and its <see cref="PoolRegistry"/> as singletons, computed
    /// once. A failure surfaces as an <see cref="OptionsValidationException"/>; <see cref="Hosting.NodeRunner.Describe"/> words it.
    /// </summary>
    public static IServiceCollection AddPortKeeperOptions(this IServiceCollection s, IConfiguration c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var ports = new ResolvedPorts(c);
        s.AddSingleton(ports);
        s.AddOptions<PortKeeperOptions>()
            .Configure(o => OptionsText.Apply(c.GetSection(PortKeeperOptions.Section), o))
            .ValidateOnStart();
        s.AddSingleton<IValidateOptions<PortKeeperOptions>>(new PortKeeperOptionsValidator(c, ports));
        s.AddSingleton(sp => ports.Choice(sp.GetRequiredService<IOptions<PortKeeperOptions>>().Value) switch
        {
            Parsed<NodePorts>.Ok ok => ok.Value,
            Parsed<NodePorts>.Error e => throw new OptionsValidationException(Options.DefaultName, typeof(PortKeeperOptions), [e.Message]),
            _ => throw new InvalidOperationException("unreachable"),
        });
        s.AddSingleton(sp => sp.GetRequiredService<NodePorts>().Pools);
        return s;
    }
}
