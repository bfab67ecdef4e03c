using PortKeeper.Silo.Configuration;

namespace PortKeeper.Silo.Hosting;

/// <summary>A port this node would listen on is taken by another process.</summary>
public sealed class PortInUseException(NodeListener listener, Exception inner)
    : IOException($"port {listener.Port} ({listener.Option}) is already in use on {listener.Address} by another process; give this node another {listener.Option}", inner)
{
    /// <summary>The listener whose port is taken.</summary>
    public NodeListener Listener { get; } = listener;
}
