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
