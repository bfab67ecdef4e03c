namespace PortKeeper.Contracts;

/// <summary>
/// An operator's reservation: <paramref name="Protocol"/> port <paramref name="Port"/> kept for
/// <paramref name="User"/>'s proxy <paramref name="Proxy"/> until its first NewProxy takes it, or,
/// with both null, blocked (no proxy gets it), since <paramref name="Since"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.ReservationInfo")]
public sealed record ReservationInfo(
    [property: Id(0)] string Protocol,
    [property: Id(1)] int Port,
    [property: Id(2)] string? User,
    [property: Id(3)] string? Proxy,
    [property: Id(4)] DateTimeOffset Since);

/// <summary>The outcome of reserving, blocking or freeing a port: a closed set, one admin answer each.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.Reserving")]
public abstract record ReserveResult
{
    private ReserveResult() { }

    /// <summary>Done: the reservation as it now is (or, for a removal, as it was).</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Reserving.Done")]
    public sealed record Done([property: Id(0)] ReservationInfo Reservation) : ReserveResult;

    /// <summary>Refused: <c>Reason</c> says why and what to do.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Reserving.Conflict")]
    public sealed record Conflict([property: Id(0)] string Reason) : ReserveResult;

    /// <summary>The port is outside the pool's <c>Range</c>.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Reserving.NotInRange")]
    public sealed record NotInRange([property: Id(0)] string Range) : ReserveResult;

    /// <summary>The port has no reservation to remove.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Reserving.Missing")]
    public sealed record Missing : ReserveResult;

    /// <summary>The change could not be stored; nothing changed, retrying is safe.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Reserving.Unavailable")]
    public sealed record Unavailable([property: Id(0)] string Reason) : ReserveResult;
}
