using PortKeeper.Contracts;

namespace PortKeeper.Domain;

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
