namespace PortKeeper.Contracts;

/// <summary>A user's limits as they apply now: the user's own, or the default; and how many ports its own proxies hold.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.UserLimits")]
public sealed record UserLimits(
    [property: Id(0)] int MaxPorts,
    [property: Id(1)] string? Ports,
    [property: Id(2)] UserLimit? Own,
    [property: Id(3)] int Held);
