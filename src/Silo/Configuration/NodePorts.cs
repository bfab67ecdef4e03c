using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// A node's pools (the default one and those of <c>--pool</c>), the ports the node listens on
/// itself (left out of every pool), and those of them that some pool's configured ports held.
/// </summary>
public sealed record NodePorts(PoolRegistry Pools, IReadOnlyList<NodeListener> Own, IReadOnlyList<NodeListener> OwnLeftOut);
