using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using PortKeeper.Grains;
using PortKeeper.Silo.Postgres;

namespace PortKeeper.Integration.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string serviceId = $"portkeeper-test-{Guid.NewGuid():N}";
    private string db = "";

    public async Task InitializeAsync() => db = await server.CreateDatabaseAsync("grain_storage");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task state_written_before_a_restart_is_read_after_it()
    {
        await using (var first = await StartClusterAsync())
        {
            var before = first.Client.GetGrain<ICounterGrain>("restart");
            Assert.False((await before.GetAsync()).RecordExists);
            await before.SetAsync(42);
        }

        await using var second = await StartClusterAsync();
        var after = await second.Client.GetGrain<ICounterGrain>("restart").GetAsync();

        Assert.Equal(new CounterSnapshot(42, true, "1"), after);
    }

    [Fact]
    public async Task write_after_another_writer_changed_the_row_raises_inconsistent_state()
    {
        await using var cluster = await StartClusterAsync();
        var grain = cluster.Client.GetGrain<ICounterGrain>("stale");
        await grain.SetAsync(1);
        // Another activation (a split cluster) wrote meanwhile: the stored version moved on.
        await PostgresSchemaTests.ExecuteAsync(db, "UPDATE orleansstorage SET version = version + 1");

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetAsync(2));

        // The failed activation is gone; the next one reads what the other writer left.
        Assert.Equal(new CounterSnapshot(1, true, "2"), await grain.GetAsync());
    }

    [Fact]
    public async Task two_first_writes_of_one_state_let_exactly_one_win()
    {
        await using var cluster = await StartClusterAsync();
        var storage = cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);
        var id = GrainId.Create("counter", "twice");
        var one = new GrainState<CounterState>(new CounterState { Value = 1 });
        var two = new GrainState<CounterState>(new CounterState { Value = 2 });

        await storage.WriteStateAsync("counter", id, one);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", id, two));

        var read = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("counter", id, read);
        Assert.Equal((1, "1"), (read.State?.Value, read.ETag));
    }

    // InProcessTestCluster (10.4.2) always uses its in-memory membership and transport, so only
    // the storage half of UsePortKeeperPostgres is exercised here; PostgresClusteringTests covers
    // the other half with real hosts.
    private Task<InProcessTestCluster> StartClusterAsync() => InProcessCluster.StartAsync(1, builder =>
    {
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) => silo.UsePortKeeperPostgres(db));
        builder.ConfigureClient(client => client.UsePortKeeperPostgres(db));
    });
}
