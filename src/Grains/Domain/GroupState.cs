using System.Collections.Immutable;

namespace PortKeeper.Domain;

/// <summary>What a group grain keeps: the group's lease, online while any member is, and its members.</summary>
public sealed record GroupState(LeaseState Lease, ImmutableDictionary<MemberId, MemberState> Members)
{
    /// <summary>A group that has just been granted its port by <paramref name="member"/>'s request.</summary>
    public static GroupState Granted(LeaseState lease, MemberId member) =>
        new(lease, ImmutableDictionary<MemberId, MemberState>.Empty.Add(member, new(true, lease.RunId, lease.LastSeen)));
}
