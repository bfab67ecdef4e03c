using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>One proxy of a user: its port space and its name.</summary>
public readonly record struct ProxyId(Protocol Protocol, string Name)
{
    /// <summary>The text form, e.g. <c>tcp/laptop.ssh</c>.</summary>
    public override string ToString() => $"{Protocol.Name()}/{Name}";
}

/// <summary>What a user grain keeps: the lease of each of the user's own proxies.</summary>
public sealed record UserState(ImmutableDictionary<ProxyId, LeaseState> Proxies)
{
    /// <summary>A user holding no port.</summary>
    public static UserState Empty { get; } = new(ImmutableDictionary<ProxyId, LeaseState>.Empty);

    /// <summary>The proxy's lease, or null.</summary>
    public LeaseState? Lease(ProxyId proxy) => Proxies.GetValueOrDefault(proxy);

    /// <summary>This user with <paramref name="proxy"/> holding <paramref name="lease"/>.</summary>
    public UserState With(ProxyId proxy, LeaseState lease) => new(Proxies.SetItem(proxy, lease));

    /// <summary>This user without <paramref name="proxy"/>'s lease; the same user when it holds none.</summary>
    public UserState Without(ProxyId proxy) => Proxies.ContainsKey(proxy) ? new(Proxies.Remove(proxy)) : this;
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
