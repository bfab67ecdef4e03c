namespace PortKeeper.Domain;

/// <summary>A group's decisions, as pure functions.</summary>
public static class Groups
{
    /// <summary>
    /// What a group does for a member's request: as <see cref="Leases.Decide"/>, except that a member
    /// asking for another port than the one its group holds in the range does not move the group
    /// (the other members are bound to that port): null then, for a refusal naming the group's port.
    /// </summary>
    public static LeaseDecision? Decide(LeaseState? group, int? requested, PortRange range) =>
        group is not null && requested is int want && want != group.Port && range.Contains(group.Port)
            ? null
            : Leases.Decide(group, requested, range);
}
