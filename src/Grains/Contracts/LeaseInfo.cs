namespace PortKeeper.Contracts;

/// <summary>What a lease holds, for operators and repair.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.LeaseInfo")]
public sealed record LeaseInfo(
    [property: Id(0)] string Key,
    [property: Id(1)] int Port,
    [property: Id(2)] DateTimeOffset GrantedAt,
    [property: Id(3)] DateTimeOffset LastSeen,
    [property: Id(4)] bool Online,
    [property: Id(5)] string LastProxyName,
    [property: Id(6)] string User = "",
    [property: Id(7)] string Protocol = "");
