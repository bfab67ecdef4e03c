using Microsoft.Extensions.Configuration;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// Reads the frps config and resolves the port range once per set of options, so that start-up
/// validation and the <see cref="PortRange"/> singleton share one file read.
/// </summary>
internal sealed class ResolvedPorts(IConfiguration? configuration)
{
    private readonly Lock _gate = new();
    private (string? Allow, string? Exclude, string? Frps, NodeRole Role, int Silo, int Gateway, string? Postgres, string? Advertise, bool Kubernetes) _key;
    private Parsed<PortChoice>? _result;

    /// <summary>The range for <paramref name="o"/>, or one line naming the option at fault.</summary>
    public Parsed<PortRange> For(PortKeeperOptions o) => Choice(o) switch
    {
        Parsed<PortChoice>.Ok ok => new Parsed<PortRange>.Ok(ok.Value.Range),
        Parsed<PortChoice>.Error e => new Parsed<PortRange>.Error(e.Message),
        _ => throw new InvalidOperationException("unreachable"),
    };

    /// <summary>The range for <paramref name="o"/> with the ports left out of it, or one line naming the option at fault.</summary>
    public Parsed<PortChoice> Choice(PortKeeperOptions o)
    {
        var key = (o.AllowPorts, o.ExcludePorts, o.FrpsConfig, o.Role, o.SiloPort, o.GatewayPort, o.Postgres, o.AdvertiseAddress, o.Kubernetes);
        lock (_gate)
        {
            if (_result is null || _key != key)
            {
                _result = Resolve(o);
                _key = key;
            }
            return _result;
        }
    }

    private Parsed<PortChoice> Resolve(PortKeeperOptions o)
    {
        FrpsSettings? frps = null;
        if (!string.IsNullOrWhiteSpace(o.FrpsConfig))
        {
            switch (FrpsConfigReader.Read(o.FrpsConfig))
            {
                case Parsed<FrpsSettings>.Ok ok:
                    frps = ok.Value;
                    break;
                case Parsed<FrpsSettings>.Error e:
                    return new Parsed<PortChoice>.Error($"{OptionNames.AsTyped(configuration, OptionNames.FrpsConfig)}: {e.Message}");
            }
        }
        return PortRangeResolver.Choose(o, frps, NodeListeners.Of(o, configuration));
    }
}
