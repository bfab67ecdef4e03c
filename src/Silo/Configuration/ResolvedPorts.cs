using Microsoft.Extensions.Configuration;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>The ports of a node's pools, from its options and the frps configs they name.</summary>
internal static class ResolvedPorts
{
    /// <summary>
    /// The pools for <paramref name="o"/> with the ports left out of them, each frps config read
    /// through <paramref name="readFrps"/>; or one line naming the option at fault (as typed in
    /// <paramref name="configuration"/>). Pure.
    /// </summary>
    public static Parsed<NodePorts> Read(PortKeeperOptions o, IConfiguration configuration, Func<string, Parsed<FrpsSettings>> readFrps)
    {
        var own = NodeListeners.Of(o, configuration);
        if (ReadFrps(readFrps, o.FrpsConfig, NodeOptions.AsTyped(configuration, NodeOptions.FrpsConfig)) is var (frps, frpsError) && frpsError is not null)
        {
            return new Parsed<NodePorts>.Error(frpsError);
        }
        var chosen = PortRangeResolver.Choose(o, frps, own);
        if (chosen is Parsed<PortChoice>.Error defaultError)
        {
            return new Parsed<NodePorts>.Error(defaultError.Message);
        }
        var extra = new List<(string, PortChoice)>();
        foreach (var (name, source) in o.Pools)
        {
            // Named as typed: --pool eu, PortKeeper__Pools__eu, PortKeeper:Pools:eu in appsettings.json.
            var typed = NodeOptions.AsTyped(configuration, $"{NodeOptions.Pools.Key}:{name}", NodeOptions.Pools.Switch);
            var named = typed == NodeOptions.Pools.Switch ? $"{typed} {name}" : typed;
            FrpsSettings? poolFrps = null;
            if (source is PoolSource.FrpsConfig file)
            {
                if (ReadFrps(readFrps, file.Path, named) is var (read, error) && error is not null)
                {
                    return new Parsed<NodePorts>.Error(error);
                }
                poolFrps = read;
            }
            switch (PortRangeResolver.ChoosePool(new PoolOption(name, source), poolFrps, o.ExcludePorts, own, named))
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
    private static (FrpsSettings? Frps, string? Error) ReadFrps(Func<string, Parsed<FrpsSettings>> readFrps, string? path, string typed) =>
        string.IsNullOrWhiteSpace(path)
            ? (null, null)
            : readFrps(path) switch
            {
                Parsed<FrpsSettings>.Ok ok => (ok.Value, null),
                Parsed<FrpsSettings>.Error e => (null, $"{typed}: {e.Message}"),
                _ => throw new InvalidOperationException("unreachable"),
            };
}
