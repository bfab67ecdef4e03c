using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>Which NewProxy requests take a port, and under which key.</summary>
public static class LeaseKeys
{
    /// <summary>
    /// The lease key of a proxy: protocol plus group when <paramref name="group"/> is set,
    /// else protocol plus proxy name. Null for proxy types that take no port
    /// (http, https, tcpmux, stcp, sudp, xtcp and anything unknown).
    /// </summary>
    public static LeaseKey? For(string proxyType, string proxyName, string? group) =>
        ProtocolOf(proxyType) switch
        {
            null => null,
            Protocol p when !string.IsNullOrEmpty(group) => LeaseKey.ForGroup(p, group),
            Protocol p => LeaseKey.ForProxy(p, proxyName),
        };

    /// <summary>The port space of a proxy type, or null when the type takes no port.</summary>
    public static Protocol? ProtocolOf(string proxyType) => proxyType switch
    {
        "tcp" => Protocol.Tcp,
        "udp" => Protocol.Udp,
        _ => null,
    };
}
