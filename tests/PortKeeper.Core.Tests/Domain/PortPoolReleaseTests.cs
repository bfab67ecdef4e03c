using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class PortPoolReleaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly PortRange Range = Ports.Range("6000-6009");
    private static readonly LeaseKey Ssh = LeaseKey.ForProxy(Protocol.Tcp, "user", "laptop.ssh");

    private static PoolState Holding(string tcp) => PoolState.Empty.WithTaken(Protocol.Tcp, Ports.Set(tcp));

    private static PoolState Settle(PoolState pool, int? leasePort) => PortPool.Settle(pool, pool.Pending[Ssh], leasePort);

    [Fact]
    public void prepared_release_keeps_the_port_taken_as_a_pending_grant()
    {
        var prepared = PortPool.PrepareRelease(Holding("6001"), Ssh, 6001, Now);

        Assert.Equal(Ports.Set("6001"), prepared.Tcp);
        Assert.Equal(new PendingGrant(Ssh, 6001, null, Now), prepared.Pending[Ssh]);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData(6001, "6001")]
    public void release_stopped_half_way_is_settled_from_what_the_lease_holds(int? leasePort, string taken)
    {
        var prepared = PortPool.PrepareRelease(Holding("6001"), Ssh, 6001, Now);

        var repaired = Settle(prepared, leasePort);

        Assert.Empty(repaired.Pending);
        Assert.Equal(Ports.Set(taken), repaired.Tcp);
    }

    [Fact]
    public void completed_release_frees_the_port()
    {
        var prepared = PortPool.PrepareRelease(Holding("6001,6002"), Ssh, 6001, Now);

        var released = PortPool.Release(prepared, Ssh, 6001);

        Assert.Empty(released.Pending);
        Assert.Equal(Ports.Set("6002"), released.Tcp);
    }

    [Fact]
    public void grant_the_lease_took_without_a_commit_is_committed_first()
    {
        // The lease moved from 6001 to 6005 and stored it, but the commit was lost.
        var moved = PortPool.Allocate(Holding("6001"), Range, Ssh, 6005, 6001, Now).State;

        var prepared = PortPool.PrepareRelease(moved, Ssh, 6005, Now);

        Assert.Equal(Ports.Set("6005"), prepared.Tcp);
        Assert.Equal(new PendingGrant(Ssh, 6005, null, Now), prepared.Pending[Ssh]);
        Assert.Equal(PortSet.Empty, PortPool.Release(prepared, Ssh, 6005).Tcp);
    }

    [Fact]
    public void grant_the_lease_never_took_is_abandoned_first()
    {
        // The lease holds 6001; a request for 6005 was granted but never stored by the lease.
        var asked = PortPool.Allocate(Holding("6001"), Range, Ssh, 6005, 6001, Now).State;

        var prepared = PortPool.PrepareRelease(asked, Ssh, 6001, Now);

        Assert.Equal(Ports.Set("6001"), prepared.Tcp);
        Assert.Equal(new PendingGrant(Ssh, 6001, null, Now), prepared.Pending[Ssh]);
    }

    [Fact]
    public void release_of_a_port_the_pool_does_not_hold_changes_nothing()
    {
        var pool = Holding("6002");

        Assert.Same(pool, PortPool.PrepareRelease(pool, Ssh, 6001, Now));
    }
}
