using PortKeeper.Domain;

namespace PortKeeper.Gateway.Plugin;

/// <summary>
/// Ports of one pool never handed out because its frps (<see cref="Frps"/>) or PortKeeper itself
/// (<see cref="Own"/>: port to the option that sets it) listens on them, so that a refusal can say so.
/// </summary>
public sealed record ReservedPorts(IReadOnlySet<int> Frps, IReadOnlyDictionary<int, string> Own)
{
    /// <summary>No port known to be reserved.</summary>
    public static ReservedPorts None { get; } = new(new HashSet<int>(), new Dictionary<int, string>());

    /// <summary>The reserved ports of <paramref name="pool"/> of <paramref name="pools"/>; none without a registry.</summary>
    public static ReservedPorts Of(PoolRegistry? pools, PoolPorts? pool) =>
        pools is null || pool is null ? None : new(pool.FrpsPorts, pools.Own);
}
