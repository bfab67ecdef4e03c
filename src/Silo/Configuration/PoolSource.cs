using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>Where a pool of <c>--pool</c> takes its ports from.</summary>
public abstract record PoolSource
{
    private PoolSource()
    {
    }

    /// <summary>An allow-ports list given in the option itself (<c>eu=30000-30999,31001</c>).</summary>
    public sealed record Ports(PortRange Range) : PoolSource;

    /// <summary>The frps config of that cluster (<c>eu=/etc/frp/eu.toml</c>): its allowPorts, minus the ports it binds.</summary>
    public sealed record FrpsConfig(string Path) : PoolSource;
}
