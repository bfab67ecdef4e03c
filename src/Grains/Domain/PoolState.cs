using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>
/// A port handed to a key that the key's holder (user or group grain) has not yet confirmed. If
/// the holder took <c>Port</c>, <c>Replacing</c> (its former port) is released when the grant settles.
/// </summary>
public sealed record PendingGrant(LeaseKey Key, int Port, int? Replacing, DateTimeOffset GrantedAt);

/// <summary>One port of one port space of a pool.</summary>
public readonly record struct PoolPort(Protocol Protocol, int Port)
{
    /// <summary>The text form, e.g. <c>tcp 20005</c>.</summary>
    public override string ToString() => $"{Protocol.Name()} {Port}";
}

/// <summary>
/// The pool: ports taken per protocol (fixed-size bitmaps, for finding a free port fast), who
/// holds each taken port, and the few grants in flight. Every port a user or group holds is taken;
/// a taken port its holder does not (yet, or any more) hold is a pending grant.
/// </summary>
public sealed record PoolState(PortSet Tcp, PortSet Udp, ImmutableDictionary<LeaseKey, PendingGrant> Pending)
{
    /// <summary>A pool with nothing taken.</summary>
    public static PoolState Empty { get; } = new(PortSet.Empty, PortSet.Empty, ImmutableDictionary<LeaseKey, PendingGrant>.Empty);

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

    /// <summary>This pool with <paramref name="port"/> free in <paramref name="protocol"/>'s space.</summary>
    public PoolState Free(Protocol protocol, int port) =>
        WithTaken(protocol, Taken(protocol).Without(port)) is var freed && Holders.ContainsKey(new PoolPort(protocol, port))
            ? freed with { Holders = Holders.Remove(new PoolPort(protocol, port)) }
            : freed;
}
