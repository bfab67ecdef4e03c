namespace PortKeeper.Contracts;

/// <summary>
/// The outcome of asking for a port: a closed set. The gateway turns each case into exactly
/// one answer for frps.
/// </summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.Allocation")]
public abstract record Allocation
{
    private Allocation() { }

    /// <summary>The key holds <c>Port</c>; <c>IsNew</c> when this request allocated it.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Allocation.Granted")]
    public sealed record Granted([property: Id(0)] int Port, [property: Id(1)] bool IsNew) : Allocation;

    /// <summary>The requested port belongs to another key.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Allocation.HeldByAnother")]
    public sealed record HeldByAnother([property: Id(0)] int Port) : Allocation;

    /// <summary>The requested port is outside the allowed range (given in frps INI syntax).</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Allocation.NotInRange")]
    public sealed record NotInRange([property: Id(0)] int Port, [property: Id(1)] string Range) : Allocation;

    /// <summary>The requested port is reserved by the operator for another proxy, or blocked.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Allocation.PortReserved")]
    public sealed record PortReserved([property: Id(0)] int Port) : Allocation;

    /// <summary>Every port of the range is held.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Allocation.PoolFull")]
    public sealed record PoolFull([property: Id(0)] string Range) : Allocation;

    /// <summary>A member of a group asked for another port than the one its group holds.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Allocation.GroupHolds")]
    public sealed record GroupHolds([property: Id(0)] string Group, [property: Id(1)] int Port) : Allocation;

    /// <summary>The user's proxies already hold <c>MaxPorts</c> ports, the user's limit.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Allocation.LimitReached")]
    public sealed record LimitReached([property: Id(0)] int MaxPorts) : Allocation;

    /// <summary>The requested port is outside the ports the operator allows this user (<c>Ports</c>, frps INI syntax).</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Allocation.OutsideUserPorts")]
    public sealed record OutsideUserPorts([property: Id(0)] int Port, [property: Id(1)] string Ports) : Allocation;

    /// <summary>The allocation could not be made durable (storage down or too slow); retrying is safe.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Allocation.Unavailable")]
    public sealed record Unavailable([property: Id(0)] string Reason) : Allocation;
}
