using PortKeeper.Grains;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Tests;

namespace PortKeeper.Integration.Tests.Grains;

public sealed class FaultTests(ClockCluster cluster) : IClassFixture<ClockCluster>, IAsyncLifetime
{
    private static LeaseRequest Request(string name) => new(name);

    private static LeaseKey Tcp(string name) => LeaseKey.ForProxy(Protocol.Tcp, LeaseKeys.UserOf(name), name);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        cluster.Storage.Failing.Clear();
        cluster.Storage.FailingWrites.Clear();
        cluster.Storage.FailingAfter.Clear();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task storage_outage_refuses_new_keys_serves_active_ones_and_recovers()
    {
        var active = Assert.IsType<Allocation.Granted>(await cluster.Lease(Tcp("known.outage")).AcquireAsync(Request("known.outage")));

        cluster.Storage.Failing[StorageNames.PoolState] = true;
        cluster.Storage.Failing[StorageNames.UserState] = true;
        // A new key's lease cannot even be read: its activation fails, which the gateway turns into a refusal.
        var during = await Record.ExceptionAsync(() => cluster.Lease(Tcp("fresh.outage")).AcquireAsync(Request("fresh.outage")));
        var known = await cluster.Lease(Tcp("known.outage")).AcquireAsync(Request("known.outage"));
        cluster.Storage.Failing.Clear();
        var after = await RetryAsync(() => cluster.Lease(Tcp("fresh.outage")).AcquireAsync(Request("fresh.outage")));

        Assert.NotNull(during);
        Assert.Equal(active.Port, Assert.IsType<Allocation.Granted>(known).Port);
        Assert.IsType<Allocation.Granted>(after);
    }

    [Fact]
    public async Task lease_write_failing_after_the_grant_leaks_nothing_and_the_retry_gets_the_same_port()
    {
        var before = await cluster.Pool.GetStatsAsync();
        cluster.Storage.FailingWrites[StorageNames.UserState] = true;
        var failed = await cluster.Lease(Tcp("crash.between")).AcquireAsync(Request("crash.between"));
        var pending = await cluster.Pool.GetStatsAsync();
        cluster.Storage.FailingWrites.Clear();

        var retried = Assert.IsType<Allocation.Granted>(
            await RetryAsync(() => cluster.Lease(Tcp("crash.between")).AcquireAsync(Request("crash.between"))));
        var after = await cluster.Pool.GetStatsAsync();

        Assert.IsType<Allocation.Unavailable>(failed);
        Assert.Equal(before.TcpTaken + 1, pending.TcpTaken);
        Assert.Equal(before.TcpTaken + 1, after.TcpTaken);
        Assert.Equal(retried.Port, (await cluster.Lease(Tcp("crash.between")).GetAsync())!.Port);
    }

    [Fact]
    public async Task whole_cluster_restart_gives_every_key_its_port_back_and_a_narrower_range_moves_keys_inside()
    {
        var keys = Enumerable.Range(0, 40).Select(i => Tcp($"restart{i}")).ToList();
        var ports = (await Task.WhenAll(keys.Select(k => cluster.Lease(k).AcquireAsync(Request(k.Name)))))
            .Select(o => Assert.IsType<Allocation.Granted>(o).Port).ToList();

        await cluster.RestartAsync(cluster.Range);
        var again = (await Task.WhenAll(keys.Select(k => cluster.Lease(k).AcquireAsync(Request(k.Name)))))
            .Select(o => Assert.IsType<Allocation.Granted>(o).Port).ToList();

        var narrower = TestPools.Range("40000-40069");
        await cluster.RestartAsync(narrower);
        var moved = (await Task.WhenAll(keys.Select(k => cluster.Lease(k).AcquireAsync(Request(k.Name)))))
            .Select(o => Assert.IsType<Allocation.Granted>(o).Port).ToList();
        var stats = await cluster.Pool.GetStatsAsync();

        Assert.Equal(ports, again);
        Assert.All(moved, p => Assert.True(narrower.Contains(p)));
        Assert.Equal(40, moved.Distinct().Count());
        Assert.All(keys.Where((_, i) => narrower.Contains(ports[i])), k => Assert.Equal(ports[keys.IndexOf(k)], moved[keys.IndexOf(k)]));
        Assert.Equal(0, stats.TakenOutsideRange);
    }

    [Fact]
    public async Task grant_whose_lease_never_stored_it_is_released_by_repair()
    {
        var before = await cluster.Pool.GetStatsAsync();
        cluster.Storage.FailingWrites[StorageNames.UserState] = true;
        var failed = await cluster.Lease(Tcp("abandoned")).AcquireAsync(Request("abandoned"));
        cluster.Storage.FailingWrites.Clear();
        var pending = await cluster.Pool.GetStatsAsync();

        await RepairAgePassesAsync();
        var after = await cluster.Pool.GetStatsAsync();

        Assert.IsType<Allocation.Unavailable>(failed);
        Assert.Equal(before.TcpTaken + 1, pending.TcpTaken);
        Assert.Equal(0, after.Pending);
        Assert.Equal(before.TcpTaken, after.TcpTaken);
        Assert.Null(await cluster.Lease(Tcp("abandoned")).GetAsync());
    }

    [Fact]
    public async Task release_whose_lease_write_fails_keeps_the_port_with_the_lease()
    {
        var held = Assert.IsType<Allocation.Granted>(await cluster.Lease(Tcp("release.kept")).AcquireAsync(Request("release.kept")));
        cluster.Storage.FailingWrites[StorageNames.UserState] = true;

        var kept = cluster.Lease(Tcp("release.kept"));
        var outcome = await kept.ForceReleaseAsync();
        cluster.Storage.FailingWrites.Clear();
        await RepairAgePassesAsync();

        Assert.IsType<Release.Unavailable>(outcome);
        Assert.Equal(held.Port, (await kept.GetAsync())?.Port);
        var thief = await cluster.Lease(Tcp("release.thief")).AcquireAsync(new LeaseRequest("release.thief", held.Port));
        Assert.Equal(new Allocation.HeldByAnother(held.Port), thief);
    }

    [Fact]
    public async Task release_whose_pool_cannot_prepare_it_changes_nothing()
    {
        var held = Assert.IsType<Allocation.Granted>(await cluster.Lease(Tcp("release.early")).AcquireAsync(Request("release.early")));
        cluster.Storage.FailingWrites[StorageNames.PoolState] = true;

        var early = cluster.Lease(Tcp("release.early"));
        var outcome = await early.ForceReleaseAsync();
        cluster.Storage.FailingWrites.Clear();

        Assert.IsType<Release.Unavailable>(outcome);
        Assert.Equal(held.Port, (await RetryAsync(() => early.AcquireAsync(Request("release.early"))) as Allocation.Granted)?.Port);
        Assert.Equal(held.Port, (await early.GetAsync())?.Port);
        var thief = await RetryAsync(() => cluster.Lease(Tcp("release.thief1")).AcquireAsync(new LeaseRequest("release.thief1", held.Port)));
        Assert.Equal(new Allocation.HeldByAnother(held.Port), thief);
    }

    [Fact]
    public async Task group_release_whose_write_fails_keeps_the_port_with_the_group()
    {
        var group = cluster.Lease(LeaseKey.ForGroup(Protocol.Tcp, "release.web"));
        var held = Assert.IsType<Allocation.Granted>(await group.AcquireAsync(Request("a.web")));
        cluster.Storage.FailingWrites[StorageNames.GroupState] = true;

        var outcome = await group.ForceReleaseAsync();
        cluster.Storage.FailingWrites.Clear();
        await RepairAgePassesAsync();

        Assert.IsType<Release.Unavailable>(outcome);
        Assert.Equal(held.Port, (await group.GetAsync())?.Port);
        var thief = await cluster.Lease(Tcp("release.thief2")).AcquireAsync(new LeaseRequest("release.thief2", held.Port));
        Assert.Equal(new Allocation.HeldByAnother(held.Port), thief);
    }

    [Fact]
    public async Task release_whose_last_pool_write_fails_is_finished_by_repair()
    {
        var held = Assert.IsType<Allocation.Granted>(await cluster.Lease(Tcp("release.half")).AcquireAsync(Request("release.half")));
        var lease = cluster.Lease(Tcp("release.half"));
        // The pool prepares, the lease forgets its port, then the pool's own release is lost
        // (as if the pool's silo died at that moment).
        cluster.Storage.FailingAfter[StorageNames.PoolState] = 1;
        var released = await lease.ReleaseAsync();
        cluster.Storage.FailingAfter.Clear();
        Assert.Equal(held.Port, released?.Port);
        await RepairAgePassesAsync();

        Assert.Null(await lease.GetAsync());
        var taker = await RetryAsync(() => cluster.Lease(Tcp("release.taker")).AcquireAsync(new LeaseRequest("release.taker", held.Port)));
        Assert.Equal(new Allocation.Granted(held.Port, true), taker);
    }

    // Lets the repair age pass on the grains' clock until the pool holds nothing pending: a pool
    // that reloaded after a failed write repairs on the timer of its new activation, so the age is
    // let pass again while it has not.
    private Task<int> RepairAgePassesAsync() => Deadlines.UntilAsync(
        async () =>
        {
            cluster.Clock.Advance(new PoolOptions().RepairAge);
            try
            {
                return (await cluster.Pool.GetStatsAsync()).Pending;
            }
            catch (Exception)
            {
                // The pool may be reloading after a failed write.
                return -1;
            }
        },
        pending => pending == 0, Deadlines.Quick, pending => $"repair of the pool's pending changes (last seen: {pending}, -1 for a failed read)");

    // After an outage the pool grain deactivates and reloads; a request may land before it has.
    private static async Task<Allocation> RetryAsync(Func<Task<Allocation>> acquire)
    {
        for (var attempt = 0; ; attempt++)
        {
            var outcome = await acquire();
            if (outcome is not Allocation.Unavailable || attempt == 50)
            {
                return outcome;
            }
            await Task.Delay(100);
        }
    }
}
