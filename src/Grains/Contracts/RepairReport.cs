using System.Collections.Immutable;

namespace PortKeeper.Contracts;

/// <summary>
/// What a repair of a pool's claims against its users and groups found and did: how many claims
/// and held ports it compared, and one line per disagreement with what was done about it.
/// </summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.RepairReport")]
public sealed record RepairReport(
    [property: Id(0)] string Pool,
    [property: Id(1)] int Claims,
    [property: Id(2)] int Held,
    [property: Id(3)] int Freed,
    [property: Id(4)] int Claimed,
    [property: Id(5)] int Moved,
    [property: Id(6)] ImmutableArray<string> Findings);
