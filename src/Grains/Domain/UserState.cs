using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Domain;

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
