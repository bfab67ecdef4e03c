using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using PortKeeper.Grains;
using PortKeeper.Integration.Tests.Postgres;
using PortKeeper.Silo.Expiry;
using PortKeeper.Silo.Sqlite;

namespace PortKeeper.Integration.Tests.Sqlite;

/// <summary>Orleans' own ADO.NET provider on PortKeeper's SQLite schema, in a real silo.</summary>
public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly string _serviceId = $"portkeeper-test-{Guid.NewGuid():N}";

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task state_written_before_a_silo_restart_is_read_after_it()
    {
        await using (var first = await StartClusterAsync())
        {
            var before = first.Client.GetGrain<ICounterGrain>("restart");
            Assert.False((await before.GetAsync()).RecordExists);
            await before.SetAsync(41);
            await before.SetAsync(42);
        }

        await using var second = await StartClusterAsync();
        var after = await second.Client.GetGrain<ICounterGrain>("restart").GetAsync();

        Assert.Equal(new CounterSnapshot(42, true, "2"), after);
    }

    [Fact]
    public async Task write_after_another_writer_changed_the_row_raises_inconsistent_state()
    {
        await using var cluster = await StartClusterAsync();
        var grain = cluster.Client.GetGrain<ICounterGrain>("stale");
        await grain.SetAsync(1);
        // Another writer moved the stored version on behind this activation's back.
        await _folder.Database.ExecuteAsync("UPDATE orleansstorage SET version = version + 1");

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetAsync(2));

        // The failed activation is gone; the next one reads what the other writer left.
        Assert.Equal(new CounterSnapshot(1, true, "2"), await grain.GetAsync());
    }

    [Fact]
    public async Task two_first_writes_of_one_state_let_exactly_one_win()
    {
        await using var cluster = await StartClusterAsync();
        var storage = Storage(cluster);
        var id = GrainId.Create("counter", "twice");

        await storage.WriteStateAsync("counter", id, new GrainState<CounterState>(new CounterState { Value = 1 }));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("counter", id, new GrainState<CounterState>(new CounterState { Value = 2 })));

        var read = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("counter", id, read);
        Assert.Equal((1, "1", true), (read.State?.Value, read.ETag, read.RecordExists));
    }

    [Fact]
    public async Task write_with_a_version_that_was_never_stored_is_refused()
    {
        await using var cluster = await StartClusterAsync();
        var storage = Storage(cluster);
        var state = new GrainState<CounterState>(new CounterState { Value = 1 }) { ETag = "3" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", GrainId.Create("counter", "never"), state));

        Assert.Equal([0L], await _folder.Database.ColumnAsync<long>("SELECT count(*) FROM orleansstorage"));
    }

    [Fact]
    public async Task cleared_state_reads_as_missing_and_can_be_written_again()
    {
        await using var cluster = await StartClusterAsync();
        var storage = Storage(cluster);
        var id = GrainId.Create("counter", "cleared");
        var state = new GrainState<CounterState>(new CounterState { Value = 5 });
        await storage.WriteStateAsync("counter", id, state);

        await storage.ClearStateAsync("counter", id, state);
        var read = new GrainState<CounterState>(new CounterState());
        await storage.ReadStateAsync("counter", id, read);
        read.State!.Value = 6;
        await storage.WriteStateAsync("counter", id, read);

        Assert.Equal(("2", false, "3"), (state.ETag, state.RecordExists, read.ETag));
    }

    [Fact]
    public async Task two_first_writes_of_an_integer_keyed_state_let_exactly_one_win()
    {
        // Its key extension is NULL, which the unique index must still tell apart from no key.
        await using var cluster = await StartClusterAsync();
        var storage = Storage(cluster);
        var id = GrainId.Create(GrainType.Create("counter"), GrainIdKeyExtensions.CreateIntegerKey(7));

        await storage.WriteStateAsync("counter", id, new GrainState<CounterState>(new CounterState { Value = 1 }));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("counter", id, new GrainState<CounterState>(new CounterState { Value = 2 })));

        Assert.Equal([1L], await _folder.Database.ColumnAsync<long>("SELECT count(*) FROM orleansstorage"));
    }

    [Fact]
    public async Task state_catalog_reads_every_written_state_of_one_name()
    {
        await using var cluster = await StartClusterAsync();
        // Keys Orleans does not read as numbers: "a" would be the integer key 10.
        await cluster.Client.GetGrain<ICounterGrain>("tcp/a").SetAsync(1);
        await cluster.Client.GetGrain<ICounterGrain>("tcp/b").SetAsync(2);
        var catalog = new StateCatalog(_folder.Database, _serviceId, cluster.Silos[0].ServiceProvider.GetRequiredService<Serializer>());

        var states = new List<(string, int)>();
        await foreach (var (key, state) in catalog.ReadAsync<CounterState>("counter", CancellationToken.None))
        {
            states.Add((key, state.Value));
        }

        Assert.Equal([("tcp/a", 1), ("tcp/b", 2)], states.Order());
    }

    private static IGrainStorage Storage(InProcessTestCluster cluster) =>
        cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Provider);

    private Task<InProcessTestCluster> StartClusterAsync() => InProcessCluster.StartAsync(1, builder =>
    {
        builder.Options.ServiceId = _serviceId;
        builder.ConfigureSilo((_, silo) => silo.UsePortKeeperSqlite(_folder.Path));
    });
}
