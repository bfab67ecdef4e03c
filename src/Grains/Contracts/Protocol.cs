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

/// <summary>The one spelling of a protocol, as frp writes proxy types.</summary>
public static class Protocols
{
    /// <summary>Both port spaces.</summary>
    public static IReadOnlyList<Protocol> All { get; } = [Protocol.Tcp, Protocol.Udp];

    /// <summary>Their names, <c>tcp</c> and <c>udp</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(Name)];

    /// <summary><c>tcp</c> or <c>udp</c>.</summary>
    public static string Name(this Protocol protocol) => protocol == Protocol.Tcp ? "tcp" : "udp";

    /// <summary>The port space of an frp proxy type (<c>tcp</c>, <c>udp</c>), or null when the type takes no port.</summary>
    public static Protocol? Parse(string? proxyType) => proxyType switch
    {
        "tcp" => Protocol.Tcp,
        "udp" => Protocol.Udp,
        _ => null,
    };
}
