namespace PortKeeper.Contracts;

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
