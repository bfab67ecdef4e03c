using Microsoft.Extensions.Configuration;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// Reads the frps configs and resolves the pools' ports once per set of options, so that start-up
/// validation and the <see cref="PoolRegistry"/> share one read of each file.
/// </summary>
internal sealed class ResolvedPorts(IConfiguration? configuration)
{
    private readonly Lock _gate = new();
    private (string? Allow, string? Exclude, string? Frps, string Pools, NodeRole Role, int Silo, int Gateway, string? Postgres, string? Advertise, bool Kubernetes) _key;
    private Parsed<NodePorts>? _result;

    /// <summary>The pools for <paramref name="o"/> with the ports left out of them, or one line naming the option at fault.</summary>
    public Parsed<NodePorts> Choice(PortKeeperOptions o)
    {
        var pools = string.Join("\n", o.Pools.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var key = (o.AllowPorts, o.ExcludePorts, o.FrpsConfig, pools, o.Role, o.SiloPort, o.GatewayPort, o.Postgres, o.AdvertiseAddress, o.Kubernetes);
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

    private Parsed<NodePorts> Resolve(PortKeeperOptions o)
    {
        var own = NodeListeners.Of(o, configuration);
        if (ReadFrps(o.FrpsConfig, OptionNames.AsTyped(configuration, OptionNames.FrpsConfig)) is var (frps, frpsError) && frpsError is not null)
        {
            return new Parsed<NodePorts>.Error(frpsError);
        }
        var chosen = PortRangeResolver.Choose(o, frps, own);
        if (chosen is Parsed<PortChoice>.Error defaultError)
        {
            return new Parsed<NodePorts>.Error(defaultError.Message);
        }
        var extra = new List<(string, PortChoice)>();
        foreach (var (name, spec) in o.Pools.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (PoolOption.Parse(name, spec) is not Parsed<PoolOption>.Ok { Value: var pool })
            {
                continue; // reported by the validator with the entry's own key
            }
            // Named as typed: --pool eu, PortKeeper__Pools__eu, PortKeeper:Pools:eu in appsettings.json.
            var typed = OptionNames.AsTyped(configuration, $"{OptionNames.Pools.Key}:{name}", OptionNames.Pools.Switch);
            var named = typed == OptionNames.Pools.Switch ? $"{typed} {name}" : typed;
            FrpsSettings? poolFrps = null;
            if (pool.Source is PoolSource.FrpsConfig file)
            {
                if (ReadFrps(file.Path, named) is var (read, error) && error is not null)
                {
                    return new Parsed<NodePorts>.Error(error);
                }
                poolFrps = read;
            }
            switch (PortRangeResolver.ChoosePool(pool, poolFrps, o.ExcludePorts, own, named))
            {
                case Parsed<PortChoice>.Ok ok:
                    extra.Add((name, ok.Value));
                    break;
                case Parsed<PortChoice>.Error e:
                    return new Parsed<NodePorts>.Error(e.Message);
            }
        }
        return new Parsed<NodePorts>.Ok(PortRangeResolver.Node(((Parsed<PortChoice>.Ok)chosen).Value, extra, own));
    }

    // The frps config at path (none when unset), or the error naming it as typed.
    private static (FrpsSettings? Frps, string? Error) ReadFrps(string? path, string typed) =>
        string.IsNullOrWhiteSpace(path)
            ? (null, null)
            : FrpsConfigReader.Read(path) switch
            {
                Parsed<FrpsSettings>.Ok ok => (ok.Value, null),
                Parsed<FrpsSettings>.Error e => (null, $"{typed}: {e.Message}"),
                _ => throw new InvalidOperationException("unreachable"),
            };
}
