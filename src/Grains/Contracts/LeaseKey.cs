namespace PortKeeper.Contracts;

/// <summary>
/// Who holds a port: a protocol plus the proxy name, or plus the load-balancing group name
/// for grouped proxies (all members of a group share one port).
/// </summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.LeaseKey")]
public sealed record LeaseKey(
    [property: Id(0)] Protocol Protocol,
    [property: Id(1)] string Name,
    [property: Id(2)] bool IsGroup)
{
    /// <summary>The key of a single proxy.</summary>
    public static LeaseKey ForProxy(Protocol protocol, string proxyName) => new(protocol, proxyName, false);

    /// <summary>The key shared by every proxy of a load-balancing group.</summary>
    public static LeaseKey ForGroup(Protocol protocol, string group) => new(protocol, group, true);

    /// <summary>The grain key, e.g. <c>tcp/proxy/laptop.ssh</c> or <c>udp/group/dns</c>.</summary>
    public override string ToString() =>
        $"{(Protocol == Protocol.Tcp ? "tcp" : "udp")}/{(IsGroup ? "group" : "proxy")}/{Name}";

    /// <summary>Reads a grain key written by <see cref="ToString"/>; null when it is not one.</summary>
    public static LeaseKey? Parse(string key)
    {
        var parts = key.Split('/', 3);
        if (parts.Length != 3 || parts[2].Length == 0)
        {
            return null;
        }
        Protocol? protocol = parts[0] switch { "tcp" => Protocol.Tcp, "udp" => Protocol.Udp, _ => null };
        bool? isGroup = parts[1] switch { "proxy" => false, "group" => true, _ => null };
        return protocol is { } p && isGroup is { } g ? new LeaseKey(p, parts[2], g) : null;
    }
}
