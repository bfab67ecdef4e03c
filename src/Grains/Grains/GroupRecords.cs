using System.Collections.Immutable;
using PortKeeper.Domain;

namespace PortKeeper.Grains;

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
