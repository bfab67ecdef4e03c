using System.Collections.Immutable;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Grains;

/// <summary>A user as stored: the lease of each of its proxies.</summary>
[GenerateSerializer, Alias("PortKeeper.UserRecord")]
public sealed class UserRecord
{
    /// <summary>One entry per proxy holding a port.</summary>
    [Id(0)] public List<ProxyRecord> Proxies { get; set; } = [];

    /// <summary>The group of each grouped proxy (whose port is its group's), so that its close reaches the group.</summary>
    [Id(1)] public List<GroupedRecord>? Grouped { get; set; }

    /// <summary>The operator's limit for the user (null: the default).</summary>
    [Id(2)] public UserLimit? Limit { get; set; }

    /// <summary>The stored form of <paramref name="user"/>.</summary>
    public static UserRecord From(UserState user) => new()
    {
        Limit = user.Limit,
        Proxies = [.. user.Proxies.Select(p => new ProxyRecord { Protocol = p.Key.Protocol, Name = p.Key.Name, Lease = LeaseRecord.From(p.Value) })],
        Grouped = [.. user.Grouped.Select(g => new GroupedRecord { Protocol = g.Key.Protocol, Name = g.Key.Name, Group = g.Value })],
    };

    /// <summary>The user this record stores; entries without a port are dropped.</summary>
    public UserState ToState() => new(Proxies
        .Where(p => p.Lease is { Port: > 0 })
        .ToImmutableDictionary(p => new ProxyId(p.Protocol, p.Name), p => p.Lease.ToState()))
    {
        Grouped = (Grouped ?? []).ToImmutableDictionary(g => new ProxyId(g.Protocol, g.Name), g => g.Group),
        Limit = Limit,
    };
}
