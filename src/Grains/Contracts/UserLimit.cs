namespace PortKeeper.Contracts;

/// <summary>
/// An operator's limit for one user, overriding <c>--max-ports-per-user</c>: at most
/// <paramref name="MaxPorts"/> ports for the user's own proxies (0: no limit; null: the default), taken
/// from <paramref name="Ports"/> (frps INI syntax, within the pool's; null: any port of the pool).
/// </summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.UserLimit")]
public sealed record UserLimit([property: Id(0)] int? MaxPorts, [property: Id(1)] string? Ports);

/// <summary>A user's own limit, in a listing of a pool's limits.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.OwnLimit")]
public sealed record OwnLimit([property: Id(0)] string User, [property: Id(1)] UserLimit Limit);

/// <summary>A user's limits as they apply now: the user's own, or the default; and how many ports its own proxies hold.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.UserLimits")]
public sealed record UserLimits(
    [property: Id(0)] int MaxPorts,
    [property: Id(1)] string? Ports,
    [property: Id(2)] UserLimit? Own,
    [property: Id(3)] int Held);
