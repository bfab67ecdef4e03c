using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Grains;
using PortKeeper.Integration.Tests.Postgres;

namespace PortKeeper.Integration.Tests.Cluster;

[Collection(PostgresCollection.Name)]
public sealed class StalePoolTests(PostgresServer server)
{
    private static LeaseKey Key(string name) => LeaseKey.ForProxy(Protocol.Tcp, LeaseKeys.UserOf(name), name);

    private static Task<Allocation> AcquireAsync(IGrainFactory grains, string name) =>
        new LeaseHandle(grains, Key(name)).AcquireAsync(new LeaseRequest(name, "u", null));

    [Fact]
    public async Task stale_pool_activation_cannot_hand_out_the_port_the_live_one_stored_and_the_lease_retries()
    {
        var db = await server.CreateDatabaseAsync("cluster_stale_pool");
        await using var cluster = await PostgresCluster.StartAsync(db, "20000-20999", 2);
        Assert.IsType<Allocation.Granted>(await AcquireAsync(cluster.Client, "u.first"));
        var poolId = cluster.Pool.GetGrainId();
        Assert.True(cluster.Cluster.TryGetGrainContext(poolId, out var stale));

        // A second view of the pool's row, as a duplicate activation during a membership change
        // would have it: it gives the port the stale activation is about to pick to another key,
        // and stores that (the row's version moves on).
        var storage = cluster.Cluster.GetSiloServiceProvider(cluster.Cluster.Silos[0].SiloAddress)
            .GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);
        var row = new GrainState<PoolRecord>(new PoolRecord());
        await storage.ReadStateAsync(StorageNames.PoolState, poolId, row);
        var now = DateTimeOffset.UtcNow;
        var contested = Assert.IsType<Allocation.Granted>(
            PortPool.Allocate(row.State!.ToState(), cluster.Range, Key("u.victim"), null, null, now).Outcome).Port;
        var live = PortPool.Allocate(row.State.ToState(), cluster.Range, Key("u.live"), contested, null, now);
        Assert.IsType<Allocation.Granted>(live.Outcome);
        row.State = PoolRecord.From(live.State, cluster.Range);
        await storage.WriteStateAsync(StorageNames.PoolState, poolId, row);

        // The stale activation picks the contested port, its write hits the version check, it
        // deactivates, and the lease's one retry reaches a fresh activation that reads the row.
        var victim = await AcquireAsync(cluster.Client, "u.victim");

        var port = Assert.IsType<Allocation.Granted>(victim).Port;
        Assert.NotEqual(contested, port);
        Assert.True(cluster.Cluster.TryGetGrainContext(poolId, out var fresh));
        Assert.NotEqual(stale.Address.ActivationId, fresh.Address.ActivationId);
        var stored = new GrainState<PoolRecord>(new PoolRecord());
        await storage.ReadStateAsync(StorageNames.PoolState, poolId, stored);
        var taken = stored.State!.ToState().Tcp;
        Assert.True(taken.Has(contested) && taken.Has(port), "the stored pool holds both the live grant and the retried one");
        Assert.Equal(port, (await new LeaseHandle(cluster.Client, Key("u.victim")).GetAsync())!.Port);
    }
}
