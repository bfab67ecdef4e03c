using System.Collections.Immutable;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Grains;

/// <summary>The pool as stored: two fixed 8 KiB bitmaps and the unconfirmed grants.</summary>
[GenerateSerializer, Alias("PortKeeper.PoolRecord")]
public sealed class PoolRecord
{
    /// <summary>Taken TCP ports, <see cref="PortSet.ToBytes"/>.</summary>
    [Id(0)] public byte[] Tcp { get; set; } = [];

    /// <summary>Taken UDP ports, <see cref="PortSet.ToBytes"/>.</summary>
    [Id(1)] public byte[] Udp { get; set; } = [];

    /// <summary>Grants not yet confirmed by their lease.</summary>
    [Id(2)] public List<PendingGrantRecord> Pending { get; set; } = [];

    /// <summary>The range the pool last served, in frps INI syntax.</summary>
    [Id(3)] public string Range { get; set; } = "";

    /// <summary>The stored form of <paramref name="pool"/>.</summary>
    public static PoolRecord From(PoolState pool, PortRange range) => new()
    {
        Tcp = pool.Tcp.ToBytes(),
        Udp = pool.Udp.ToBytes(),
        Pending = [.. pool.Pending.Values.Select(g => new PendingGrantRecord
        {
            Name = g.Key.Name, Protocol = g.Key.Protocol, IsGroup = g.Key.IsGroup, User = g.Key.User,
            Port = g.Port, Replacing = g.Replacing, GrantedAt = g.GrantedAt,
        })],
        Range = range.ToString(),
    };

    /// <summary>The pool this record stores.</summary>
    public PoolState ToState() => new(
        PortSet.FromBytes(Tcp),
        PortSet.FromBytes(Udp),
        Pending
            .Select(g => new PendingGrant(new LeaseKey(g.Protocol, g.Name, g.IsGroup, g.User ?? ""), g.Port, g.Replacing, g.GrantedAt))
            .ToImmutableDictionary(g => g.Key));
}

/// <summary>A stored <see cref="PendingGrant"/>.</summary>
[GenerateSerializer, Alias("PortKeeper.PendingGrantRecord")]
public sealed class PendingGrantRecord
{
    /// <summary>The proxy or group name of the grant's key.</summary>
    [Id(0)] public string Name { get; set; } = "";

    /// <summary>The granted port.</summary>
    [Id(1)] public int Port { get; set; }

    /// <summary>The port the grant replaces, if any.</summary>
    [Id(2)] public int? Replacing { get; set; }

    /// <summary>When the grant was made.</summary>
    [Id(3)] public DateTimeOffset GrantedAt { get; set; }

    /// <summary>The port space of the grant's key.</summary>
    [Id(4)] public Protocol Protocol { get; set; }

    /// <summary>Whether the key is a group's.</summary>
    [Id(5)] public bool IsGroup { get; set; }

    /// <summary>The user of a proxy's key.</summary>
    [Id(6)] public string User { get; set; } = "";
}
