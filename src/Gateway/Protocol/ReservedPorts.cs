using PortKeeper.Silo.Configuration;
using PortKeeper.Silo.Hosting;

namespace PortKeeper.Gateway.Protocol;

/// <summary>Ports never handed out because frps or PortKeeper itself listens on them, so that a refusal can say so.</summary>
public sealed record ReservedPorts(IReadOnlySet<int> Frps, IReadOnlyList<NodeListener> Own)
{
    /// <summary>No port known to be reserved.</summary>
    public static ReservedPorts None { get; } = new(new HashSet<int>(), []);

    /// <summary>The reserved ports of a node's resolved settings.</summary>
    public static ReservedPorts Of(PortKeeperSettings? settings) =>
        settings is null ? None : new(settings.FrpsPorts, settings.Own);
}
