using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using PortKeeper.Grains;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Tests;
using PortKeeper.Silo.Postgres;

namespace PortKeeper.Integration.Tests.Cluster;

/// <summary>
/// PortKeeper's grains on a classic <see cref="TestCluster"/> of several silos whose membership
/// and grain state are both in PostgreSQL (no test membership), so that any silo, the primary
/// included, can be killed, and a new cluster can start on the same database.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string DatabaseKey = "PortKeeperTest:Postgres";
    private const string RangeKey = "PortKeeperTest:AllowPorts";

    private PostgresCluster(TestCluster cluster, PortRange range)
    {
        Cluster = cluster;
        Range = range;
    }

    public TestCluster Cluster { get; }

    public PortRange Range { get; }

    public IClusterClient Client => Cluster.Client;

    public IPortPoolGrain Pool => Client.Pool(GrainKeys.DefaultPool);

    /// <summary>Starts <paramref name="silos"/> silos on <paramref name="db"/>; the service and cluster ids are fixed, so a later cluster on the same database is the same service.</summary>
    public static async Task<PostgresCluster> StartAsync(string db, string allowPorts, short silos)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ServiceId = "portkeeper-cluster-tests";
        builder.Options.ClusterId = $"cluster-{Guid.NewGuid():N}";
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseKey] = db,
            [RangeKey] = allowPorts,
        }));
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync().WithinAsync(Deadlines.Slow, $"the start of {silos} silos on PostgreSQL");
        return new PostgresCluster(cluster, TestPools.Range(allowPorts));
    }

    /// <summary>The grain factory inside <paramref name="silo"/>: calls made through it enter the cluster at that silo.</summary>
    public static IGrainFactory FactoryOf(SiloHandle silo) =>
        ((InProcessSiloHandle)silo).SiloHost.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo where the port pool is active now (activating it first).</summary>
    public async Task<SiloHandle> PoolHostAsync()
    {
        await Pool.GetStatsAsync();
        Assert.True(Cluster.TryGetGrainContext(Pool.GetGrainId(), out var context), "the pool has no activation");
        return Cluster.Silos.Single(s => s.SiloAddress.Equals(context.Address.SiloAddress));
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync().AsTask().WithinAsync(Deadlines.Slow, "the stop of the cluster");

    private static void FastMembership(ClusterMembershipOptions o)
    {
        // Test timings: a killed silo is declared dead within a few seconds. The product keeps Orleans' defaults.
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var db = siloBuilder.Configuration[DatabaseKey]!;
            var pools = TestPools.Registry(siloBuilder.Configuration[RangeKey]!);
            siloBuilder.UsePortKeeperPostgres(db).CheckPortKeeperClusterRange(db, pools, acceptChange: false);
            siloBuilder.Services.AddSingleton(pools);
            siloBuilder.Services.AddPortKeeperGrainServices();
            siloBuilder.Configure<ClusterMembershipOptions>(FastMembership);
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UsePortKeeperPostgres(configuration[DatabaseKey]!)
                .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
    }
}
