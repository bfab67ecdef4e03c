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
