using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Grains;
using PortKeeper.Tests;

namespace PortKeeper.Integration.Tests.Grains;

/// <summary>
/// PortKeeper's grains on a two-silo in-process cluster over <see cref="TestStorage"/>, serving the
/// default pool and, for tests that need a range of their own, named pools beside it.
/// </summary>
public abstract class PoolCluster : IAsyncLifetime
{
    private readonly (string Name, string AllowPorts)[] _extra;

    protected PoolCluster(string allowPorts, params (string Name, string AllowPorts)[] extra)
    {
        Range = TestPools.Range(allowPorts);
        _extra = extra;
    }

    public PortRange Range { get; private set; }

    public TestStorage Storage { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The default pool.</summary>
    public IPortPoolGrain Pool => Grains.Pool(GrainKeys.DefaultPool);

    /// <summary>The lease of <paramref name="key"/> in <paramref name="pool"/>.</summary>
    public LeaseHandle Lease(LeaseKey key, string pool = GrainKeys.DefaultPool) => new(Grains, key, pool);

    /// <summary>Stops every silo and starts a new cluster on the same storage, with <paramref name="range"/> as the default pool's.</summary>
    public async Task RestartAsync(PortRange range)
    {
        await DisposeAsync();
        Range = range;
        await InitializeAsync();
    }

    /// <summary>What each silo needs besides the grains, storage and pools: a clock, say.</summary>
    protected virtual void ConfigureSilo(IServiceCollection services)
    {
    }

    public async Task InitializeAsync() => Cluster = await InProcessCluster.StartAsync(2, builder => builder.ConfigureSilo((_, silo) =>
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Provider, Storage);
        silo.Services.AddSingleton<IClaimStore>(Storage);
        silo.Services.AddSingleton<IHolderCatalog>(Storage);
        silo.Services.AddSingleton(_ => TestPools.Registry(Range, _extra));
        silo.Services.AddPortKeeperGrainServices();
        ConfigureSilo(silo.Services);
    }));

    public async Task DisposeAsync() => await InProcessCluster.StopAsync(Cluster);

}

/// <summary>
/// The cluster the grain tests share: the default pool of 1,000 ports, <see cref="Tiny"/> of three
/// ports, and <see cref="Repair"/>, whose stored users and claims tests corrupt.
/// </summary>
public sealed class GrainCluster() : PoolCluster("20000-20999", (Tiny, "30000-30002"), (Repair, "50000-50099"))
{
    public const string Tiny = "tiny";

    public const string Repair = "repair";
}

/// <summary>Test classes of this collection share one <see cref="GrainCluster"/>, and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class GrainCollection : ICollectionFixture<GrainCluster>
{
    public const string Name = "Grains";
}

/// <summary>
/// A cluster whose grains keep time on <see cref="Clock"/>, for tests that let time pass (the
/// pool's repair, session timeouts, expiry) and that restart it and break its storage; each test
/// class has one of its own.
/// </summary>
public sealed class ClockCluster() : PoolCluster("40000-40099")
{
    // Each reading moves the clock on a millisecond, as a real one does between two steps of a
    // test (a release prepared at the very instant of its grant would store no change); the
    // repair age of 30 s passes only when a test lets it.
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    protected override void ConfigureSilo(IServiceCollection services)
    {
        // Grains and their timers go by the test's clock; Orleans' own membership, messaging and
        // housekeeping keep real time.
        services.AddSingleton<TimeProvider>(Clock);
        services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
    }
}
