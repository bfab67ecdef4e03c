using System.Collections.Immutable;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Grains;

namespace PortKeeper.Core.Tests.Grains;

public sealed class ClaimWritesTests
{
    private static readonly LeaseKey Alice = LeaseKey.ForProxy(Protocol.Tcp, "alice", "alice.ssh");
    private static readonly LeaseKey Bob = LeaseKey.ForProxy(Protocol.Tcp, "bob", "bob.ssh");

    [Fact]
    public async Task a_write_carries_only_the_claims_staged_since_the_last_one()
    {
        var store = new Store();
        var writes = new ClaimWrites(store, (_, _) => { });
        await writes.LoadAsync("eu", CancellationToken.None);

        Assert.True(writes.Stage(writes.Pool.Hold(Alice, 6001), Alice, 6001));
        Assert.Null(await writes.StoreAsync());
        Assert.True(writes.Stage(writes.Pool.Hold(Bob, 6002), Bob, 6002));
        Assert.Null(await writes.StoreAsync());

        Assert.Equal([[6001], [6002]], store.Written.Select(w => w.Select(PortOf).ToArray()));
        Assert.Equal("eu", store.Pool);
        Assert.False(writes.Unstored);
    }

    [Fact]
    public async Task a_change_to_the_same_pool_is_not_staged()
    {
        var writes = new ClaimWrites(new Store(), (_, _) => { });
        await writes.LoadAsync("eu", CancellationToken.None);

        Assert.False(writes.Stage(writes.Pool, Alice, 6001));
        Assert.False(writes.Unstored);
    }

    [Fact]
    public async Task a_failed_write_is_answered_as_a_value_and_every_later_write_fails()
    {
        var store = new Store { Fails = true };
        var writes = new ClaimWrites(store, (_, _) => { });
        await writes.LoadAsync("eu", CancellationToken.None);

        writes.Stage(writes.Pool.Hold(Alice, 6001), Alice, 6001);
        var failed = await writes.StoreAsync();
        store.Fails = false;
        writes.Stage(writes.Pool.Hold(Bob, 6002), Bob, 6002);
        var later = await writes.StoreAsync();

        Assert.IsType<TimeoutException>(failed);
        Assert.NotNull(later);
        Assert.True(writes.Broken);
        Assert.False(await writes.WrittenAsync());
        Assert.Empty(store.Written);
    }

    private static int PortOf(ClaimChange change) => change switch
    {
        ClaimChange.Add(var claim) => claim.Port.Port,
        _ => -1,
    };

    private sealed class Store : IClaimStore
    {
        public bool Fails { get; set; }

        public string Pool { get; private set; } = "";

        public List<ImmutableArray<ClaimChange>> Written { get; } = [];

        public Task<ImmutableArray<Claim>> LoadAsync(string pool, CancellationToken cancellationToken) => Task.FromResult(ImmutableArray<Claim>.Empty);

        public Task WriteAsync(string pool, ImmutableArray<ClaimChange> changes, CancellationToken cancellationToken)
        {
            if (Fails)
            {
                return Task.FromException(new TimeoutException("storage down"));
            }
            Pool = pool;
            Written.Add(changes);
            return Task.CompletedTask;
        }
    }
}
