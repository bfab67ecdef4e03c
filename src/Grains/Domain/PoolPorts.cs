namespace PortKeeper.Domain;

/// <summary>
/// One pool (the port space of one frps cluster): its name, the ports it hands out, and the ports
/// its frps binds itself. <c>Configured</c> is the range as configured, before the node left its
/// own ports out (null when it left none out): the range every node of a cluster must agree on,
/// whatever ports each node listens on itself.
/// </summary>
/// <remarks>Record equality compares <see cref="FrpsPorts"/> by reference.</remarks>
public sealed record PoolPorts(string Name, PortRange Range, IReadOnlySet<int> FrpsPorts, PortRange? Configured = null)
{
    /// <summary>The range the cluster agrees on: <see cref="Configured"/>, else <see cref="Range"/>.</summary>
    public PortRange ClusterRange => Configured ?? Range;
}
