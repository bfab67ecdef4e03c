namespace PortKeeper.Contracts;

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
