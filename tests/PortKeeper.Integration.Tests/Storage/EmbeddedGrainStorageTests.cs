using Orleans.Storage;
using static PortKeeper.Integration.Tests.Storage.StorageHarness;

namespace PortKeeper.Integration.Tests.Storage;

public sealed class EmbeddedGrainStorageTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Written_state_is_read_back_with_its_etag_after_reopen()
    {
        var written = new GrainState<Counter>(new Counter { Value = 7, Note = "seven" });
        await using (var storage = new Closing(await OpenStorageAsync(_folder.Path)))
        {
            await storage.Value.WriteStateAsync(StateName, Grain(1), written);
        }

        await using var reopened = new Closing(await OpenStorageAsync(_folder.Path));
        var read = new GrainState<Counter>();
        await reopened.Value.ReadStateAsync(StateName, Grain(1), read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal((7, "seven"), (read.State!.Value, read.State.Note));
    }

    [Fact]
    public async Task Missing_state_reads_as_fresh_state_with_no_etag()
    {
        await using var storage = new Closing(await OpenStorageAsync(_folder.Path));
        var read = new GrainState<Counter>(new Counter { Value = 99 }, "stale");

        await storage.Value.ReadStateAsync(StateName, Grain(1), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State!.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("12345")]
    [InlineData("not a version")]
    public async Task Write_with_another_etag_than_the_stored_one_throws_inconsistent_state_exception(string? etag)
    {
        await using var storage = new Closing(await OpenStorageAsync(_folder.Path));
        await storage.Value.WriteStateAsync(StateName, Grain(1), new GrainState<Counter>(new Counter { Value = 1 }));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.Value.WriteStateAsync(StateName, Grain(1), new GrainState<Counter>(new Counter { Value = 2 }, etag)));
    }

    [Fact]
    public async Task First_write_with_an_etag_throws_inconsistent_state_exception()
    {
        await using var storage = new Closing(await OpenStorageAsync(_folder.Path));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.Value.WriteStateAsync(StateName, Grain(1), new GrainState<Counter>(new Counter(), "1")));
    }

    [Fact]
    public async Task Stale_writer_loses_and_the_first_write_stays()
    {
        await using var storage = new Closing(await OpenStorageAsync(_folder.Path));
        await storage.Value.WriteStateAsync(StateName, Grain(1), new GrainState<Counter>(new Counter { Value = 1 }));
        var first = new GrainState<Counter>();
        var stale = new GrainState<Counter>();
        await storage.Value.ReadStateAsync(StateName, Grain(1), first);
        await storage.Value.ReadStateAsync(StateName, Grain(1), stale);

        first.State!.Value = 2;
        await storage.Value.WriteStateAsync(StateName, Grain(1), first);
        stale.State!.Value = 3;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.Value.WriteStateAsync(StateName, Grain(1), stale));

        var read = new GrainState<Counter>();
        await storage.Value.ReadStateAsync(StateName, Grain(1), read);
        Assert.Equal((2, first.ETag), (read.State!.Value, read.ETag));
    }

    [Fact]
    public async Task Cleared_state_is_gone_after_reopen()
    {
        var state = new GrainState<Counter>(new Counter { Value = 5 });
        await using (var storage = new Closing(await OpenStorageAsync(_folder.Path)))
        {
            await storage.Value.WriteStateAsync(StateName, Grain(1), state);
            await storage.Value.ClearStateAsync(StateName, Grain(1), state);
            Assert.Equal((false, null), (state.RecordExists, state.ETag));
        }

        await using var reopened = new Closing(await OpenStorageAsync(_folder.Path));
        var read = new GrainState<Counter>();
        await reopened.Value.ReadStateAsync(StateName, Grain(1), read);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task Etag_from_before_a_clear_does_not_match_the_recreated_state()
    {
        await using var storage = new Closing(await OpenStorageAsync(_folder.Path));
        var old = new GrainState<Counter>(new Counter { Value = 1 });
        await storage.Value.WriteStateAsync(StateName, Grain(1), old);
        var staleETag = old.ETag;
        await storage.Value.ClearStateAsync(StateName, Grain(1), old);
        await storage.Value.WriteStateAsync(StateName, Grain(1), new GrainState<Counter>(new Counter { Value = 2 }));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.Value.WriteStateAsync(StateName, Grain(1), new GrainState<Counter>(new Counter { Value = 3 }, staleETag)));
    }

    [Fact]
    public async Task Storage_reports_healthy_while_open_and_unhealthy_once_closed()
    {
        var storage = await OpenStorageAsync(_folder.Path);
        Assert.True(storage.IsHealthy);

        await storage.CloseAsync();

        Assert.False(storage.IsHealthy);
        Assert.Null(storage.LastWriteError);
    }

    /// <summary>Closes the storage at the end of a using block, releasing the folder.</summary>
    private sealed class Closing(PortKeeper.Silo.Storage.EmbeddedGrainStorage storage) : IAsyncDisposable
    {
        public PortKeeper.Silo.Storage.EmbeddedGrainStorage Value => storage;

        public async ValueTask DisposeAsync() => await storage.CloseAsync();
    }
}
