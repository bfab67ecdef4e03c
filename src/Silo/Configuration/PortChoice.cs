using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// The range a node hands out, the ports frps binds itself (never handed out), and the ports
/// this node listens on itself, of which <see cref="OwnLeftOut"/> lay in the configured range.
/// </summary>
public sealed record PortChoice(PortRange Range, IReadOnlySet<int> FrpsPorts, IReadOnlyList<NodeListener> Own, IReadOnlyList<NodeListener> OwnLeftOut);
