using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Domain;

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
