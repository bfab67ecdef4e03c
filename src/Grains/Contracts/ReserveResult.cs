namespace PortKeeper.Contracts;

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
