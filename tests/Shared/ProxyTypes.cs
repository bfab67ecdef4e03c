namespace PortKeeper.Tests;

/// <summary>Proxy types as frps names them in NewProxy.</summary>
public static class ProxyTypes
{
    /// <summary>Types whose proxies take no remote port of a pool (spelled exactly: frps sends types in lower case).</summary>
    public static readonly IReadOnlyList<string> Portless = ["http", "https", "tcpmux", "stcp", "sudp", "xtcp", "TCP", "Udp", "tcp ", "quic", "ftp"];

    /// <summary><see cref="Portless"/> as a table for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> PortlessTable => [.. Portless];
}
