namespace PortKeeper.Contracts;

/// <summary>A proxy of a user asking for its group's port.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.GroupRequest")]
public sealed record GroupRequest(
    [property: Id(0)] string User,
    [property: Id(1)] string ProxyName,
    [property: Id(2)] int? RequestedPort,
    [property: Id(3)] string RunId = "");
