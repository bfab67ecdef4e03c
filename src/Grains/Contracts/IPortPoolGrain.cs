using Orleans.Concurrency;

namespace PortKeeper.Contracts;

/// <summary>
/// The one pool of ports of an frps cluster (keyed by the pool's name, <see cref="GrainKeys.Pool(IGrainFactory, string)"/>):
/// a singleton per pool. It records which ports are taken; the user and group grains know who holds them.
/// </summary>
[Alias("PortKeeper.IPortPoolGrain")]
public interface IPortPoolGrain : IGrainWithStringKey
{
    /// <summary>
    /// Grants <paramref name="key"/> a port (the requested one when given) and makes the grant
    /// durable before returning. <paramref name="replacing"/> is the port the key's lease holds now;
    /// a port the pool picks comes from <paramref name="within"/> too when given (frps INI syntax: a user's own ports).
    /// Returns Granted, HeldByAnother, NotInRange, PoolFull, or Unavailable when the grant could
    /// not be stored; repeating a request whose grant is unconfirmed returns the same port.
    /// </summary>
    [Alias("Allocate")]
    Task<Allocation> AllocateAsync(LeaseKey key, int? requested, int? replacing, string? within = null);

    /// <summary>Tells the pool that the key's lease durably holds <paramref name="port"/>.</summary>
    [Alias("Commit"), OneWay]
    Task CommitAsync(LeaseKey key, int port);

    /// <summary>
    /// Before a lease gives up <paramref name="port"/>: makes it a pending grant of the key, durably,
    /// so that repair frees it if the release stops half way. False when it could not be stored
    /// (the pool then reloads from storage).
    /// </summary>
    [Alias("PrepareRelease")]
    Task<bool> PrepareReleaseAsync(LeaseKey key, int port);

    /// <summary>
    /// Releases the key's <paramref name="port"/> durably; a no-op for a port not taken. False when it
    /// could not be stored: the port stays a pending grant, which repair frees.
    /// </summary>
    [Alias("Release")]
    Task<bool> ReleaseAsync(LeaseKey key, int port);

    /// <summary>Who holds <paramref name="port"/> of <paramref name="protocol"/>: a user's proxy or a group; null when it is free.</summary>
    [Alias("GetHolder")]
    Task<LeaseKey?> GetHolderAsync(Protocol protocol, int port);

    /// <summary>
    /// Repair both ways: compares the pool's stored claims with what its stored users and groups
    /// hold, and settles each disagreement after asking the holder's grain, whose view is newest:
    /// frees a confirmed port its holder does not hold, claims a held port the pool counts as free,
    /// and of two holders of one port keeps the pool's and has the other forget it (its proxy gets
    /// a port of its own on its next request). Never hands one port to two proxies. Null when
    /// storage cannot be read (logged; nothing changed).
    /// </summary>
    [Alias("Repair")]
    Task<RepairReport?> RepairAsync();

    /// <summary>A page of the pool's taken ports and their holders, in port order, as <paramref name="query"/> asks.</summary>
    [Alias("ListHolders")]
    Task<HolderPage> ListHoldersAsync(HolderQuery query);

    /// <summary>
    /// Reserves <paramref name="port"/> for <paramref name="proxy"/> (its first request gets it, unless it
    /// asks for another port), or with <paramref name="proxy"/> null blocks it (no allocation hands it out,
    /// no proxy may ask for it), durably. Refused for a port taken or outside the range, and for a proxy
    /// that holds a port or has another reserved. Repeating a reservation gives the same.
    /// </summary>
    [Alias("Reserve")]
    Task<ReserveResult> ReserveAsync(Protocol protocol, int port, LeaseKey? proxy);

    /// <summary>Removes the reservation or block of <paramref name="port"/>, durably: Done with it as it was, or Missing.</summary>
    [Alias("Unreserve")]
    Task<ReserveResult> UnreserveAsync(Protocol protocol, int port);

    /// <summary>Every reservation and blocked port of the pool, in port order.</summary>
    [Alias("ListReservations")]
    Task<System.Collections.Immutable.ImmutableArray<ReservationInfo>> ListReservationsAsync();

    /// <summary>Every user of the pool with a limit of its own, by name, as stored; null when storage cannot be read.</summary>
    [Alias("ListLimits")]
    Task<System.Collections.Immutable.ImmutableArray<OwnLimit>?> ListLimitsAsync();

    /// <summary>Counts of taken and pending ports.</summary>
    [Alias("Stats")]
    Task<PoolStats> GetStatsAsync();
}
