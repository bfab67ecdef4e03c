using PortKeeper.Contracts;

namespace PortKeeper.Silo.Import;

/// <summary>A user's own limit of an export document to import into the pool of that name on this node.</summary>
public sealed record LimitEntry(string Pool, OwnLimit Limit);
