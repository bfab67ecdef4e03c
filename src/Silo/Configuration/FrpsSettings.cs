using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// What PortKeeper needs from an frps configuration: its allowPorts (null when it has none,
/// which to frps means 1-65535) and the ports frps binds for itself, TCP or UDP.
/// </summary>
/// <remarks>Record equality compares <see cref="BoundPorts"/> by reference.</remarks>
public sealed record FrpsSettings(PortRange? AllowPorts, IReadOnlySet<int> BoundPorts)
{
    /// <summary>frps's <c>bindPort</c> when the configuration leaves it out.</summary>
    public const int DefaultBindPort = 7000;
}
