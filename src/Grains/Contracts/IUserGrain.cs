using System.Collections.Immutable;

namespace PortKeeper.Contracts;

/// <summary>
/// Every proxy of one frp user in one pool (key <see cref="GrainKeys.User(string, string)"/>). A known proxy is
/// answered from the grain's own state, with no pool call and no write; a grouped proxy's port
/// belongs to its group grain, which this grain asks. Not reentrant: one request of a user at a time.
/// </summary>
[Alias("PortKeeper.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// Returns the proxy's port, allocating one (the requested port when given) on first use.
    /// Returns <see cref="Allocation.Granted"/> only once the port is durably the proxy's; a refusal or
    /// <see cref="Allocation.Unavailable"/> otherwise, never throwing for expected failures.
    /// </summary>
    [Alias("Acquire")]
    Task<Allocation> AcquireAsync(ProxyRequest request);

    /// <summary>
    /// Takes over a legacy lease: gives the proxy <paramref name="port"/>, stored offline since now (until
    /// the proxy connects), granted at <paramref name="grantedAt"/> (now when null). Returns
    /// <see cref="Allocation.Granted"/> with <c>IsNew</c> once stored; <c>IsNew: false</c> with the port the
    /// proxy already holds, which it keeps; a refusal when the port is another's or outside the range.
    /// </summary>
    [Alias("Import")]
    Task<Allocation> ImportAsync(Protocol protocol, string proxyName, int port, DateTimeOffset? grantedAt);

    /// <summary>
    /// Records that proxy <paramref name="proxyName"/> (tcp and udp) of frpc session
    /// <paramref name="runId"/> went offline; a no-op for a proxy that holds no port, and for a late
    /// CloseProxy of an earlier session (frps sends them up to tens of seconds late).
    /// </summary>
    [Alias("Close")]
    Task CloseAsync(string proxyName, string runId);

    /// <summary>
    /// frps's Ping (frpc's heartbeat) of session <paramref name="runId"/>: kept in memory, never stored. A
    /// session heard this way and then silent for the session timeout counts as gone: its proxies are
    /// stored offline (their groups told), so that lease expiry can take them. One-way: frps's answer never waits.
    /// </summary>
    [Alias("Heard"), Orleans.Concurrency.OneWay]
    Task HeardAsync(string runId);

    /// <summary>The proxy's lease, or null when it holds no port.</summary>
    [Alias("Get")]
    Task<LeaseInfo?> GetAsync(Protocol protocol, string proxyName);

    /// <summary>Every lease of the user's own (ungrouped) proxies.</summary>
    [Alias("List")]
    Task<ImmutableArray<LeaseInfo>> ListAsync();

    /// <summary>
    /// Gives up the proxy's port, for an operator: returns <see cref="Release.Released"/> with the lease
    /// as it was, <see cref="Release.NotHeld"/> when the proxy held no port, or
    /// <see cref="Release.Connected"/> (nothing changed) when the proxy is online and
    /// <paramref name="force"/> is false. The port is free for others once this returns released (if the
    /// pool's last step was lost, once the pool's repair settles it).
    /// <see cref="Release.Unavailable"/> when storage fails; the port then stays with the proxy, or is
    /// freed by the pool's repair.
    /// </summary>
    [Alias("ReleaseUnlessOnline")]
    Task<Release> ReleaseAsync(Protocol protocol, string proxyName, bool force);

    /// <summary>
    /// Gives up the ports of every one of the user's own proxies (a customer leaving), all or
    /// nothing: <see cref="UserRelease.Connected"/> with the connected ones, nothing changed, when any
    /// is online and <paramref name="force"/> is false. Grouped proxies keep their group's port.
    /// <see cref="UserRelease.Unavailable"/> when storage fails part way: the ports released by then
    /// stay free, the rest stay held.
    /// </summary>
    [Alias("ReleaseAll")]
    Task<UserRelease> ReleaseAllAsync(bool force);

    /// <summary>The user's limits as they apply now, and how many ports its own proxies hold.</summary>
    [Alias("GetLimits")]
    Task<UserLimits> GetLimitsAsync();

    /// <summary>
    /// Sets the operator's limit for the user (null: back to the default), durably, and returns the
    /// limits as they now apply; null when it could not be stored (nothing changed). Never takes a
    /// port from a proxy: the limit refuses new ports only. The caller checks the limit (<c>Limits.Check</c>).
    /// </summary>
    [Alias("SetLimit")]
    Task<UserLimits?> SetLimitAsync(UserLimit? limit);

    /// <summary>
    /// For the pool's repair: drops the proxy's lease when it holds <paramref name="port"/>, which the
    /// pool gives to another holder; the proxy gets a port of its own on its next request. The pool
    /// is not told (it never counted the port as this proxy's). Returns whether the lease was dropped.
    /// </summary>
    [Alias("Forget")]
    Task<bool> ForgetAsync(Protocol protocol, string proxyName, int port);

    /// <summary>
    /// Releases, as <see cref="ReleaseAsync"/> does, every proxy of the user that has been offline for
    /// <paramref name="expiry"/> (by the grain's own, newest view); returns the released leases. Stops
    /// at the first release that cannot be stored (logged); the next sweep tries the rest again.
    /// </summary>
    [Alias("Expire")]
    Task<ImmutableArray<LeaseInfo>> ExpireAsync(TimeSpan expiry);
}
