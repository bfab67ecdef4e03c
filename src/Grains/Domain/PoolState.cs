using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>
/// The pool: ports taken per protocol (fixed-size bitmaps, for finding a free port fast), who
/// holds each taken port, and the few grants in flight. Every port a user or group holds is taken;
/// a taken port its holder does not (yet, or any more) hold is a pending grant.
/// </summary>
public sealed record PoolState(PortSet Tcp, PortSet Udp, ImmutableDictionary<LeaseKey, PendingGrant> Pending)
{
    /// <summary>A pool with nothing taken.</summary>
    public static PoolState Empty { get; } = new(PortSet.Empty, PortSet.Empty, ImmutableDictionary<LeaseKey, PendingGrant>.Empty);

    /// <summary>Reserved and blocked ports, taken (so that no allocation picks them) but held by no one.</summary>
    public ImmutableDictionary<PoolPort, Reservation> Reserved { get; init; } = ImmutableDictionary<PoolPort, Reservation>.Empty;

    /// <summary>The port reserved for each key that has one.</summary>
    public ImmutableDictionary<LeaseKey, PoolPort> ReservedFor { get; init; } = ImmutableDictionary<LeaseKey, PoolPort>.Empty;

    /// <summary>This pool with <paramref name="reservation"/>'s port taken and kept for it.</summary>
    public PoolState Reserve(Reservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var taken = WithTaken(reservation.Port.Protocol, Taken(reservation.Port.Protocol).With(reservation.Port.Port));
        return taken with
        {
            Reserved = Reserved.SetItem(reservation.Port, reservation),
            ReservedFor = reservation.For is { } key ? ReservedFor.SetItem(key, reservation.Port) : ReservedFor,
        };
    }

    /// <summary>This pool without the reservation of <paramref name="port"/>, which is free then; the same pool when it has none.</summary>
    public PoolState Unreserve(PoolPort port) => Reserved.GetValueOrDefault(port) is not { } reservation ? this
        : WithTaken(port.Protocol, Taken(port.Protocol).Without(port.Port)) with
        {
            Reserved = Reserved.Remove(port),
            ReservedFor = reservation.For is { } key ? ReservedFor.Remove(key) : ReservedFor,
        };

    /// <summary>The holder of each taken port whose holder is known.</summary>
    public ImmutableDictionary<PoolPort, LeaseKey> Holders { get; init; } = ImmutableDictionary<PoolPort, LeaseKey>.Empty;

    /// <summary>The ports taken in <paramref name="protocol"/>'s space.</summary>
    public PortSet Taken(Protocol protocol) => protocol == Protocol.Tcp ? Tcp : Udp;

    /// <summary>Who holds <paramref name="port"/>, or null when it is free (or taken by no known holder).</summary>
    public LeaseKey? HolderOf(Protocol protocol, int port) => Holders.GetValueOrDefault(new PoolPort(protocol, port));

    /// <summary>Taken ports, of both protocols, that <paramref name="range"/> does not hold.</summary>
    public int TakenOutside(PortRange range) => Tcp.Count - Tcp.CountIn(range) + Udp.Count - Udp.CountIn(range);

    /// <summary>This pool with <paramref name="protocol"/>'s taken ports replaced; the same pool when they are.</summary>
    public PoolState WithTaken(Protocol protocol, PortSet taken) =>
        ReferenceEquals(taken, Taken(protocol)) ? this
            : protocol == Protocol.Tcp ? this with { Tcp = taken } : this with { Udp = taken };

    /// <summary>This pool with <paramref name="port"/> taken by <paramref name="key"/>.</summary>
    public PoolState Hold(LeaseKey key, int port) =>
        WithTaken(key.Protocol, Taken(key.Protocol).With(port)) with { Holders = Holders.SetItem(new PoolPort(key.Protocol, port), key) };

    /// <summary>
    /// This pool with <paramref name="port"/> free in <paramref name="protocol"/>'s space; the same pool
    /// for a reserved or blocked port, which only <see cref="Unreserve"/> frees.
    /// </summary>
    public PoolState Free(Protocol protocol, int port) =>
        Reserved.ContainsKey(new PoolPort(protocol, port)) ? this
        : WithTaken(protocol, Taken(protocol).Without(port)) is var freed && Holders.ContainsKey(new PoolPort(protocol, port))
            ? freed with { Holders = Holders.Remove(new PoolPort(protocol, port)) }
            : freed;
}
