using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>
/// Per-user limits, as pure functions: how many ports a user's own proxies may hold and which
/// ports they come from. A limit only ever refuses a new port: lowering it never takes a port
/// from a proxy that holds one.
/// </summary>
public static class Limits
{
    /// <summary>The most ports the user's own proxies may hold: its own limit, else <paramref name="defaultMax"/>; 0 for none.</summary>
    public static int MaxPorts(UserLimit? own, int defaultMax) => own?.MaxPorts ?? defaultMax;

    /// <summary>
    /// The refusal of a port for <paramref name="proxy"/> asking for <paramref name="requested"/> (null:
    /// any), or null when the user's limits allow it: a requested port outside <paramref name="ports"/>
    /// (the user's own ports, null for any) is refused, and a proxy that holds no port yet is refused
    /// once the user's proxies hold their limit. A proxy that holds a port is never refused for the
    /// count, which it does not raise.
    /// </summary>
    public static Allocation? Refusal(UserState user, ProxyId proxy, int? requested, int defaultMax, PortRange? ports)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (requested is int want && ports is not null && !ports.Contains(want))
        {
            return new Allocation.OutsideUserPorts(want, ports.ToString());
        }
        var max = MaxPorts(user.Limit, defaultMax);
        return max > 0 && user.Lease(proxy) is null && user.Proxies.Count >= max ? new Allocation.LimitReached(max) : null;
    }

    /// <summary>
    /// The user's own ports <paramref name="limit"/> names, within the pool's <paramref name="range"/>, or
    /// what is wrong with the limit: a negative count, ports that do not parse, or ports outside the pool's.
    /// </summary>
    public static Parsed<PortRange?> Check(UserLimit limit, PortRange range)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(range);
        if (limit.MaxPorts is < 0)
        {
            return new Parsed<PortRange?>.Error($"maxPorts must be 0 (no limit) or more, not {limit.MaxPorts}");
        }
        if (limit.Ports is null)
        {
            return new Parsed<PortRange?>.Ok(null);
        }
        return AllowPorts.Parse(limit.Ports) switch
        {
            Parsed<PortRange>.Error(var message) => new Parsed<PortRange?>.Error($"ports: {message}"),
            Parsed<PortRange>.Ok(var ports) when range.Missing(ports) is { Count: > 0 } outside =>
                new Parsed<PortRange?>.Error($"ports {outside} are outside the pool's ports {range}"),
            Parsed<PortRange>.Ok(var ports) => new Parsed<PortRange?>.Ok(ports),
            _ => throw new InvalidOperationException("unknown parse"),
        };
    }

    /// <summary>The limits of <paramref name="user"/> as they apply now, with the number of ports its own proxies hold.</summary>
    public static UserLimits Of(UserState user, int defaultMax)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new UserLimits(MaxPorts(user.Limit, defaultMax), user.Limit?.Ports, user.Limit, user.Proxies.Count);
    }
}
