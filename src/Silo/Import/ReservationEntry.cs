using PortKeeper.Contracts;

namespace PortKeeper.Silo.Import;

/// <summary>A reservation of an export document (for <paramref name="For"/>; a blocked port when null) to import into the pool of that name.</summary>
public sealed record ReservationEntry(string Pool, Protocol Protocol, LeaseKey? For, ReservationInfo Reservation);
