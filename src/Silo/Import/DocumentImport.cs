using System.Collections.Concurrent;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Import;

/// <summary>Imports an export document through the grains, or in a dry run reads what the grains hold and changes nothing.</summary>
public static class DocumentImport
{
    /// <summary>
    /// Imports <paramref name="document"/> into the node's pools of the same names: each user's limit
    /// through its user grain (a user with a limit of its own keeps it), each proxy's lease through its
    /// user grain and each group's through its group grain, stored offline since now until the proxy
    /// connects, granted at the document's time, then each reservation and block through the pool. A key
    /// that holds a port keeps it, and a port held (or reserved) by another key stays with it. With <paramref name="dryRun"/>, reads what the grains hold and reports
    /// what an import would do, changing nothing. With <paramref name="remember"/> (the file of a start-up
    /// <c>--import</c>), each entry is taken over once, as the legacy import does. Throws when a grain
    /// cannot be read; the entries imported by then stay imported.
    /// </summary>
    public static async Task<DocumentImportReport> ApplyAsync(
        IGrainFactory grains, PoolRegistry pools, ExportDocument document, bool dryRun, string? remember, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var plan = DocumentPlan.For(document, pools);
        var taken = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (remember is not null)
        {
            foreach (var pool in plan.Entries.Select(e => e.Pool).Concat(plan.Limits.Select(l => l.Pool)).Concat(plan.Reservations.Select(r => r.Pool)).Distinct(StringComparer.Ordinal))
            {
                taken[pool] = (await grains.Import(pool).ImportedAsync()).ToHashSet(StringComparer.Ordinal);
            }
        }
        bool Earlier(string pool, string entry) => taken.TryGetValue(pool, out var entries) && entries.Contains(entry);
        var settled = new ConcurrentQueue<(string Pool, string Entry)>();

        var limits = new List<(LimitEntry, ImportOutcome)>();
        foreach (var entry in plan.Limits)
        {
            var name = $"{remember}\nlimit\n{entry.Limit.User}";
            var outcome = Earlier(entry.Pool, name) ? new ImportOutcome.Earlier() : await LimitAsync(grains.User(entry.Pool, entry.Limit.User), entry, dryRun);
            limits.Add((entry, outcome ?? new ImportOutcome.Conflicted(ImportConflict.OfLimit(entry.Limit.User, "not imported now: the limit could not be stored; import again"))));
            if (outcome is not null)
            {
                settled.Enqueue((entry.Pool, name));
            }
        }

        var reserved = new Dictionary<string, IReadOnlyList<ReservationInfo>>(StringComparer.Ordinal);
        foreach (var pool in plan.Entries.Select(e => e.Pool).Concat(plan.Reservations.Select(r => r.Pool)).Distinct(StringComparer.Ordinal))
        {
            reserved[pool] = await grains.Pool(pool).ListReservationsAsync();
        }

        var leases = new ConcurrentQueue<(ImportEntry, ImportOutcome)>();
        await Parallel.ForEachAsync(plan.Entries, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (entry, _) =>
        {
            var name = LegacyImport.EntryOf(new LegacyClaim(entry.Key, entry.Lease.Port, remember ?? ""));
            if (Earlier(entry.Pool, name))
            {
                leases.Enqueue((entry, new ImportOutcome.Earlier()));
                return;
            }
            var answer = dryRun
                ? await SimulateAsync(grains, entry, reserved[entry.Pool].FirstOrDefault(r => r.Protocol == entry.Lease.Protocol && r.Port == entry.Lease.Port))
                : await ImportAsync(grains, entry);
            var holder = answer is Allocation.HeldByAnother ? await grains.Pool(entry.Pool).GetHolderAsync(entry.Key.Protocol, entry.Lease.Port) : null;
            leases.Enqueue((entry, DocumentPlan.Judge(entry, answer, holder)));
            if (answer is not Allocation.Unavailable)
            {
                // An entry that could not be stored is not remembered: the next start tries again.
                settled.Enqueue((entry.Pool, name));
            }
        });

        var reservations = new List<(ReservationEntry, ImportOutcome)>();
        foreach (var entry in plan.Reservations)
        {
            var name = $"{remember}\nreservation\n{entry.Reservation.Protocol}:{entry.Reservation.Port}";
            if (Earlier(entry.Pool, name))
            {
                reservations.Add((entry, new ImportOutcome.Earlier()));
                continue;
            }
            var existing = reserved[entry.Pool];
            var (protocol, port) = (entry.Protocol, entry.Reservation.Port);
            var existed = existing.Any(r => r.Protocol == entry.Reservation.Protocol && r.Port == port && (r.User, r.Proxy) == (entry.Reservation.User, entry.Reservation.Proxy));
            var answer = dryRun
                ? DocumentPlan.SimulateReservation(entry, existing, await grains.Pool(entry.Pool).GetHolderAsync(protocol, port),
                    entry.For is { } proxy ? (await grains.User(entry.Pool, proxy.User).GetAsync(protocol, proxy.Name))?.Port : null)
                : await grains.Pool(entry.Pool).ReserveAsync(protocol, port, entry.For);
            reservations.Add((entry, DocumentPlan.JudgeReservation(entry, answer, existed)));
            if (answer is not ReserveResult.Unavailable)
            {
                settled.Enqueue((entry.Pool, name));
            }
        }
        if (remember is not null && !dryRun)
        {
            // Remembered after the leases are stored: a crash in between, or a record that could not be
            // stored (false), only repeats entries, which then find their port held.
            foreach (var pool in settled.GroupBy(s => s.Pool, StringComparer.Ordinal))
            {
                await grains.Import(pool.Key).RecordAsync([.. pool.Select(s => s.Entry)]);
            }
        }
        return DocumentPlan.Report(dryRun, plan, leases, limits, reservations);
    }

    // The limit's outcome; null when it could not be stored (nothing changed).
    private static async Task<ImportOutcome?> LimitAsync(IUserGrain user, LimitEntry entry, bool dryRun)
    {
        var outcome = DocumentPlan.JudgeLimit(entry, (await user.GetLimitsAsync()).Own);
        return outcome is ImportOutcome.Imported && !dryRun && await user.SetLimitAsync(entry.Limit.Limit) is null ? null : outcome;
    }

    private static Task<Allocation> ImportAsync(IGrainFactory grains, ImportEntry entry)
    {
        var (pool, key, lease) = entry;
        return key.IsGroup
            ? grains.Group(pool, key.Protocol, key.Name).ImportAsync(lease.Port, lease.GrantedAt)
            : grains.User(pool, key.User).ImportAsync(key.Protocol, key.Name, lease.Port, lease.GrantedAt);
    }

    private static async Task<Allocation> SimulateAsync(IGrainFactory grains, ImportEntry entry, ReservationInfo? reserved)
    {
        var (pool, key, lease) = entry;
        var held = await grains.LeaseAsync(pool, key);
        return DocumentPlan.Simulate(entry, held?.Port, await grains.Pool(pool).GetHolderAsync(key.Protocol, lease.Port), reserved);
    }
}
