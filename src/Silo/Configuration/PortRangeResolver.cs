using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>Decides which ports PortKeeper hands out, from its options and frps's configuration.</summary>
public static class PortRangeResolver
{
    /// <summary>
    /// The range is <c>--allow-ports</c> when set, else frps's allowPorts, without the ports frps
    /// binds, without <c>--exclude-ports</c> and without the ports the node listens on itself
    /// (<paramref name="own"/>: HTTP, silo, gateway), which are named in the choice when the
    /// configured range held them. Pure. Returns an error when a port list does not parse, when no
    /// range is given (or only frps's implicit 1-65535), when <c>--allow-ports</c> holds ports frps
    /// would refuse (naming them), or when no port is left.
    /// </summary>
    public static Parsed<PortChoice> Choose(PortKeeperOptions o, FrpsSettings? frps, IReadOnlyList<NodeListener> own)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(own);
        var (allow, allowError) = PortList(NodeOptions.AllowPorts, o.AllowPorts);
        var (exclude, excludeError) = PortList(NodeOptions.ExcludePorts, o.ExcludePorts);
        if ((allowError ?? excludeError) is string error)
        {
            return new Parsed<PortChoice>.Error(error);
        }
        var frpsAllow = frps?.AllowPorts;
        if (allow is null && frpsAllow is null)
        {
            return new Parsed<PortChoice>.Error(frps is null
                ? "set --allow-ports or --frps-config with allowPorts"
                : "set --allow-ports: the frps config has no allowPorts, so frps accepts 1-65535, ports the system itself uses (like 22) among them");
        }
        if (allow is not null && frpsAllow?.Missing(allow) is { Count: > 0 } refused)
        {
            return new Parsed<PortChoice>.Error($"--allow-ports: frps would refuse {refused} (its allowPorts are {frpsAllow})");
        }
        return Narrow(allow ?? frpsAllow!, frps?.BoundPorts, exclude, own, "");
    }

    /// <summary>
    /// The ports of the pool <paramref name="pool"/> of <c>--pool</c>: its allow ports, or the
    /// allowPorts of its frps config (<paramref name="frps"/>, read from <see cref="PoolSource.FrpsConfig"/>)
    /// without the ports that frps binds; in both cases without <c>--exclude-ports</c> and the ports the
    /// node listens on (<paramref name="own"/>). Pure. Returns an error, starting with
    /// <paramref name="option"/> (the pool as the user typed it; <c>--pool NAME</c> when null), when
    /// the frps config has no allowPorts or no port is left.
    /// </summary>
    public static Parsed<PortChoice> ChoosePool(PoolOption pool, FrpsSettings? frps, string? excludePorts, IReadOnlyList<NodeListener> own, string? option = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(own);
        var prefix = $"{option ?? $"{NodeOptions.Pools.Switch} {pool.Name}"}: ";
        var (exclude, excludeError) = PortList(NodeOptions.ExcludePorts, excludePorts);
        if (excludeError is not null)
        {
            return new Parsed<PortChoice>.Error(excludeError);
        }
        return pool.Source switch
        {
            PoolSource.Ports ports => Narrow(ports.Range, null, exclude, own, prefix),
            PoolSource.FrpsConfig file when frps?.AllowPorts is { } allow => Narrow(allow, frps.BoundPorts, exclude, own, prefix),
            PoolSource.FrpsConfig file => new Parsed<PortChoice>.Error(
                $"{prefix}{file.Path} has no allowPorts, so frps accepts 1-65535, ports the system itself uses (like 22) among them; give the pool its ports instead ({pool.Name}=30000-30999)"),
            _ => throw new ArgumentOutOfRangeException(nameof(pool), pool.Source, "an unknown pool source"),
        };
    }

    /// <summary>
    /// The node's pools: the default one and those of <c>--pool</c>, with the ports the node listens
    /// on (<paramref name="own"/>) and those of them that some pool's configured ports held. Pure.
    /// </summary>
    public static NodePorts Node(PortChoice defaultPool, IEnumerable<(string Name, PortChoice Choice)> extra, IReadOnlyList<NodeListener> own)
    {
        ArgumentNullException.ThrowIfNull(defaultPool);
        ArgumentNullException.ThrowIfNull(extra);
        ArgumentNullException.ThrowIfNull(own);
        var pools = extra.ToList();
        var registry = new PoolRegistry(
            new PoolPorts(PoolRegistry.DefaultName, defaultPool.Range, defaultPool.FrpsPorts, Configured(defaultPool)),
            pools.Select(p => new PoolPorts(p.Name, p.Choice.Range, p.Choice.FrpsPorts, Configured(p.Choice))),
            OwnPorts(own));
        var leftOut = own.Where(l => defaultPool.OwnLeftOut.Contains(l) || pools.Any(p => p.Choice.OwnLeftOut.Contains(l))).ToList();
        return new NodePorts(registry, own, leftOut);
    }

    /// <summary>
    /// The pools of a node that hands out no port itself (<c>--role gateway</c>): their names only,
    /// with empty ranges, so that the gateway serves their paths; the silos decide their ports. Pure.
    /// </summary>
    public static NodePorts Unresolved(PortKeeperOptions o, IReadOnlyList<NodeListener> own)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(own);
        var none = new HashSet<int>();
        return new NodePorts(
            new PoolRegistry(new PoolPorts(PoolRegistry.DefaultName, PortRange.Empty, none), o.Pools.Keys.Select(n => new PoolPorts(n, PortRange.Empty, none)), OwnPorts(own)),
            own, []);
    }

    // The choice's range with the node's own ports it left out put back: what every node agrees on.
    private static PortRange? Configured(PortChoice choice) =>
        choice.OwnLeftOut.Count == 0 ? null
            : PortRange.Of(choice.Range.Intervals.Concat(choice.OwnLeftOut.Select(l => new PortInterval(l.Port, l.Port))));

    private static Dictionary<int, string> OwnPorts(IReadOnlyList<NodeListener> own) =>
        own.GroupBy(l => l.Port).ToDictionary(g => g.Key, g => g.First().Option);

    private static Parsed<PortChoice> Narrow(PortRange range, IReadOnlySet<int>? bound, PortRange? exclude, IReadOnlyList<NodeListener> own, string prefix)
    {
        exclude ??= PortRange.Empty;
        var frpsPorts = bound ?? new HashSet<int>();
        var ownPorts = own.Select(l => l.Port).ToHashSet();
        var left = exclude.Missing(range.Except(frpsPorts).Except(ownPorts));
        var ownPart = ownPorts.Count > 0 ? $", the ports this node listens on ({Ports(ownPorts)})" : "";
        return left.Count > 0
            ? new Parsed<PortChoice>.Ok(new(left, frpsPorts, own, [.. own.Where(l => range.Contains(l.Port) && !exclude.Contains(l.Port) && !frpsPorts.Contains(l.Port))]))
            : new Parsed<PortChoice>.Error($"{prefix}no port left to hand out: {range} without the ports frps binds ({Ports(bound)}){ownPart} and --exclude-ports ({exclude}) is empty");
    }

    private static (PortRange? Range, string? Error) PortList(NodeOption option, string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? (null, null)
            : AllowPorts.Parse(text) switch
            {
                Parsed<PortRange>.Ok ok => (ok.Value, null),
                Parsed<PortRange>.Error e => (null, $"{option.Switch}: {e.Message}"),
                _ => throw new InvalidOperationException("unreachable"),
            };

    private static string Ports(IReadOnlySet<int>? ports) =>
        ports is { Count: > 0 } ? string.Join(",", ports.Order()) : "none";
}
