using System.Net.Sockets;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Silo.Hosting;

/// <summary>Checks, before a node starts, that the ports it will listen on are free.</summary>
public static class ListenPorts
{
    /// <summary>
    /// Binds a plain TCP socket (without SO_REUSEPORT, which Orleans' own listeners set, so that
    /// two nodes would silently share a port) on each address and port of <see cref="PortKeeperSettings.Own"/>
    /// and releases it at once. Returns <paramref name="settings"/> when every port is free.
    /// </summary>
    /// <exception cref="PortInUseException">A port is taken, naming it and the option that sets it.</exception>
    public static PortKeeperSettings EnsurePortsFree(this PortKeeperSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var listener in settings.Own)
        {
            using var probe = new Socket(listener.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new System.Net.IPEndPoint(listener.Address, listener.Port));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new PortInUseException(listener, e);
            }
        }
        return settings;
    }
}
