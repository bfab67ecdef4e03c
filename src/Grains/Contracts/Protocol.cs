namespace PortKeeper.Contracts;

/// <summary>A port space. frps keeps TCP and UDP ports apart: one number can serve one of each.</summary>
[GenerateSerializer, Alias("PortKeeper.Protocol")]
public enum Protocol
{
    /// <summary>TCP ports, for frp <c>tcp</c> proxies.</summary>
    Tcp = 0,

    /// <summary>UDP ports, for frp <c>udp</c> proxies.</summary>
    Udp = 1,
}
