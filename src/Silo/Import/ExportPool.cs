using PortKeeper.Contracts;

namespace PortKeeper.Silo.Import;

/// <summary>
/// One pool of an export: its name and range (as the exporting node had them), its leases, its
/// reservations and blocked ports (a blocked port names no user or proxy) and its limits.
/// </summary>
public sealed record ExportPool(
    string Name, string Range, IReadOnlyList<ExportLease> Leases, IReadOnlyList<ReservationInfo>? Reservations = null, ExportLimits? Limits = null);
