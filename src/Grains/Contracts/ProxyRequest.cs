namespace PortKeeper.Contracts;

/// <summary>
/// What a user grain is asked for on a NewProxy: a port for the user's proxy
/// <paramref name="ProxyName"/>, of frpc session <paramref name="RunId"/>, in
/// <paramref name="Group"/>'s port when the proxy belongs to a load-balancing group.
/// </summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.ProxyRequest")]
public sealed record ProxyRequest(
    [property: Id(0)] Protocol Protocol,
    [property: Id(1)] string ProxyName,
    [property: Id(2)] int? RequestedPort,
    [property: Id(3)] string RunId = "",
    [property: Id(4)] string? Group = null);

/// <summary>A proxy of a user asking for its group's port.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.GroupRequest")]
public sealed record GroupRequest(
    [property: Id(0)] string User,
    [property: Id(1)] string ProxyName,
    [property: Id(2)] int? RequestedPort,
    [property: Id(3)] string RunId = "");

/// <summary>
/// A member's proxy closed: <paramref name="User"/>'s <paramref name="ProxyName"/> of frpc session
/// <paramref name="RunId"/>, offline since <paramref name="At"/> (now when null).
/// </summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.GroupLeave")]
public sealed record GroupLeave(
    [property: Id(0)] string User,
    [property: Id(1)] string ProxyName,
    [property: Id(2)] string RunId = "",
    [property: Id(3)] DateTimeOffset? At = null);

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

/// <summary>A member of a load-balancing group: <paramref name="User"/>'s proxy <paramref name="ProxyName"/>, whether connected, and when last seen.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.GroupMember")]
public sealed record GroupMember(
    [property: Id(0)] string User,
    [property: Id(1)] string ProxyName,
    [property: Id(2)] bool Online,
    [property: Id(3)] DateTimeOffset LastSeen);
