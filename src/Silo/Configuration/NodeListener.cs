using System.Net;

namespace PortKeeper.Silo.Configuration;

/// <summary>A port a node listens on itself, the address it listens on, and the option that sets it.</summary>
public sealed record NodeListener(string Option, IPAddress Address, int Port);
