namespace PortKeeper.Contracts;

/// <summary>
/// The one port of a load-balancing group in one pool and protocol (key <see cref="GrainKeys.Group(string, Protocol, string)"/>),
/// shared by every member proxy, of any user. Not reentrant.
/// </summary>
[Alias("PortKeeper.IGroupGrain")]
public interface IGroupGrain : IGrainWithStringKey
{
    /// <summary>
    /// Returns the group's port, allocating one on the first member's request (the port it asks
    /// for, when given). A member asking for another port than the group's gets
    /// <see cref="Allocation.GroupHolds"/>. Never throws for expected failures.
    /// </summary>
    [Alias("Acquire")]
    Task<Allocation> AcquireAsync(GroupRequest request);

    /// <summary>
    /// Takes over a group's lease from an export: gives the group <paramref name="port"/>, stored offline
    /// since now (with no members, until its first member connects), granted at <paramref name="grantedAt"/>
    /// (now when null). Returns <see cref="Allocation.Granted"/> with <c>IsNew</c> once stored; <c>IsNew: false</c>
    /// with the port the group already holds, which it keeps; a refusal when the port is another's or outside the range.
    /// </summary>
    [Alias("Import")]
    Task<Allocation> ImportAsync(int port, DateTimeOffset? grantedAt);

    /// <summary>
    /// Records that a member's proxy closed; the group is offline once no member is online. A no-op for
    /// a member the group does not know, and for a late close of an earlier session of the member.
    /// </summary>
    [Alias("Leave")]
    Task LeaveAsync(GroupLeave leave);

    /// <summary>The group's lease, or null when it holds no port.</summary>
    [Alias("Get")]
    Task<LeaseInfo?> GetAsync();

    /// <summary>The group's members (proxies of any user that joined it), by user and proxy name; empty when it holds no port.</summary>
    [Alias("Members")]
    Task<System.Collections.Immutable.ImmutableArray<GroupMember>> GetMembersAsync();

    /// <summary>
    /// Gives up the group's port, for an operator, as <see cref="IUserGrain.ReleaseAsync"/> does: refused
    /// (<see cref="Release.Connected"/>) while a member is online, unless <paramref name="force"/>;
    /// <see cref="Release.Unavailable"/> when storage fails.
    /// </summary>
    [Alias("ReleaseUnlessOnline")]
    Task<Release> ReleaseAsync(bool force);

    /// <summary>
    /// For the pool's repair: drops the group's lease when it holds <paramref name="port"/>, which the
    /// pool gives to another holder. Returns whether the lease was dropped (false when storage failed).
    /// </summary>
    [Alias("Forget")]
    Task<bool> ForgetAsync(int port);

    /// <summary>Releases the group's port when the group has been offline for <paramref name="expiry"/>; null otherwise, or when the release could not be stored.</summary>
    [Alias("Expire")]
    Task<LeaseInfo?> ExpireAsync(TimeSpan expiry);
}
