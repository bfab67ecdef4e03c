using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class ClaimAuditTests
{
    private static readonly LeaseKey Alice = LeaseKey.ForProxy(Protocol.Tcp, "alice", "alice.ssh");
    private static readonly LeaseKey Bob = LeaseKey.ForProxy(Protocol.Tcp, "bob", "bob.ssh");
    private static readonly LeaseKey Web = LeaseKey.ForGroup(Protocol.Tcp, "web");
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Claim Held(LeaseKey holder, int port) => new(new PoolPort(holder.Protocol, port), holder, Pending: false);

    private static PoolPort Tcp(int port) => new(Protocol.Tcp, port);

    [Fact]
    public void claims_and_holders_that_agree_give_no_finding() =>
        Assert.Empty(ClaimAudit.Compare([Held(Alice, 6001), Held(Web, 6002)], [(Alice, 6001), (Web, 6002)]));

    public static TheoryData<Claim[], (LeaseKey, int)[], Finding[]> Disagreements => new()
    {
        // A confirmed claim whose holder holds nothing, or another port.
        { [Held(Alice, 6001)], [], [new Finding.Unheld(Tcp(6001), Alice)] },
        { [Held(Alice, 6001)], [(Alice, 6003)], [new Finding.Unheld(Tcp(6001), Alice), new Finding.Unclaimed(Tcp(6003), Alice)] },
        // A held port the pool counts as free.
        { [], [(Bob, 6004)], [new Finding.Unclaimed(Tcp(6004), Bob)] },
        // Two holders of one port: the pool's and another.
        { [Held(Alice, 6001)], [(Alice, 6001), (Bob, 6001)], [new Finding.HeldTwice(Tcp(6001), Alice, Bob)] },
        { [Held(Alice, 6001)], [(Bob, 6001)], [new Finding.Unheld(Tcp(6001), Alice), new Finding.HeldTwice(Tcp(6001), Alice, Bob)] },
        // Pending claims are the grants' own business, but a port someone else holds still counts.
        { [new Claim(Tcp(6005), Alice, Pending: true, null, Now)], [], [] },
        { [new Claim(Tcp(6005), Alice, Pending: true, null, Now)], [(Bob, 6005)], [new Finding.HeldTwice(Tcp(6005), Alice, Bob)] },
    };

    [Theory]
    [MemberData(nameof(Disagreements))]
    public void each_disagreement_is_found_once(Claim[] claims, (LeaseKey, int)[] held, Finding[] expected) =>
        Assert.Equal(expected, ClaimAudit.Compare(claims, held));

    [Fact]
    public void tcp_and_udp_claims_of_one_number_are_apart()
    {
        var udp = LeaseKey.ForProxy(Protocol.Udp, "alice", "alice.ssh");

        Assert.Empty(ClaimAudit.Compare([Held(Alice, 6001), Held(udp, 6001)], [(Alice, 6001), (udp, 6001)]));
    }

    [Fact]
    public void an_unheld_port_is_freed_only_while_the_pool_still_gives_it_to_that_holder()
    {
        var pool = PoolState.Empty.Hold(Alice, 6001).Hold(Bob, 6002);

        var freed = PortPool.FreeUnheld(pool, Alice, 6001);

        Assert.False(freed.Tcp.Has(6001));
        Assert.Null(freed.HolderOf(Protocol.Tcp, 6001));
        Assert.Same(pool, PortPool.FreeUnheld(pool, Alice, 6002));
        Assert.Same(pool, PortPool.FreeUnheld(pool, Alice, 6009));
    }

    [Fact]
    public void a_port_a_pending_grant_gives_or_replaces_is_left_to_the_grant()
    {
        var step = PortPool.Allocate(PoolState.Empty.Hold(Alice, 6001), Ports.Range("6000-6009"), Alice, 6002, 6001, Now);

        Assert.Same(step.State, PortPool.FreeUnheld(step.State, Alice, 6001));
        Assert.Same(step.State, PortPool.FreeUnheld(step.State, Alice, 6002));
    }

    [Fact]
    public void a_held_port_is_claimed_only_when_free()
    {
        var pool = PoolState.Empty.Hold(Alice, 6001);

        var claimed = PortPool.ClaimHeld(pool, Bob, 6004);

        Assert.Equal(Bob, claimed.HolderOf(Protocol.Tcp, 6004));
        Assert.True(claimed.Tcp.Has(6004));
        Assert.Same(pool, PortPool.ClaimHeld(pool, Bob, 6001));
    }

    public static TheoryData<Finding, bool?, LeaseKey, int, Settlement?> Settlements => new()
    {
        // A leak is freed only once its holder says it does not hold the port.
        { new Finding.Unheld(Tcp(6001), Alice), false, Alice, 6001, new Settlement.Free(Tcp(6001), Alice) },
        { new Finding.Unheld(Tcp(6001), Alice), true, Alice, 6001, null },
        { new Finding.Unheld(Tcp(6001), Alice), null, Alice, 6001, null },
        // A held port counted free is claimed only once its holder says it holds it.
        { new Finding.Unclaimed(Tcp(6004), Bob), true, Bob, 6004, new Settlement.Claim(Tcp(6004), Bob) },
        { new Finding.Unclaimed(Tcp(6004), Bob), false, Bob, 6004, null },
        { new Finding.Unclaimed(Tcp(6004), Bob), null, Bob, 6004, null },
        // Of two holders, the second is asked, and forgets the port only if it still holds it.
        { new Finding.HeldTwice(Tcp(6001), Alice, Web), true, Web, 6001, new Settlement.Forget(Tcp(6001), Alice, Web) },
        { new Finding.HeldTwice(Tcp(6001), Alice, Web), false, Web, 6001, null },
        { new Finding.HeldTwice(Tcp(6001), Alice, Web), null, Web, 6001, null },
    };

    [Theory]
    [MemberData(nameof(Settlements))]
    public void a_finding_is_settled_only_as_the_grain_it_asks_confirms(Finding finding, bool? holds, LeaseKey asked, int port, Settlement? expected)
    {
        Assert.Equal((asked, Tcp(port)), ClaimAudit.Asked(finding));
        Assert.Equal(expected, ClaimAudit.Settle(finding, holds));
    }

    public static TheoryData<Settlement, string, string> Lines => new()
    {
        { new Settlement.Free(Tcp(6001), Alice), "unheld", "tcp 6001: claimed for proxy 'alice.ssh' of user 'alice', which does not hold it: freed" },
        { new Settlement.Claim(Tcp(6004), Bob), "unclaimed", "tcp 6004: held by proxy 'bob.ssh' of user 'bob' but counted free: claimed for it" },
        {
            new Settlement.Forget(Tcp(6001), Alice, Web), "held_twice",
            "tcp 6001: held by proxy 'alice.ssh' of user 'alice' and by group 'web': kept for the first, the second gets a port of its own on its next request"
        },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void a_settlement_names_its_kind_and_says_what_was_done(Settlement settlement, string kind, string line)
    {
        Assert.Equal(kind, settlement.Kind);
        Assert.Equal(line, settlement.Line);
    }
}
