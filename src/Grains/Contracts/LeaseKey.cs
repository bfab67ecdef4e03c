namespace PortKeeper.Contracts;

/// <summary>
/// Who holds a port: a proxy of a user (protocol, user and proxy name), or a load-balancing group
/// (protocol and group name; every member of a group shares its port).
/// </summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.LeaseKey")]
public sealed record LeaseKey(
    [property: Id(0)] Protocol Protocol,
    [property: Id(1)] string Name,
    [property: Id(2)] bool IsGroup,
    [property: Id(3)] string User = "")
{
    /// <summary>The key of one proxy of <paramref name="user"/>.</summary>
    public static LeaseKey ForProxy(Protocol protocol, string user, string proxyName) => new(protocol, proxyName, false, user);

    /// <summary>The key shared by every proxy of a load-balancing group.</summary>
    public static LeaseKey ForGroup(Protocol protocol, string group) => new(protocol, group, true);

    /// <summary>The key's text form, e.g. <c>tcp/proxy/laptop.ssh</c> or <c>udp/group/dns</c>.</summary>
    public override string ToString() => $"{Protocol.Name()}/{(IsGroup ? "group" : "proxy")}/{Name}";
}
