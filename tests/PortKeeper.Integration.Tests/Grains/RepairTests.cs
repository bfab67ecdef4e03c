using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Grains;

namespace PortKeeper.Integration.Tests.Grains;

[Collection(GrainCollection.Name)]
public sealed class RepairTests(GrainCluster cluster)
{
    private IPortPoolGrain Pool => cluster.Grains.Pool(GrainCluster.Repair);

    private LeaseHandle Lease(LeaseKey key) => cluster.Lease(key, GrainCluster.Repair);

    private static LeaseKey Tcp(string user, string name) => LeaseKey.ForProxy(Protocol.Tcp, user, name);

    private static UserRecord Holding(string proxyName, int port) => UserRecord.From(
        UserState.Empty.With(new ProxyId(Protocol.Tcp, proxyName), Leases.Grant(port, proxyName, DateTimeOffset.UtcNow)));

    [Fact]
    public async Task repair_frees_a_port_no_one_holds_claims_a_held_port_and_settles_a_port_held_twice()
    {
        // A port the pool confirmed for a proxy whose user never stored it.
        var ghost = Tcp("ghost", "ghost.ssh");
        var leaked = Assert.IsType<Allocation.Granted>(await Pool.AllocateAsync(ghost, 50010, null)).Port;
        await Pool.CommitAsync(ghost, leaked);
        // The commit is one-way: repair leaves pending grants to their own settling, so wait until it landed.
        await Deadlines.UntilAsync(Pool.GetStatsAsync, s => s.Pending == 0, Deadlines.Quick, _ => "the pool's taking of the commit of the ghost's grant");
        // A user whose stored lease the pool does not know (say, restored from a backup).
        cluster.Storage.StoreUser(GrainCluster.Repair, "restored", Holding("restored.ssh", 50020));
        // A proxy holding a port, and another user stored as holding the same port.
        var owner = Assert.IsType<Allocation.Granted>(await Lease(Tcp("owner", "owner.ssh")).AcquireAsync(new LeaseRequest("owner.ssh", 50030)));
        cluster.Storage.StoreUser(GrainCluster.Repair, "twin", Holding("twin.ssh", owner.Port));

        var report = await Pool.RepairAsync();
        var again = await Pool.RepairAsync();

        Assert.NotNull(report);
        Assert.NotNull(again);
        Assert.Equal((1, 1, 1), (report.Freed, report.Claimed, report.Moved));
        Assert.Equal(3, report.Findings.Length);
        Assert.Empty(again.Findings);
        Assert.Null(await Pool.GetHolderAsync(Protocol.Tcp, leaked));
        Assert.Equal(Tcp("restored", "restored.ssh"), await Pool.GetHolderAsync(Protocol.Tcp, 50020));
        Assert.Equal(Tcp("owner", "owner.ssh"), await Pool.GetHolderAsync(Protocol.Tcp, owner.Port));
        // The freed port is anyone's, the claimed one stays its holder's, the twin moves and the owner stays.
        Assert.Equal(new Allocation.Granted(leaked, true), await Lease(Tcp("taker", "taker.ssh")).AcquireAsync(new LeaseRequest("taker.ssh", leaked)));
        Assert.Equal(new Allocation.HeldByAnother(50020), await Lease(Tcp("thief", "thief.ssh")).AcquireAsync(new LeaseRequest("thief.ssh", 50020)));
        Assert.Equal(new Allocation.Granted(50020, false), await Lease(Tcp("restored", "restored.ssh")).AcquireAsync(new LeaseRequest("restored.ssh")));
        var twin = Assert.IsType<Allocation.Granted>(await Lease(Tcp("twin", "twin.ssh")).AcquireAsync(new LeaseRequest("twin.ssh")));
        Assert.NotEqual(owner.Port, twin.Port);
        Assert.True(twin.IsNew);
        Assert.Equal(new Allocation.Granted(owner.Port, false), await Lease(Tcp("owner", "owner.ssh")).AcquireAsync(new LeaseRequest("owner.ssh")));
    }

    [Fact]
    public async Task repair_that_cannot_read_storage_answers_nothing_and_changes_nothing()
    {
        var kept = Assert.IsType<Allocation.Granted>(await Lease(Tcp("keeper", "keeper.ssh")).AcquireAsync(new LeaseRequest("keeper.ssh")));
        cluster.Storage.Failing[StorageNames.PoolState] = true;
        RepairReport? report;
        try
        {
            report = await Pool.RepairAsync();
        }
        finally
        {
            cluster.Storage.Failing.Clear();
        }

        Assert.Null(report);
        Assert.Equal(Tcp("keeper", "keeper.ssh"), await Pool.GetHolderAsync(Protocol.Tcp, kept.Port));
    }
}
