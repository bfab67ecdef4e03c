using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>One proxy of a user: its port space and its name.</summary>
public readonly record struct ProxyId(Protocol Protocol, string Name)
{
    /// <summary>The text form, e.g. <c>tcp/laptop.ssh</c>.</summary>
    public override string ToString() => $"{Protocol.Name()}/{Name}";
}

/// <summary>
/// What a user grain keeps: the lease of each of the user's own proxies, and the group of each of its
/// grouped proxies (whose port is the group's), so that a CloseProxy, which names no group, reaches it.
/// </summary>
public sealed record UserState(ImmutableDictionary<ProxyId, LeaseState> Proxies)
{
    /// <summary>The load-balancing group of each grouped proxy of the user.</summary>
    public ImmutableDictionary<ProxyId, string> Grouped { get; init; } = ImmutableDictionary<ProxyId, string>.Empty;

    /// <summary>The operator's limit for this user; null: the default limit, any port of the pool.</summary>
    public UserLimit? Limit { get; init; }

    /// <summary>The group of <paramref name="proxy"/>, or null when it is not grouped.</summary>
    public string? GroupOf(ProxyId proxy) => Grouped.GetValueOrDefault(proxy);

    /// <summary>This user with <paramref name="proxy"/> a member of <paramref name="group"/>; the same user when it already was.</summary>
    public UserState InGroup(ProxyId proxy, string group) =>
        GroupOf(proxy) == group ? this : this with { Grouped = Grouped.SetItem(proxy, group) };

    /// <summary>This user with <paramref name="proxy"/> in no group; the same user when it was in none.</summary>
    public UserState Ungrouped(ProxyId proxy) =>
        Grouped.ContainsKey(proxy) ? this with { Grouped = Grouped.Remove(proxy) } : this;

    /// <summary>A user holding no port.</summary>
    public static UserState Empty { get; } = new(ImmutableDictionary<ProxyId, LeaseState>.Empty);

    /// <summary>The proxy's lease, or null.</summary>
    public LeaseState? Lease(ProxyId proxy) => Proxies.GetValueOrDefault(proxy);

    /// <summary>This user with <paramref name="proxy"/> holding <paramref name="lease"/>.</summary>
    public UserState With(ProxyId proxy, LeaseState lease) => this with { Proxies = Proxies.SetItem(proxy, lease) };

    /// <summary>This user without <paramref name="proxy"/>'s lease; the same user when it holds none.</summary>
    public UserState Without(ProxyId proxy) => Proxies.ContainsKey(proxy) ? this with { Proxies = Proxies.Remove(proxy) } : this;
}

/// <summary>A user's decisions over all of its proxies, as pure functions.</summary>
public static class Users
{
    /// <summary>
    /// The user after proxy <paramref name="proxyName"/> of session <paramref name="runId"/> closed,
    /// in both port spaces (CloseProxy carries no type); the same user when nothing changed (no such
    /// proxy, or a late CloseProxy of an earlier session).
    /// </summary>
    public static UserState Closed(UserState user, string proxyName, DateTimeOffset now, string runId)
    {
        var next = user;
        foreach (var protocol in Protocols.All)
        {
            var id = new ProxyId(protocol, proxyName);
            if (user.Lease(id) is { } lease && Leases.Closed(lease, now, runId) is var closed && !ReferenceEquals(closed, lease))
            {
                next = next.With(id, closed);
            }
        }
        return next;
    }

    /// <summary>The user's proxies that a configured expiry releases now.</summary>
    public static IReadOnlyList<ProxyId> Expired(UserState user, DateTimeOffset now, TimeSpan expiry) =>
        [.. user.Proxies.Where(p => Leases.IsExpired(p.Value, now, expiry)).Select(p => p.Key)];
}
