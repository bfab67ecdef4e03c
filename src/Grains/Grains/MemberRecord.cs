using System.Collections.Immutable;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Grains;

/// <summary>One member of a group, as stored in the group's <see cref="LeaseRecord"/>.</summary>
[GenerateSerializer, Alias("PortKeeper.MemberRecord")]
public sealed class MemberRecord
{
    /// <summary>The member's frp user.</summary>
    [Id(0)] public string User { get; set; } = "";

    /// <summary>The member's proxy name (<c>user.name</c>).</summary>
    [Id(1)] public string ProxyName { get; set; } = "";

    /// <summary>Whether the member was connected when last stored.</summary>
    [Id(2)] public bool Online { get; set; }

    /// <summary>The frpc session that last registered the member.</summary>
    [Id(3)] public string RunId { get; set; } = "";

    /// <summary>When the member was last seen.</summary>
    [Id(4)] public DateTimeOffset LastSeen { get; set; }
}

/// <summary>A grouped proxy of a user and its group, as stored in the <see cref="UserRecord"/>.</summary>
[GenerateSerializer, Alias("PortKeeper.GroupedRecord")]
public sealed class GroupedRecord
{
    /// <summary>The proxy's port space.</summary>
    [Id(0)] public Protocol Protocol { get; set; }

    /// <summary>The proxy name.</summary>
    [Id(1)] public string Name { get; set; } = "";

    /// <summary>The proxy's load-balancing group.</summary>
    [Id(2)] public string Group { get; set; } = "";
}

/// <summary>The stored form of a group: its lease with its members.</summary>
public static class GroupRecords
{
    /// <summary>The stored form of <paramref name="group"/>.</summary>
    public static LeaseRecord From(GroupState group)
    {
        var record = LeaseRecord.From(group.Lease);
        record.Members = [.. group.Members.Select(m => new MemberRecord
        {
            User = m.Key.User, ProxyName = m.Key.ProxyName, Online = m.Value.Online, RunId = m.Value.RunId, LastSeen = m.Value.LastSeen,
        })];
        return record;
    }

    /// <summary>
    /// The group <paramref name="record"/> stores. A group stored before members were kept has none: a
    /// close of a member it does not know leaves it online, until its members register again.
    /// </summary>
    public static GroupState ToGroup(this LeaseRecord record) => new(
        record.ToState(),
        (record.Members ?? []).ToImmutableDictionary(m => new MemberId(m.User, m.ProxyName), m => new MemberState(m.Online, m.RunId ?? "", m.LastSeen)));
}
