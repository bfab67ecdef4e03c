using System.Collections.Immutable;

namespace PortKeeper.Domain;

/// <summary>A group's decisions, as pure functions.</summary>
public static class Groups
{
    /// <summary>
    /// What a group does for a member's request: as <see cref="Leases.Decide"/>, except that a member
    /// asking for another port than the one its group holds in the range does not move the group
    /// (the other members are bound to that port): <see cref="LeaseDecision.Pinned"/> then, for a refusal naming the group's port.
    /// </summary>
    public static LeaseDecision Decide(LeaseState? group, int? requested, PortRange range) =>
        group is not null && requested is int want && want != group.Port && range.Contains(group.Port)
            ? new LeaseDecision.Pinned(group.Port)
            : Leases.Decide(group, requested, range);

    /// <summary>
    /// The group after <paramref name="member"/>'s NewProxy of session <paramref name="runId"/> was
    /// answered from its port; the same group when the member, connected in that session, was seen
    /// less than <see cref="Leases.SeenPrecision"/> ago and so was the group's lease (<see cref="Leases.Seen"/>).
    /// </summary>
    public static GroupState Joined(GroupState group, MemberId member, DateTimeOffset now, string runId)
    {
        var lease = Leases.Seen(group.Lease, member.ProxyName, now, runId);
        return ReferenceEquals(lease, group.Lease)
            && group.Members.GetValueOrDefault(member) is { Online: true } known
            && known.RunId == runId && now >= known.LastSeen && now - known.LastSeen < Leases.SeenPrecision
                ? group
                : new(lease, group.Members.SetItem(member, new(true, runId, now)));
    }

    /// <summary>
    /// Whether a join must be stored: when the group or the member was offline or unknown, or the member
    /// comes from another frpc session than the one stored, so that a stored group never shows a
    /// connected member as gone, and a late close of the earlier session is told apart after a reload.
    /// A member already connected in that session is answered from memory.
    /// </summary>
    public static bool JoinMustBeStored(GroupState group, MemberId member, string runId) =>
        !group.Lease.Online
        || group.Members.GetValueOrDefault(member) is not { Online: true } known
        || (runId.Length > 0 && known.RunId != runId);

    /// <summary>
    /// The group after <paramref name="member"/>'s proxy of session <paramref name="runId"/> closed (at
    /// <paramref name="at"/>): the member is offline, and the group too once no member is online. The
    /// same group for a member it does not know, one already offline, or a late close of an earlier session.
    /// </summary>
    public static GroupState Left(GroupState group, MemberId member, DateTimeOffset at, string runId)
    {
        if (group.Members.GetValueOrDefault(member) is not { Online: true } known
            || (runId.Length > 0 && known.RunId.Length > 0 && runId != known.RunId))
        {
            return group;
        }
        var members = group.Members.SetItem(member, known with { Online = false, LastSeen = at });
        var anyOnline = members.Values.Any(m => m.Online);
        return new(anyOnline ? group.Lease : group.Lease with { Online = false, LastSeen = at }, members);
    }
}
