namespace PortKeeper.Contracts;

/// <summary>A taken port of a pool and its holder; <paramref name="Pending"/> while the holder has yet to confirm it.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.PortHolder")]
public sealed record PortHolder([property: Id(0)] Protocol Protocol, [property: Id(1)] int Port, [property: Id(2)] LeaseKey Holder, [property: Id(3)] bool Pending);
