using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class GroupMembersTests
{
    private static readonly DateTimeOffset Then = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Then.AddHours(1);
    private static readonly MemberId Alice = new("alice", "alice.web");
    private static readonly MemberId Bob = new("bob", "bob.web");

    private static GroupState TwoMembers() =>
        Groups.Joined(GroupState.Granted(Leases.Grant(6005, "alice.web", Then, "a1"), Alice), Bob, Then, "b1");

    // A member connected in one session and seen again in it within the precision leaves the group as
    // it is, as long as it was the last member the group's lease saw; anything else is recorded.
    [Theory]
    [InlineData("b1", 59, "bob.web", true)]
    [InlineData("b1", 60, "bob.web", false)]
    [InlineData("b1", -1, "bob.web", false)]
    [InlineData("b2", 1, "bob.web", false)]
    [InlineData("b1", 1, "alice.web", false)]
    public void member_seen_again_within_the_precision_leaves_the_group_as_it_is(string runId, int secondsLater, string lastSeenBy, bool same)
    {
        var group = TwoMembers() is var two && lastSeenBy == "alice.web" ? Groups.Joined(two, Alice, Then, "a1") : TwoMembers();
        var at = Then.AddSeconds(secondsLater);

        var joined = Groups.Joined(group, Bob, at, runId);

        Assert.Equal(same, ReferenceEquals(group, joined));
        Assert.Equal(same ? Then : at, joined.Members[Bob].LastSeen);
        Assert.Equal(runId, joined.Members[Bob].RunId);
        Assert.True(joined.Lease.Online && joined.Members[Bob].Online);
    }

    [Fact]
    public void group_stays_online_until_its_last_member_closed()
    {
        var one = Groups.Left(TwoMembers(), Alice, Now, "a1");
        var none = Groups.Left(one, Bob, Now, "b1");

        Assert.True(one.Lease.Online);
        Assert.False(none.Lease.Online);
        Assert.Equal(Now, none.Lease.LastSeen);
        Assert.Equal(6005, none.Lease.Port);
    }

    public static TheoryData<string, string, bool> Leaves => new()
    {
        // A late close of an earlier session of the member, and a member the group does not know, change nothing.
        { "alice.web", "a0", false },
        { "carol.web", "c1", false },
        { "alice.web", "a1", true },
        { "alice.web", "", true },
    };

    [Theory]
    [MemberData(nameof(Leaves))]
    public void only_a_known_member_of_its_own_session_leaves(string proxy, string runId, bool changes)
    {
        var group = TwoMembers();

        var left = Groups.Left(group, new MemberId(proxy.Split('.')[0], proxy), Now, runId);

        Assert.Equal(changes, !ReferenceEquals(group, left));
    }

    public static TheoryData<bool, bool?, string, string, bool> Joins => new()
    {
        // group online, member online (null: unknown), stored run id, request run id, must store
        { true, true, "a1", "a1", false },
        { true, true, "a1", "", false },
        { true, true, "a1", "a2", true },
        { true, false, "a1", "a1", true },
        { true, null, "a1", "a1", true },
        { false, false, "a1", "a1", true },
    };

    [Theory]
    [MemberData(nameof(Joins))]
    public void a_join_is_stored_only_when_it_changes_what_is_stored(bool groupOnline, bool? memberOnline, string stored, string runId, bool expected)
    {
        var lease = Leases.Grant(6005, "bob.web", Then, "x") with { Online = groupOnline };
        var group = new GroupState(lease, memberOnline is bool on
            ? GroupState.Granted(lease, Alice).Members.SetItem(Alice, new MemberState(on, stored, Then))
            : GroupState.Granted(lease, Bob).Members);

        Assert.Equal(expected, Groups.JoinMustBeStored(group, Alice, runId));
    }
}
