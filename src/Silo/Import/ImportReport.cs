using PortKeeper.Contracts;

namespace PortKeeper.Silo.Import;

/// <summary>
/// An entry of an export document that is not imported, and why: a lease (its protocol, port, and
/// user and proxy, or group), a reservation (its protocol, port, and user and proxy unless it blocks the
/// port), or a user's limit (<see cref="Protocol"/> and <see cref="Port"/> null).
/// </summary>
public sealed record ImportConflict(string? Protocol, int? Port, string? User, string? Proxy, string? Group, string Reason)
{
    /// <summary>The conflict of a lease of the document.</summary>
    public static ImportConflict Of(ExportLease lease, string reason)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new(lease.Protocol, lease.Port, lease.User, lease.Proxy, lease.Group, reason);
    }

    /// <summary>The conflict of a reservation of the document.</summary>
    public static ImportConflict Of(ReservationInfo reservation, string reason)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return new(reservation.Protocol, reservation.Port, reservation.User, reservation.Proxy, null, reason);
    }

    /// <summary>The conflict of a user's limit of the document.</summary>
    public static ImportConflict OfLimit(string user, string reason) => new(null, null, user, null, null, reason);
}

/// <summary>
/// What an import did, or in a dry run would do, in one pool of the document: leases and users' limits
/// taken over, already here the same (unchanged), taken over by an earlier start-up import (left as
/// they are), and the conflicts, none of which changed anything.
/// </summary>
public sealed record PoolImport(
    string Pool, int Imported, int Unchanged, int Earlier, int LimitsImported, int LimitsUnchanged,
    int ReservationsImported, int ReservationsUnchanged, IReadOnlyList<ImportConflict> Conflicts);

/// <summary>The report of an import of an export document, per pool of the document; a dry run changed nothing.</summary>
public sealed record DocumentImportReport(bool DryRun, IReadOnlyList<PoolImport> Pools)
{
    /// <summary>Leases taken over in every pool.</summary>
    public int Imported => Pools.Sum(p => p.Imported);

    /// <summary>Leases already here the same, in every pool.</summary>
    public int Unchanged => Pools.Sum(p => p.Unchanged);

    /// <summary>Entries not imported, in every pool.</summary>
    public int Conflicts => Pools.Sum(p => p.Conflicts.Count);
}
