using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>
/// The pool's decisions, as pure functions of the pool, the allowed range and the request.
/// A port is taken before any lease records it ("better to leak than to double-allocate"):
/// a grant stays pending until the lease confirms it, and is settled by the lease's next
/// request or by repair.
/// </summary>
public static class PortPool
{
    /// <summary>A new pool and what the request gets.</summary>
    public sealed record Step(PoolState State, Allocation Outcome);

    /// <summary>
    /// Grants <paramref name="key"/> a port: <paramref name="requested"/> when given, else the next
    /// free port from the key's own starting point in the range. <paramref name="replacing"/> is the
    /// port the key's lease holds now, if any, released once the new grant settles.
    /// A key with a port reserved for it gets that port, unless it asks for another. A reserved or
    /// blocked port is refused to every other key (PortReserved).
    /// Returns Granted (IsNew false when an unsettled grant is simply repeated), NotInRange,
    /// PortReserved, HeldByAnother or PoolFull.
    /// </summary>
    public static Step Allocate(PoolState pool, PortRange range, LeaseKey key, int? requested, int? replacing, DateTimeOffset now)
    {
        if (pool.Pending.TryGetValue(key, out var earlier))
        {
            if (earlier.Port == replacing)
            {
                pool = Commit(pool, key, earlier.Port);
            }
            else if ((requested ?? earlier.Port) == earlier.Port && range.Contains(earlier.Port))
            {
                // Renewed, so that a repair which looked at the lease before this retry leaves it alone.
                var renewed = earlier.GrantedAt == now ? pool
                    : pool with { Pending = pool.Pending.SetItem(key, earlier with { GrantedAt = now }) };
                return new Step(renewed, new Allocation.Granted(earlier.Port, IsNew: false));
            }
            else
            {
                pool = Abandon(pool, earlier);
            }
        }
        if (pool.ReservedFor.TryGetValue(key, out var mine) && (requested ?? mine.Port) == mine.Port && range.Contains(mine.Port))
        {
            return Take(pool.Unreserve(mine), key, mine.Port, replacing, now);
        }
        var taken = pool.Taken(key.Protocol);
        if (requested is int want)
        {
            return !range.Contains(want) ? new Step(pool, new Allocation.NotInRange(want, range.ToString()))
                : want == replacing ? new Step(pool, new Allocation.Granted(want, IsNew: false))
                : pool.Reserved.ContainsKey(new PoolPort(key.Protocol, want)) ? new Step(pool, new Allocation.PortReserved(want))
                : taken.Has(want) ? new Step(pool, new Allocation.HeldByAnother(want))
                : Take(pool, key, want, replacing, now);
        }
        return taken.FirstFree(range, StartIndex(key)) is int free
            ? Take(pool, key, free, replacing, now)
            : new Step(pool, new Allocation.PoolFull(range.ToString()));
    }

    /// <summary>
    /// Settles the key's pending grant of <paramref name="port"/>, which its lease now holds:
    /// the grant is dropped and the port it replaced is released. A no-op otherwise.
    /// </summary>
    public static PoolState Commit(PoolState pool, LeaseKey key, int port)
    {
        if (!pool.Pending.TryGetValue(key, out var grant) || grant.Port != port)
        {
            return pool;
        }
        var settled = pool with { Pending = pool.Pending.Remove(key) };
        return grant.Replacing is int old && old != port && (settled.HolderOf(key.Protocol, old) ?? key) == key
            ? settled.Free(key.Protocol, old)
            : settled;
    }

    /// <summary>
    /// Settles the grant <paramref name="seen"/> from what the key's lease held when asked
    /// (<paramref name="leasePort"/>, null for none): committed when the lease took it, released
    /// otherwise. A no-op when the key's grant changed since (the lease asked again meanwhile).
    /// </summary>
    public static PoolState Settle(PoolState pool, PendingGrant seen, int? leasePort) =>
        !pool.Pending.TryGetValue(seen.Key, out var grant) || grant != seen ? pool
            : grant.Port == leasePort ? Commit(pool, seen.Key, grant.Port)
            : Abandon(pool, grant);

    /// <summary>
    /// Releases <paramref name="port"/>, held by <paramref name="key"/>. Releasing a port that is
    /// not taken, or that another key holds, is a no-op. When the key has a grant pending, the grant no longer claims the port:
    /// releasing the granted port leaves the port it replaced pending for repair, and releasing the
    /// replaced port keeps the grant's commit from releasing it a second time.
    /// </summary>
    public static PoolState Release(PoolState pool, LeaseKey key, int port)
    {
        if (pool.HolderOf(key.Protocol, port) is { } holder && holder != key)
        {
            return pool;
        }
        var released = pool.Free(key.Protocol, port);
        if (!pool.Pending.TryGetValue(key, out var grant) || (grant.Port != port && grant.Replacing != port))
        {
            return released;
        }
        // Whether the lease still holds the other port is not known here: keep it taken until settled.
        var other = grant.Port == port ? grant.Replacing : grant.Port;
        return released with
        {
            Pending = other is int kept
                ? released.Pending.SetItem(key, grant with { Port = kept, Replacing = null })
                : released.Pending.Remove(key),
        };
    }

    /// <summary>
    /// First step of releasing the port <paramref name="leasePort"/> that <paramref name="key"/>'s
    /// lease holds: an earlier grant to the key is settled against that port, and the port becomes a pending
    /// grant again. The lease then forgets its port, and <see cref="Release"/> frees it; should
    /// either step be lost, repair settles the grant from what the lease holds, so the port is
    /// never free while a lease still holds it.
    /// </summary>
    public static PoolState PrepareRelease(PoolState pool, LeaseKey key, int leasePort, DateTimeOffset now)
    {
        var settled = pool.Pending.TryGetValue(key, out var earlier) ? Settle(pool, earlier, leasePort) : pool;
        return settled.Taken(key.Protocol).Has(leasePort)
            ? settled with { Pending = settled.Pending.SetItem(key, new PendingGrant(key, leasePort, null, now)) }
            : settled;
    }

    /// <summary>
    /// Repair of <see cref="Finding.Unheld"/>: frees <paramref name="port"/> when the pool still
    /// counts it as confirmed for <paramref name="holder"/>, which no longer holds it. A no-op when
    /// the port has another holder, a grant pending, or is the port a pending grant replaces (the
    /// grant's settling frees that one).
    /// </summary>
    public static PoolState FreeUnheld(PoolState pool, LeaseKey holder, int port) =>
        pool.HolderOf(holder.Protocol, port) == holder
        && !pool.Pending.Values.Any(g => g.Key.Protocol == holder.Protocol && (g.Port == port || g.Replacing == port))
            ? pool.Free(holder.Protocol, port)
            : pool;

    /// <summary>
    /// Repair of <see cref="Finding.Unclaimed"/>: records <paramref name="port"/> as confirmed for
    /// <paramref name="holder"/>, which holds it, when the port is free. A no-op when it is taken.
    /// </summary>
    public static PoolState ClaimHeld(PoolState pool, LeaseKey holder, int port) =>
        pool.Taken(holder.Protocol).Has(port) ? pool : pool.Hold(holder, port);

    /// <summary>An operator's reservation, as the pool decides it: a closed set.</summary>
    public abstract record Reserving
    {
        private Reserving() { }

        /// <summary>The port is reserved (or blocked) now; repeating a reservation is a no-op that gives the same.</summary>
        public sealed record Done(Reservation Reservation) : Reserving;

        /// <summary>The port cannot be reserved: <c>Reason</c> says why and what to do.</summary>
        public sealed record Conflict(string Reason) : Reserving;

        /// <summary>The port is outside the pool's range.</summary>
        public sealed record NotInRange(string Range) : Reserving;
    }

    /// <summary>
    /// Reserves <paramref name="port"/> for <paramref name="key"/>'s first request, or with
    /// <paramref name="key"/> null blocks it. Refused for a port outside the range, a port taken
    /// (held, granted, or reserved otherwise), and a key that already holds a port or has another reserved.
    /// </summary>
    public static (PoolState State, Reserving Outcome) Reserve(PoolState pool, PortRange range, PoolPort port, LeaseKey? key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(range);
        if (pool.Reserved.GetValueOrDefault(port) is { } existing)
        {
            return existing.For == key ? (pool, new Reserving.Done(existing))
                : (pool, new Reserving.Conflict($"{port} is already {(existing.For is { } other ? $"reserved for {LeaseKeys.Describe(other)}" : "blocked")}; remove that reservation first"));
        }
        if (!range.Contains(port.Port))
        {
            return (pool, new Reserving.NotInRange(range.ToString()));
        }
        if (pool.Taken(port.Protocol).Has(port.Port))
        {
            return (pool, new Reserving.Conflict(pool.HolderOf(port.Protocol, port.Port) is { } holder
                ? $"{port} is held by {LeaseKeys.Describe(holder)}; release it first"
                : $"{port} is being granted right now; try again"));
        }
        if (key is not null && pool.ReservedFor.TryGetValue(key, out var reservedPort))
        {
            return (pool, new Reserving.Conflict($"{LeaseKeys.Describe(key)} already has {reservedPort} reserved; remove that reservation first"));
        }
        if (key is not null && pool.Holders.FirstOrDefault(h => h.Value == key) is { Value: not null } held)
        {
            return (pool, new Reserving.Conflict($"{LeaseKeys.Describe(key)} already holds {held.Key}; release its lease first, and its next request gets the reserved port"));
        }
        var reservation = new Reservation(port, key, now);
        return (pool.Reserve(reservation), new Reserving.Done(reservation));
    }

    /// <summary>The pool without the reservation or block of <paramref name="port"/>, and the reservation removed (null when there was none).</summary>
    public static (PoolState State, Reservation? Removed) Unreserve(PoolState pool, PoolPort port)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return (pool.Unreserve(port), pool.Reserved.GetValueOrDefault(port));
    }


    /// <summary>Grants older than <paramref name="age"/> at <paramref name="now"/>: candidates for repair.</summary>
    public static IEnumerable<PendingGrant> Stale(PoolState pool, DateTimeOffset now, TimeSpan age) =>
        pool.Pending.Values.Where(g => now - g.GrantedAt >= age);

    /// <summary>
    /// Where a key's search starts in the range: a stable hash, so that keys spread over the range
    /// and a key tends to find the same port again even in an emptied pool.
    /// </summary>
    public static int StartIndex(LeaseKey key)
    {
        var hash = 2166136261u;
        foreach (var c in key.ToString())
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash & int.MaxValue);
    }

    /// <summary>
    /// The ports whose claim may differ between <paramref name="before"/> and <paramref name="after"/>
    /// when one of this class's steps for <paramref name="key"/> (naming <paramref name="port"/>, if
    /// any) led from one to the other: the ports of the key's grants in both and the port named.
    /// Every step changes only those, so a write of the pool need carry only them.
    /// </summary>
    public static IEnumerable<PoolPort> Touched(PoolState before, PoolState after, LeaseKey key, int? port = null)
    {
        IEnumerable<int?> ports =
        [
            port,
            before.Pending.GetValueOrDefault(key)?.Port, before.Pending.GetValueOrDefault(key)?.Replacing,
            after.Pending.GetValueOrDefault(key)?.Port, after.Pending.GetValueOrDefault(key)?.Replacing,
        ];
        return ports.OfType<int>().Distinct().Select(p => new PoolPort(key.Protocol, p));
    }

    private static Step Take(PoolState pool, LeaseKey key, int port, int? replacing, DateTimeOffset now) =>
        new(pool.Hold(key, port) with
        {
            Pending = pool.Pending.SetItem(key, new PendingGrant(key, port, replacing, now)),
        },
        new Allocation.Granted(port, IsNew: true));

    private static PoolState Abandon(PoolState pool, PendingGrant grant) =>
        pool.Free(grant.Key.Protocol, grant.Port) with
        {
            Pending = pool.Pending.Remove(grant.Key),
        };
}
