using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Grains;
using PortKeeper.Integration.Tests.Postgres;
using PortKeeper.Integration.Tests.Sqlite;
using PortKeeper.Silo.Claims;
using PortKeeper.Silo.Postgres;
using PortKeeper.Silo.Sqlite;

namespace PortKeeper.Integration.Tests.ClaimStorage;

/// <summary>The claims table on both engines, through the store the pools use.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClaimStoreTests(PostgresServer server) : IDisposable
{
    private static readonly LeaseKey Alice = LeaseKey.ForProxy(Protocol.Tcp, "alice", "alice.ssh");
    private static readonly LeaseKey Bob = LeaseKey.ForProxy(Protocol.Tcp, "bob", "bob.ssh");
    private static readonly LeaseKey Web = LeaseKey.ForGroup(Protocol.Udp, "web");
    private static readonly DateTimeOffset Since = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000);

    private static int _databases;

    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Engines => new() { "sqlite", "postgres" };

    private async Task<IClaimStore> StoreAsync(string engine, string service = "svc")
    {
        if (engine == "sqlite")
        {
            await SqliteSchema.EnsureAsync(_folder.Database, NullLogger.Instance, CancellationToken.None);
            return new SqlClaimStore(_folder.Database, service, e => e is SqliteException { SqliteErrorCode: 19 });
        }
        var db = await server.CreateDatabaseAsync($"claims_{Interlocked.Increment(ref _databases)}");
        await PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);
        return new SqlClaimStore(NpgsqlDataSource.Create(db), service, e => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation });
    }

    private static Task WriteAsync(IClaimStore store, string pool, params ClaimChange[] changes) =>
        store.WriteAsync(pool, [.. changes], CancellationToken.None);

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task reservations_and_blocks_read_back_and_a_reservation_turns_into_its_proxys_claim_only_as_a_reservation(string engine)
    {
        var store = await StoreAsync(engine);
        var reserved = new Claim(new PoolPort(Protocol.Tcp, 20002), Alice, Pending: false, Since: Since, Kind: ClaimKind.Reserved);
        var blocked = new Claim(new PoolPort(Protocol.Tcp, 20003), Claims.Nobody(Protocol.Tcp), Pending: false, Since: Since, Kind: ClaimKind.Blocked);
        await WriteAsync(store, "eu", new ClaimChange.Add(reserved), new ClaimChange.Add(blocked));
        var loaded = (await store.LoadAsync("eu", CancellationToken.None)).OrderBy(c => c.Port.Port).ToList();

        var taken = new Claim(reserved.Port, Alice, Pending: true, Since: Since);
        var asHolder = await Assert.ThrowsAsync<ClaimConflictException>(() => WriteAsync(store, "eu", new ClaimChange.Change(Alice, taken)));
        await WriteAsync(store, "eu", new ClaimChange.Change(Alice, taken, ClaimKind.Reserved), new ClaimChange.Remove(blocked.Port, blocked.Holder, ClaimKind.Blocked));

        Assert.Equal([reserved, blocked], loaded);
        Assert.Contains("no longer held", asHolder.Message, StringComparison.Ordinal);
        Assert.Equal(taken, Assert.Single(await store.LoadAsync("eu", CancellationToken.None)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task claims_read_back_as_written_per_pool(string engine)
    {
        var store = await StoreAsync(engine);
        var pending = new Claim(new PoolPort(Protocol.Tcp, 20001), Alice, Pending: true, Replacing: 20000, Since);
        var group = new Claim(new PoolPort(Protocol.Udp, 20001), Web, Pending: false);

        await WriteAsync(store, "eu", new ClaimChange.Add(pending), new ClaimChange.Add(group));
        await WriteAsync(store, "us", new ClaimChange.Add(new Claim(new PoolPort(Protocol.Tcp, 20001), Bob, Pending: false)));

        Assert.Equal([pending, group], (await store.LoadAsync("eu", CancellationToken.None)).OrderBy(c => c.Port.Protocol));
        Assert.Equal(Bob, Assert.Single(await store.LoadAsync("us", CancellationToken.None)).Holder);
        Assert.Empty(await store.LoadAsync("asia", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task database_refuses_a_second_holder_of_a_port_and_keeps_nothing_of_that_write(string engine)
    {
        var store = await StoreAsync(engine);
        var held = new Claim(new PoolPort(Protocol.Tcp, 20005), Alice, Pending: false);
        await WriteAsync(store, "eu", new ClaimChange.Add(held));

        var refused = await Record.ExceptionAsync(() => WriteAsync(store, "eu",
            new ClaimChange.Add(new Claim(new PoolPort(Protocol.Tcp, 20006), Bob, Pending: true)),
            new ClaimChange.Add(new Claim(new PoolPort(Protocol.Tcp, 20005), Bob, Pending: true))));

        Assert.IsType<ClaimConflictException>(refused);
        Assert.Equal([held], (await store.LoadAsync("eu", CancellationToken.None)).AsEnumerable());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task change_or_removal_of_a_claim_another_holder_has_now_is_refused(string engine)
    {
        var store = await StoreAsync(engine);
        var port = new PoolPort(Protocol.Tcp, 20007);
        await WriteAsync(store, "eu", new ClaimChange.Add(new Claim(port, Alice, Pending: true, null, Since)));

        var change = await Record.ExceptionAsync(() => WriteAsync(store, "eu", new ClaimChange.Change(Bob, new Claim(port, Bob, Pending: false))));
        var removal = await Record.ExceptionAsync(() => WriteAsync(store, "eu", new ClaimChange.Remove(port, Bob)));
        await WriteAsync(store, "eu", new ClaimChange.Change(Alice, new Claim(port, Alice, Pending: false)));
        var confirmed = (await store.LoadAsync("eu", CancellationToken.None)).AsEnumerable();
        await WriteAsync(store, "eu", new ClaimChange.Remove(port, Alice));

        Assert.IsType<ClaimConflictException>(change);
        Assert.IsType<ClaimConflictException>(removal);
        Assert.Equal([new Claim(port, Alice, Pending: false)], confirmed);
        Assert.Empty((await store.LoadAsync("eu", CancellationToken.None)).AsEnumerable());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task a_pool_full_of_claims_loads_whole(string engine)
    {
        var store = await StoreAsync(engine);
        var claims = Enumerable.Range(20000, 2000)
            .Select(p => new ClaimChange.Add(new Claim(new PoolPort(Protocol.Tcp, p), LeaseKey.ForProxy(Protocol.Tcp, $"u{p % 50}", $"u{p % 50}.p{p}"), Pending: false)))
            .ToImmutableArray<ClaimChange>();

        await store.WriteAsync("eu", claims, CancellationToken.None);
        var pool = Claims.Load((await store.LoadAsync("eu", CancellationToken.None)).AsEnumerable());

        Assert.Equal(2000, pool.Tcp.Count);
        Assert.Equal(LeaseKey.ForProxy(Protocol.Tcp, "u10", "u10.p20010"), pool.HolderOf(Protocol.Tcp, 20010));
    }
}
