using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>
/// A port handed to a key that the key's lease has not yet confirmed. If the lease took
/// <c>Port</c>, <c>Replacing</c> (its former port) is released when the grant settles.
/// </summary>
public sealed record PendingGrant(LeaseKey Key, int Port, int? Replacing, DateTimeOffset GrantedAt);

/// <summary>
/// The pool: ports taken per protocol (fixed-size bitmaps) and the few grants in flight.
/// Every port a lease holds is taken; a taken port no lease holds is a pending grant.
/// </summary>
public sealed record PoolState(PortSet Tcp, PortSet Udp, ImmutableDictionary<LeaseKey, PendingGrant> Pending)
{
    /// <summary>A pool with nothing taken.</summary>
    public static PoolState Empty { get; } = new(PortSet.Empty, PortSet.Empty, ImmutableDictionary<LeaseKey, PendingGrant>.Empty);

    /// <summary>The ports taken in <paramref name="protocol"/>'s space.</summary>
    public PortSet Taken(Protocol protocol) => protocol == Protocol.Tcp ? Tcp : Udp;

    /// <summary>Taken ports, of both protocols, that <paramref name="range"/> does not hold.</summary>
    public int TakenOutside(PortRange range) => Tcp.Count - Tcp.CountIn(range) + Udp.Count - Udp.CountIn(range);

    /// <summary>This pool with <paramref name="protocol"/>'s taken ports replaced; the same pool when they are.</summary>
    public PoolState WithTaken(Protocol protocol, PortSet taken) =>
        ReferenceEquals(taken, Taken(protocol)) ? this
            : protocol == Protocol.Tcp ? this with { Tcp = taken } : this with { Udp = taken };
}
