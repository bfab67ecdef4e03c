using Microsoft.Extensions.DependencyInjection;
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
        new LeaseHandle(grains, Key(name)).AcquireAsync(new LeaseRequest(name));

    [Fact]
    public async Task stale_pool_activation_cannot_hand_out_a_port_another_stored_because_the_database_refuses_it()
    {
        var db = await server.CreateDatabaseAsync("cluster_stale_pool");
        await using var cluster = await PostgresCluster.StartAsync(db, "20000-20999", 2);
        Assert.IsType<Allocation.Granted>(await AcquireAsync(cluster.Client, "u.first"));
        var poolId = cluster.Pool.GetGrainId();
        Assert.True(cluster.Cluster.TryGetGrainContext(poolId, out var stale));

        // A second activation of the pool, as a membership change can leave for a moment, gives the
        // port this activation is about to pick to another proxy and stores that claim.
        var claims = cluster.Cluster.GetSiloServiceProvider(cluster.Cluster.Silos[0].SiloAddress).GetRequiredService<IClaimStore>();
        var seen = Claims.Load(await claims.LoadAsync(GrainKeys.DefaultPool, CancellationToken.None));
        var now = DateTimeOffset.UtcNow;
        var contested = Assert.IsType<Allocation.Granted>(PortPool.Allocate(seen, cluster.Range, Key("u.victim"), null, null, now).Outcome).Port;
        var live = PortPool.Allocate(seen, cluster.Range, Key("u.live"), contested, null, now);
        await claims.WriteAsync(GrainKeys.DefaultPool, Claims.Changes(seen, live.State, PortPool.Touched(seen, live.State, Key("u.live"), contested)), CancellationToken.None);

        // This activation picks the contested port, the database refuses the second holder, the
        // activation deactivates, and the user's one retry reaches a fresh activation that reads the claims.
        var victim = await AcquireAsync(cluster.Client, "u.victim");

        var port = Assert.IsType<Allocation.Granted>(victim).Port;
        Assert.NotEqual(contested, port);
        Assert.True(cluster.Cluster.TryGetGrainContext(poolId, out var fresh));
        Assert.NotEqual(stale.Address.ActivationId, fresh.Address.ActivationId);
        var stored = await claims.LoadAsync(GrainKeys.DefaultPool, CancellationToken.None);
        Assert.Equal(Key("u.live"), stored.Single(c => c.Port.Port == contested).Holder);
        Assert.Equal(Key("u.victim"), stored.Single(c => c.Port.Port == port).Holder);
        Assert.Equal(port, (await new LeaseHandle(cluster.Client, Key("u.victim")).GetAsync())!.Port);
        Assert.Equal(Key("u.live"), await cluster.Pool.GetHolderAsync(Protocol.Tcp, contested));
    }
}
