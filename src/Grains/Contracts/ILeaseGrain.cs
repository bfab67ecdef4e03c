namespace PortKeeper.Contracts;

/// <summary>What a lease grain is asked for on a NewProxy.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.LeaseRequest")]
public sealed record LeaseRequest(
    [property: Id(0)] string ProxyName,
    [property: Id(1)] string User,
    [property: Id(2)] int? RequestedPort,
    [property: Id(3)] string RunId = "");

/// <summary>What a lease holds, for operators and repair.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.LeaseInfo")]
public sealed record LeaseInfo(
    [property: Id(0)] string Key,
    [property: Id(1)] int Port,
    [property: Id(2)] DateTimeOffset GrantedAt,
    [property: Id(3)] DateTimeOffset LastSeen,
    [property: Id(4)] bool Online,
    [property: Id(5)] string LastProxyName);

/// <summary>
/// One port lease, keyed by <see cref="LeaseKey"/>'s text form. A known key is answered from
/// the grain's own state, with no pool call and no write.
/// </summary>
[Alias("PortKeeper.ILeaseGrain")]
public interface ILeaseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Returns the key's port, allocating one (the requested port when given) on first use.
    /// Returns <see cref="Allocation.Granted"/> only once the lease is durable; a refusal or
    /// <see cref="Allocation.Unavailable"/> otherwise, never throwing for expected failures.
    /// </summary>
    [Alias("Acquire")]
    Task<Allocation> AcquireAsync(LeaseRequest request);

    /// <summary>
    /// Records that the proxy of frpc session <paramref name="runId"/> went offline; a no-op for a
    /// key that holds no port, and for a late CloseProxy of an earlier session (frps sends them
    /// up to tens of seconds late, after the client may have connected again).
    /// </summary>
    [Alias("Close")]
    Task CloseAsync(string runId);

    /// <summary>
    /// Gives up the key's port, for an operator: returns the lease as it was, or null when the key
    /// held no port. The port is free for others once this returns; the key's next NewProxy gets
    /// a port anew. Throws when storage fails; the port then stays with the key, or is freed by the
    /// pool's repair once the lease no longer holds it.
    /// </summary>
    [Alias("Release")]
    Task<LeaseInfo?> ReleaseAsync();

    /// <summary>
    /// Releases the key's port as <see cref="ReleaseAsync"/> does when the proxy has been offline
    /// for <paramref name="expiry"/> (by the lease's own, newest view); returns the released lease,
    /// or null when it is not expired or holds no port.
    /// </summary>
    [Alias("Expire")]
    Task<LeaseInfo?> ExpireAsync(TimeSpan expiry);

    /// <summary>The lease, or null when the key holds no port.</summary>
    [Alias("Get")]
    Task<LeaseInfo?> GetAsync();
}
