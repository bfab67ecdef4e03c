using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>What a stored claim is: a closed set.</summary>
public enum ClaimKind
{
    /// <summary>The port is held by a user's proxy or a group.</summary>
    Holds,

    /// <summary>The port is reserved for a proxy that has not taken it yet.</summary>
    Reserved,

    /// <summary>The port is blocked: no proxy gets it.</summary>
    Blocked,
}

/// <summary>
/// A taken port of a pool as stored: its holder, and whether the holder has yet to confirm it
/// (a pending grant, with the port it replaces and since when); or, by <c>Kind</c>, a reservation
/// for the proxy <c>Holder</c> or a blocked port (<c>Holder</c> <see cref="Claims.Nobody"/>), since <c>Since</c>.
/// </summary>
public sealed record Claim(PoolPort Port, LeaseKey Holder, bool Pending, int? Replacing = null, DateTimeOffset? Since = null, ClaimKind Kind = ClaimKind.Holds);

/// <summary>A change to a pool's stored claims: a closed set.</summary>
public abstract record ClaimChange
{
    private ClaimChange() { }

    /// <summary>A port taken that was free: storage must refuse it if the port has a holder.</summary>
    public sealed record Add(Claim Claim) : ClaimChange;

    /// <summary>A claim changed; storage must refuse it unless <c>Holder</c> still holds the port (as a claim of kind <c>Was</c>).</summary>
    public sealed record Change(LeaseKey Holder, Claim Claim, ClaimKind Was = ClaimKind.Holds) : ClaimChange;

    /// <summary>A port freed; storage must refuse it unless <c>Holder</c> still holds the port (as a claim of kind <c>Was</c>).</summary>
    public sealed record Remove(PoolPort Port, LeaseKey Holder, ClaimKind Was = ClaimKind.Holds) : ClaimChange;
}

/// <summary>How a pool's state maps to stored claims, one row per taken port.</summary>
public static class Claims
{
    /// <summary>The holder a blocked port's claim names: no one.</summary>
    public static LeaseKey Nobody(Protocol protocol) => LeaseKey.ForProxy(protocol, "", "");

    /// <summary>The claim on <paramref name="port"/> in <paramref name="pool"/>; null when the port is free.</summary>
    public static Claim? Of(PoolState pool, PoolPort port) =>
        pool.Reserved.GetValueOrDefault(port) is { } reserved
            ? new Claim(port, reserved.For ?? Nobody(port.Protocol), Pending: false, Since: reserved.Since, Kind: reserved.For is null ? ClaimKind.Blocked : ClaimKind.Reserved)
        : pool.Holders.GetValueOrDefault(port) is not { } holder ? null
            : pool.Pending.GetValueOrDefault(holder) is { } grant && grant.Port == port.Port
                ? new Claim(port, holder, Pending: true, grant.Replacing, grant.GrantedAt)
                : new Claim(port, holder, Pending: false);

    /// <summary>
    /// What must be written so that storage, holding <paramref name="stored"/>, holds
    /// <paramref name="current"/>, given every port whose claim may differ. Empty when nothing does.
    /// </summary>
    public static ImmutableArray<ClaimChange> Changes(PoolState stored, PoolState current, IEnumerable<PoolPort> ports) =>
        [.. ports.Distinct().Select(port => (Before: Of(stored, port), After: Of(current, port))).Select(pair => pair switch
        {
            (null, null) => null,
            (null, { } after) => new ClaimChange.Add(after),
            ({ } before, null) => new ClaimChange.Remove(before.Port, before.Holder, before.Kind),
            ({ } before, { } after) when before == after => null,
            ({ } before, { } after) => (ClaimChange)new ClaimChange.Change(before.Holder, after, before.Kind),
        }).OfType<ClaimChange>()];

    /// <summary>The pool that stored <paramref name="claims"/> describe.</summary>
    public static PoolState Load(IEnumerable<Claim> claims) =>
        claims.Aggregate(PoolState.Empty, (pool, claim) =>
        {
            if (claim.Kind != ClaimKind.Holds)
            {
                return pool.Reserve(new Reservation(claim.Port, claim.Kind == ClaimKind.Reserved ? claim.Holder : null, claim.Since ?? DateTimeOffset.UnixEpoch));
            }
            var held = pool.Hold(claim.Holder, claim.Port.Port);
            return claim.Pending
                ? held with
                {
                    Pending = held.Pending.SetItem(claim.Holder,
                        new PendingGrant(claim.Holder, claim.Port.Port, claim.Replacing, claim.Since ?? DateTimeOffset.UnixEpoch)),
                }
                : held;
        });
}
