namespace PortKeeper.Contracts;

/// <summary>A member of a load-balancing group: <paramref name="User"/>'s proxy <paramref name="ProxyName"/>, whether connected, and when last seen.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.GroupMember")]
public sealed record GroupMember(
    [property: Id(0)] string User,
    [property: Id(1)] string ProxyName,
    [property: Id(2)] bool Online,
    [property: Id(3)] DateTimeOffset LastSeen);
