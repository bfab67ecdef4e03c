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
