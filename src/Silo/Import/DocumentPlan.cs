using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Import;

/// <summary>
/// An import of an export document as pure functions: which entries can be tried, which are refused
/// by the document and the node's pools alone, what an entry's outcome is from what the grains answer
/// (or, in a dry run, from what they hold), and the report. An import never changes a holder's port
/// and never gives a port to two keys: the grains refuse both.
/// </summary>
public static class DocumentPlan
{
    /// <summary>The entries to try, in document order, and the conflicts found without asking a grain.</summary>
    public sealed record Plan(
        IReadOnlyList<string> Pools, IReadOnlyList<ImportEntry> Entries, IReadOnlyList<LimitEntry> Limits,
        IReadOnlyList<(string Pool, ImportConflict Conflict)> Refused, IReadOnlyList<ReservationEntry> Reservations);

    /// <summary>
    /// Maps each pool of <paramref name="document"/> to the node's pool of that name. Refused up front:
    /// every entry of a pool the node lacks; a lease that names no protocol, or not exactly one of a proxy
    /// (with its user) and a group; a port outside the node's range of the pool; a port or key given twice
    /// in the document (the first keeps it); a limit the pool's ports do not allow.
    /// </summary>
    public static Plan For(ExportDocument document, PoolRegistry pools)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(pools);
        var names = new List<string>();
        var entries = new List<ImportEntry>();
        var limits = new List<LimitEntry>();
        var reservations = new List<ReservationEntry>();
        var refused = new List<(string, ImportConflict)>();
        var ports = new Dictionary<(string, Protocol, int), LeaseKey>();
        var keys = new Dictionary<(string, LeaseKey), int>();
        var users = new HashSet<(string, string)>();
        foreach (var pool in document.Pools)
        {
            if (!names.Contains(pool.Name, StringComparer.Ordinal))
            {
                names.Add(pool.Name);
            }
            if (pools.Find(pool.Name) is not { } here)
            {
                var missing = $"pool '{pool.Name}' is not on this node (its pools: {string.Join(", ", pools.All.Select(p => p.Name))}); start the node with --pool {pool.Name}=<ports> to import it";
                refused.AddRange(pool.Leases.Select(l => (pool.Name, ImportConflict.Of(l, missing))));
                refused.AddRange(pool.Limits!.Users.Select(u => (pool.Name, ImportConflict.OfLimit(u.User, missing))));
                refused.AddRange(pool.Reservations!.Select(r => (pool.Name, ImportConflict.Of(r, missing))));
                continue;
            }
            foreach (var own in pool.Limits!.Users)
            {
                if (own.Limit is null || string.IsNullOrEmpty(own.User) || !users.Add((pool.Name, own.User)))
                {
                    refused.Add((pool.Name, ImportConflict.OfLimit(own.User, own.Limit is null || string.IsNullOrEmpty(own.User)
                        ? "not a limit: name a user and a limit {\"maxPorts\", \"ports\"}"
                        : $"user '{own.User}' has a limit twice in the document; the first is imported")));
                }
                else if (Limits.Check(own.Limit, here.Range) is Parsed<PortRange?>.Error(var problem))
                {
                    refused.Add((pool.Name, ImportConflict.OfLimit(own.User, $"not a limit in this pool: {problem}")));
                }
                else
                {
                    limits.Add(new LimitEntry(pool.Name, own));
                }
            }
            foreach (var lease in pool.Leases)
            {
                if (Refusal(pool.Name, here.Range, lease, ports, keys) is { } reason)
                {
                    refused.Add((pool.Name, ImportConflict.Of(lease, reason)));
                }
                else
                {
                    entries.Add(new ImportEntry(pool.Name, lease.Key()!, lease));
                }
            }
        }
        // After the leases: a port a lease of the document has is no reservation's.
        var reserved = new HashSet<(string, Protocol, int)>();
        foreach (var pool in document.Pools.Where(p => pools.Find(p.Name) is not null))
        {
            foreach (var reservation in pool.Reservations!)
            {
                if (ReservationRefusal(pool.Name, pools.Find(pool.Name)!.Range, reservation, ports, reserved) is { } reason)
                {
                    refused.Add((pool.Name, ImportConflict.Of(reservation, reason)));
                }
                else
                {
                    var protocol = Protocols.Parse(reservation.Protocol)!.Value;
                    reservations.Add(new ReservationEntry(pool.Name, protocol, reservation.Proxy is { } proxy ? LeaseKey.ForProxy(protocol, reservation.User!, proxy) : null, reservation));
                }
            }
        }
        return new Plan(names, entries, limits, refused, reservations);
    }

    // Why a reservation of the document cannot be tried at all; null when it can (its port is then noted as given).
    private static string? ReservationRefusal(
        string pool, PortRange range, ReservationInfo reservation, Dictionary<(string, Protocol, int), LeaseKey> ports, HashSet<(string, Protocol, int)> reserved)
    {
        if (Protocols.Parse(reservation.Protocol) is not { } protocol
            || (reservation.User is null) != (reservation.Proxy is null) || reservation.Proxy is { Length: 0 })
        {
            return "not a reservation: name a protocol (tcp or udp), a port, and a user and proxy (both null for a blocked port)";
        }
        if (!range.Contains(reservation.Port))
        {
            return $"port {reservation.Port} is outside the pool's ports here ({range})";
        }
        if (ports.TryGetValue((pool, protocol, reservation.Port), out var first))
        {
            return $"port {reservation.Port} is given twice in the document; {Describe(first)}, given it first, is imported with it";
        }
        return reserved.Add((pool, protocol, reservation.Port)) ? null : $"port {reservation.Port} is reserved twice in the document; the first is imported";
    }

    // Why a lease of the document cannot be tried at all; null when it can (and is then noted as given).
    private static string? Refusal(string pool, PortRange range, ExportLease lease, Dictionary<(string, Protocol, int), LeaseKey> ports, Dictionary<(string, LeaseKey), int> keys)
    {
        if (lease.Key() is not { } key)
        {
            return "not a lease: name a protocol (tcp or udp) and a user and proxy, or a group (user and proxy null)";
        }
        if (!range.Contains(lease.Port))
        {
            return $"port {lease.Port} is outside the pool's ports here ({range}); {Describe(key)} gets a new port on its next NewProxy";
        }
        if (ports.TryGetValue((pool, key.Protocol, lease.Port), out var first))
        {
            return $"port {lease.Port} is given twice in the document; {Describe(first)}, given it first, is imported with it";
        }
        if (keys.TryGetValue((pool, key), out var port))
        {
            return $"{Describe(key)} is given twice in the document; it is imported with its first port, {port}";
        }
        ports[(pool, key.Protocol, lease.Port)] = key;
        keys[(pool, key)] = lease.Port;
        return null;
    }

    /// <summary>
    /// What an import of <paramref name="entry"/> would answer, for a dry run: the port the key holds
    /// (<paramref name="held"/>, which it keeps), a refusal when <paramref name="holder"/>, the port's
    /// holder, is another key, else the document's port.
    /// </summary>
    public static Allocation Simulate(ImportEntry entry, int? held, LeaseKey? holder, ReservationInfo? reserved = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return held is int port ? new Allocation.Granted(port, IsNew: false)
            : holder is not null && holder != entry.Key ? new Allocation.HeldByAnother(entry.Lease.Port)
            : reserved is not null && (reserved.User, reserved.Proxy) != (entry.Key.User, entry.Key.Name) ? new Allocation.PortReserved(entry.Lease.Port)
            : new Allocation.Granted(entry.Lease.Port, IsNew: true);
    }

    /// <summary>
    /// The outcome of <paramref name="entry"/> from what its grain answered (<paramref name="answer"/>),
    /// <paramref name="holder"/> being the port's holder when the answer is that another holds it.
    /// </summary>
    public static ImportOutcome Judge(ImportEntry entry, Allocation answer, LeaseKey? holder)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var lease = entry.Lease;
        ImportOutcome Conflict(string reason) => new ImportOutcome.Conflicted(ImportConflict.Of(lease, reason));
        return answer switch
        {
            Allocation.Granted { IsNew: true } => new ImportOutcome.Imported(),
            Allocation.Granted granted when granted.Port == lease.Port => new ImportOutcome.Unchanged(),
            Allocation.Granted granted => Conflict($"{Describe(entry.Key)} holds port {granted.Port} here and keeps it: an import never changes a holder's port"),
            Allocation.HeldByAnother => Conflict($"port {lease.Port} is held here by {(holder is null ? "another holder" : Describe(holder))}, which keeps it"),
            Allocation.PortReserved => Conflict($"port {lease.Port} is reserved here for another proxy, or blocked"),
            Allocation.NotInRange range => Conflict($"port {lease.Port} is outside the pool's ports here ({range.Range})"),
            Allocation.Unavailable unavailable => Conflict($"not imported now: {unavailable.Reason}; import again"),
            var other => Conflict($"not imported: {other}"),
        };
    }

    /// <summary>
    /// What reserving <paramref name="entry"/> would answer, for a dry run, from the pool's reservations
    /// (<paramref name="existing"/>), the port's holder (<paramref name="holder"/>) and the port the
    /// reservation's proxy holds (<paramref name="held"/>): as the pool decides (<c>PortPool.Reserve</c>).
    /// </summary>
    public static ReserveResult SimulateReservation(ReservationEntry entry, IReadOnlyList<ReservationInfo> existing, LeaseKey? holder, int? held)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(existing);
        var wanted = entry.Reservation;
        var at = existing.FirstOrDefault(r => r.Protocol == wanted.Protocol && r.Port == wanted.Port);
        var mine = entry.For is null ? null : existing.FirstOrDefault(r => r.Protocol == wanted.Protocol && (r.User, r.Proxy) == (entry.For.User, entry.For.Name));
        return at is not null && (at.User, at.Proxy) == (wanted.User, wanted.Proxy) ? new ReserveResult.Done(at)
            : at is not null ? new ReserveResult.Conflict($"port {wanted.Port} is already {(at.Proxy is null ? "blocked" : $"reserved for proxy '{at.Proxy}' of user '{at.User}'")}")
            : holder is not null ? new ReserveResult.Conflict($"port {wanted.Port} is held by {Describe(holder)}")
            : mine is not null ? new ReserveResult.Conflict($"{Describe(entry.For!)} already has {mine.Port} reserved")
            : held is int port ? new ReserveResult.Conflict($"{Describe(entry.For!)} already holds {port}")
            : new ReserveResult.Done(wanted);
    }

    /// <summary>
    /// The outcome of a reservation from the pool's answer (<paramref name="answer"/>);
    /// <paramref name="existed"/> when the pool had that very reservation before.
    /// </summary>
    public static ImportOutcome JudgeReservation(ReservationEntry entry, ReserveResult answer, bool existed)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ImportOutcome Conflict(string reason) => new ImportOutcome.Conflicted(ImportConflict.Of(entry.Reservation, reason));
        return answer switch
        {
            ReserveResult.Done when existed => new ImportOutcome.Unchanged(),
            ReserveResult.Done => new ImportOutcome.Imported(),
            ReserveResult.Conflict(var reason) => Conflict($"not reserved: {reason}"),
            ReserveResult.NotInRange(var range) => Conflict($"port {entry.Reservation.Port} is outside the pool's ports here ({range})"),
            ReserveResult.Unavailable(var reason) => Conflict($"not reserved now: {reason}; import again"),
            var other => Conflict($"not reserved: {other}"),
        };
    }

    /// <summary>The outcome of a user's limit, from the limit the user has of its own here (<paramref name="own"/>, null for none).</summary>
    public static ImportOutcome JudgeLimit(LimitEntry entry, UserLimit? own)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var wanted = entry.Limit.Limit;
        return own is null ? new ImportOutcome.Imported()
            : own == wanted ? new ImportOutcome.Unchanged()
            : new ImportOutcome.Conflicted(ImportConflict.OfLimit(entry.Limit.User,
                $"user '{entry.Limit.User}' has a limit of its own here ({Describe(own)}) and keeps it; the document's is {Describe(wanted)}"));
    }

    /// <summary>The report: per pool of the plan, in document order, its counts and conflicts (by protocol and port).</summary>
    public static DocumentImportReport Report(
        bool dryRun, Plan plan, IEnumerable<(ImportEntry Entry, ImportOutcome Outcome)> leases, IEnumerable<(LimitEntry Entry, ImportOutcome Outcome)> limits,
        IEnumerable<(ReservationEntry Entry, ImportOutcome Outcome)>? reservations = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var byLease = leases.ToLookup(o => o.Entry.Pool, o => o.Outcome, StringComparer.Ordinal);
        var byLimit = limits.ToLookup(o => o.Entry.Pool, o => o.Outcome, StringComparer.Ordinal);
        var byReservation = (reservations ?? []).ToLookup(o => o.Entry.Pool, o => o.Outcome, StringComparer.Ordinal);
        var refused = plan.Refused.ToLookup(r => r.Pool, r => r.Conflict, StringComparer.Ordinal);
        int Count<T>(IEnumerable<ImportOutcome> outcomes) => outcomes.Count(o => o is T);
        return new DocumentImportReport(dryRun, [.. plan.Pools.Select(pool => new PoolImport(
            pool,
            Count<ImportOutcome.Imported>(byLease[pool]),
            Count<ImportOutcome.Unchanged>(byLease[pool]),
            Count<ImportOutcome.Earlier>(byLease[pool]),
            Count<ImportOutcome.Imported>(byLimit[pool]),
            Count<ImportOutcome.Unchanged>(byLimit[pool]),
            Count<ImportOutcome.Imported>(byReservation[pool]),
            Count<ImportOutcome.Unchanged>(byReservation[pool]),
            [.. refused[pool].Concat(byLease[pool].Concat(byLimit[pool]).Concat(byReservation[pool]).OfType<ImportOutcome.Conflicted>().Select(c => c.Conflict))
                .OrderBy(c => c.Protocol, StringComparer.Ordinal).ThenBy(c => c.Port).ThenBy(c => c.User, StringComparer.Ordinal)]))]);
    }

    /// <summary>A key as the admin API's messages name it: <c>proxy 'laptop.ssh' of user 'laptop'</c>, <c>group 'web'</c>.</summary>
    public static string Describe(LeaseKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return $"{key.Protocol.Name()} {LeaseKeys.Describe(key)}";
    }

    private static string Describe(UserLimit limit) =>
        $"{limit.MaxPorts switch { null => "the default count", 0 => "any count", var max => $"at most {max} ports" }}, {limit.Ports ?? "any port of the pool"}";
}
