using PortKeeper.Domain;

namespace PortKeeper.Grains;

/// <summary>A lease as stored.</summary>
[GenerateSerializer, Alias("PortKeeper.LeaseRecord")]
public sealed class LeaseRecord
{
    /// <summary>The key's port.</summary>
    [Id(0)] public int Port { get; set; }

    /// <summary>When the port was granted.</summary>
    [Id(1)] public DateTimeOffset GrantedAt { get; set; }

    /// <summary>When a proxy of the key was last seen (NewProxy or CloseProxy).</summary>
    [Id(2)] public DateTimeOffset LastSeen { get; set; }

    /// <summary>Whether the proxy was online when last stored.</summary>
    [Id(3)] public bool Online { get; set; }

    /// <summary>The proxy name last seen under this key.</summary>
    [Id(4)] public string LastProxyName { get; set; } = "";

    /// <summary>The frpc session (run id) that last registered the proxy.</summary>
    [Id(5)] public string RunId { get; set; } = "";

    /// <summary>A group's members (null for a proxy's own lease, and for groups stored before members were kept).</summary>
    [Id(6)] public List<MemberRecord>? Members { get; set; }

    /// <summary>The stored form of <paramref name="lease"/>.</summary>
    public static LeaseRecord From(LeaseState lease) => new()
    {
        Port = lease.Port, GrantedAt = lease.GrantedAt, LastSeen = lease.LastSeen,
        Online = lease.Online, LastProxyName = lease.LastProxyName, RunId = lease.RunId,
    };

    /// <summary>The lease this record stores.</summary>
    public LeaseState ToState() => new(Port, GrantedAt, LastSeen, Online, LastProxyName, RunId ?? "");
}
