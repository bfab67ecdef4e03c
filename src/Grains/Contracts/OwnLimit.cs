namespace PortKeeper.Contracts;

/// <summary>A user's own limit, in a listing of a pool's limits.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.OwnLimit")]
public sealed record OwnLimit([property: Id(0)] string User, [property: Id(1)] UserLimit Limit);
