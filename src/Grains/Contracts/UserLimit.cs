namespace PortKeeper.Contracts;

/// <summary>
/// An operator's limit for one user, overriding <c>--max-ports-per-user</c>: at most
/// <paramref name="MaxPorts"/> ports for the user's own proxies (0: no limit; null: the default), taken
/// from <paramref name="Ports"/> (frps INI syntax, within the pool's; null: any port of the pool).
/// </summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.UserLimit")]
public sealed record UserLimit([property: Id(0)] int? MaxPorts, [property: Id(1)] string? Ports);
