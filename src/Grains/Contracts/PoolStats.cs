namespace PortKeeper.Contracts;

/// <summary>How full the pool is (taken counts include <see cref="Reserved"/> and blocked ports); <see cref="Pool"/> names it.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.PoolStats")]
public sealed record PoolStats(
    [property: Id(0)] string Range,
    [property: Id(1)] int RangeSize,
    [property: Id(2)] int TcpTaken,
    [property: Id(3)] int UdpTaken,
    [property: Id(4)] int Pending,
    [property: Id(5)] int TakenOutsideRange,
    [property: Id(6)] string Silo = "",
    [property: Id(7)] string Pool = GrainKeys.DefaultPool,
    [property: Id(8)] int Reserved = 0);
