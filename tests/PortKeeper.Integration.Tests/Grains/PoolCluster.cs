using PortKeeper.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Integration.Tests.Grains;

/// <summary>A two-silo in-process cluster with PortKeeper's grains over <see cref="TestStorage"/>.</summary>
public abstract class PoolCluster : IAsyncLifetime
{
    protected PoolCluster(string allowPorts) =>
        Range = ((Parsed<PortRange>.Ok)AllowPorts.Parse(allowPorts)).Value;

    public PortRange Range { get; private set; }

    /// <summary>The pool's repair age in this cluster.</summary>
    protected virtual TimeSpan RepairAge => new PoolOptions().RepairAge;

    public TestStorage Storage { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public LeaseHandle Lease(LeaseKey key) => new(Grains, key);

    public IPortPoolGrain Pool => Grains.Pool(GrainKeys.DefaultPool);

    /// <summary>Stops every silo and starts a new cluster on the same storage, with <paramref name="range"/>.</summary>
    public async Task RestartAsync(PortRange range)
    {
        await Cluster.DisposeAsync();
        Range = range;
        await InitializeAsync();
    }

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Provider, Storage);
            silo.Services.AddSingleton<IClaimStore>(Storage);
            silo.Services.AddSingleton<IHolderCatalog>(Storage);
            silo.Services.AddSingleton(_ => PoolRegistry.DefaultOnly(Range));
            silo.Services.AddPortKeeperGrainServices();
            silo.Services.Configure<PoolOptions>(o => o.RepairAge = RepairAge);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>A cluster with a range of 1,000 ports.</summary>
public sealed class WideCluster() : PoolCluster("20000-20999");

/// <summary>A cluster with a range of three ports.</summary>
public sealed class TinyCluster() : PoolCluster("30000-30002");

/// <summary>A cluster whose tests restart it and break its storage.</summary>
public sealed class FaultCluster() : PoolCluster("40000-40099")
{
    protected override TimeSpan RepairAge => TimeSpan.FromSeconds(1);
}

/// <summary>A cluster whose tests corrupt its stored users and claims, for repair.</summary>
public sealed class RepairCluster() : PoolCluster("50000-50099");
