using System.Collections.Immutable;

namespace PortKeeper.Contracts;

/// <summary>A page of a pool's holders and the cursor of the next page (null on the last page).</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.HolderPage")]
public sealed record HolderPage([property: Id(0)] ImmutableArray<PortHolder> Items, [property: Id(1)] PortCursor? Next);
