using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class ReservationTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PortRange Range = Ports.Range("6000-6002");
    private static readonly LeaseKey Nas = LeaseKey.ForProxy(Protocol.Tcp, "alice", "alice.nas");
    private static readonly LeaseKey Ssh = LeaseKey.ForProxy(Protocol.Tcp, "bob", "bob.ssh");
    private static readonly PoolPort Tcp6000 = new(Protocol.Tcp, 6000);
    private static readonly PoolPort Tcp6001 = new(Protocol.Tcp, 6001);

    // 6000 blocked, 6001 reserved for alice's nas.
    private static PoolState Reserved() => PortPool.Reserve(PortPool.Reserve(PoolState.Empty, Range, Tcp6000, null, Now).State, Range, Tcp6001, Nas, Now).State;

    public static TheoryData<LeaseKey, int?, Allocation> Allocations => new()
    {
        { Ssh, null, new Allocation.Granted(6002, IsNew: true) },
        { Ssh, 6000, new Allocation.PortReserved(6000) },
        { Ssh, 6001, new Allocation.PortReserved(6001) },
        { Nas, null, new Allocation.Granted(6001, IsNew: true) },
        { Nas, 6001, new Allocation.Granted(6001, IsNew: true) },
        { Nas, 6002, new Allocation.Granted(6002, IsNew: true) },
        { Nas, 6000, new Allocation.PortReserved(6000) },
        { LeaseKey.ForProxy(Protocol.Udp, "alice", "alice.nas"), null, new Allocation.Granted(6000, IsNew: true) },
    };

    [Theory]
    [MemberData(nameof(Allocations))]
    public void reserved_ports_go_to_their_proxy_alone_and_blocked_ports_to_no_one(LeaseKey key, int? requested, Allocation expected)
    {
        var step = PortPool.Allocate(Reserved(), Range, key, requested, null, Now);

        Assert.Equal(expected, step.Outcome);
        if (step.Outcome is Allocation.Granted { Port: var port } && port == 6001)
        {
            Assert.False(step.State.Reserved.ContainsKey(Tcp6001));
            Assert.Equal(Nas, step.State.HolderOf(Protocol.Tcp, 6001));
        }
    }

    [Fact]
    public void automatic_allocation_never_hands_out_a_reserved_or_blocked_port()
    {
        var pool = PortPool.Allocate(Reserved(), Range, Ssh, null, null, Now).State;

        var full = PortPool.Allocate(pool, Range, LeaseKey.ForProxy(Protocol.Tcp, "carol", "carol.web"), null, null, Now);

        Assert.Equal(new Allocation.PoolFull("6000-6002"), full.Outcome);
        Assert.True(full.State.Taken(Protocol.Tcp).Has(6000));
    }

    public static TheoryData<PoolPort, LeaseKey?, string> Refusals => new()
    {
        { Tcp6000, Ssh, "tcp 6000 is already blocked; remove that reservation first" },
        { Tcp6001, Ssh, "tcp 6001 is already reserved for proxy 'alice.nas' of user 'alice'; remove that reservation first" },
        { new PoolPort(Protocol.Tcp, 6002), Nas, "proxy 'alice.nas' of user 'alice' already has tcp 6001 reserved; remove that reservation first" },
        { new PoolPort(Protocol.Tcp, 7000), Ssh, "not in range" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void a_port_taken_reserved_or_outside_the_range_is_not_reserved(PoolPort port, LeaseKey? key, string reason)
    {
        var pool = Reserved();

        var (state, outcome) = PortPool.Reserve(pool, Range, port, key, Now);

        Assert.Same(pool, state);
        Assert.Equal(reason, outcome switch
        {
            PortPool.Reserving.Conflict(var why) => why,
            PortPool.Reserving.NotInRange => "not in range",
            _ => outcome.ToString(),
        });
    }

    [Fact]
    public void a_held_port_and_a_proxy_that_holds_one_are_not_reserved_and_a_repeat_is_a_no_op()
    {
        var pool = PortPool.Allocate(Reserved(), Range, Ssh, null, null, Now).State;

        var (_, taken) = PortPool.Reserve(pool, Range, new PoolPort(Protocol.Tcp, 6002), null, Now);
        var (_, holds) = PortPool.Reserve(PoolState.Empty.Hold(Ssh, 6002), Range, Tcp6000, Ssh, Now);
        var (again, same) = PortPool.Reserve(pool, Range, Tcp6001, Nas, Now.AddHours(1));

        Assert.Equal(new PortPool.Reserving.Conflict("tcp 6002 is held by proxy 'bob.ssh' of user 'bob'; release it first"), taken);
        Assert.Equal(new PortPool.Reserving.Conflict("proxy 'bob.ssh' of user 'bob' already holds tcp 6002; release its lease first, and its next request gets the reserved port"), holds);
        Assert.Same(pool, again);
        Assert.Equal(Now, Assert.IsType<PortPool.Reserving.Done>(same).Reservation.Since);
    }

    [Fact]
    public void a_removed_reservation_frees_its_port_and_a_release_never_frees_a_reserved_one()
    {
        var (free, removed) = PortPool.Unreserve(Reserved(), Tcp6000);
        var (same, none) = PortPool.Unreserve(free, Tcp6000);

        Assert.Null(removed?.For);
        Assert.False(free.Taken(Protocol.Tcp).Has(6000));
        Assert.Null(none);
        Assert.Same(free, same);
        Assert.True(PortPool.Release(Reserved(), Ssh, 6001).Taken(Protocol.Tcp).Has(6001));
    }

    [Fact]
    public void reservations_are_stored_as_claims_of_their_own_kind_and_load_back()
    {
        var pool = Reserved();
        var taken = PortPool.Allocate(pool, Range, Nas, null, null, Now).State;

        var claims = new[] { Claims.Of(pool, Tcp6000)!, Claims.Of(pool, Tcp6001)! };
        var change = Assert.Single(Claims.Changes(pool, taken, [Tcp6001]));

        Assert.Equal([ClaimKind.Blocked, ClaimKind.Reserved], claims.Select(c => c.Kind));
        Assert.Equal(pool.Reserved, Claims.Load(claims).Reserved);
        Assert.Equal(pool.ReservedFor, Claims.Load(claims).ReservedFor);
        Assert.Equal(new ClaimChange.Change(Nas, new Claim(Tcp6001, Nas, Pending: true, null, Now), ClaimKind.Reserved), change);
        Assert.Empty(ClaimAudit.Compare(claims, []));
    }
}
