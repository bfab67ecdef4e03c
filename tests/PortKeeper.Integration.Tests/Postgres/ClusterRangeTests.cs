using Microsoft.Extensions.Logging.Abstractions;
using PortKeeper.Silo;
using PortKeeper.Silo.Postgres;
using PortKeeper.Tests;

namespace PortKeeper.Integration.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class ClusterRangeTests(PostgresServer server)
{
    private static Task EnsureAsync(string db, string range, bool accept = false, string service = "pk") =>
        ClusterRange.EnsureAsync(db, service, TestPools.Range(range), accept, NullLogger.Instance, CancellationToken.None);

    private async Task<string> DatabaseAsync(string name)
    {
        var db = await server.CreateDatabaseAsync(name);
        await PostgresSchema.EnsureAsync(db, NullLogger.Instance, CancellationToken.None);
        return db;
    }

    [Fact]
    public async Task first_node_records_its_range_and_a_node_with_the_same_range_starts()
    {
        var db = await DatabaseAsync("range_same");

        await EnsureAsync(db, "20000-20999");
        await EnsureAsync(db, "20000-20999");

        Assert.Equal("20000-20999", await ClusterRange.ReadAsync(db, "pk", CancellationToken.None));
    }

    [Fact]
    public async Task node_with_another_range_is_refused_with_one_line_naming_both_and_the_switch()
    {
        var db = await DatabaseAsync("range_differs");
        await EnsureAsync(db, "20000-20999");

        var e = await Assert.ThrowsAsync<StartupException>(() => EnsureAsync(db, "20000-21999"));
        Assert.Equal(StartupFailure.ClusterPorts, e.Failure);

        Assert.StartsWith("this node's ports 20000-21999 differ from the ports 20000-20999 of its cluster (service 'pk' in 127.0.0.1:", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("add --accept-range-change true to change them for the whole cluster", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal("20000-20999", await ClusterRange.ReadAsync(db, "pk", CancellationToken.None));
    }

    [Fact]
    public async Task accepted_change_replaces_the_range_for_every_later_node()
    {
        var db = await DatabaseAsync("range_accept");
        await EnsureAsync(db, "20000-20999");

        await EnsureAsync(db, "20000-21999", accept: true);

        Assert.Equal("20000-21999", await ClusterRange.ReadAsync(db, "pk", CancellationToken.None));
        await EnsureAsync(db, "20000-21999");
        Assert.Equal(StartupFailure.ClusterPorts, (await Assert.ThrowsAsync<StartupException>(() => EnsureAsync(db, "20000-20999"))).Failure);
    }

    [Fact]
    public async Task services_keep_ranges_of_their_own()
    {
        var db = await DatabaseAsync("range_services");

        await EnsureAsync(db, "20000-20999", service: "a");
        await EnsureAsync(db, "30000-30999", service: "b");

        Assert.Equal("30000-30999", await ClusterRange.ReadAsync(db, "b", CancellationToken.None));
    }

    [Fact]
    public async Task nodes_starting_at_once_with_two_ranges_agree_on_one_and_the_others_are_refused()
    {
        var db = await DatabaseAsync("range_race");
        var ranges = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? "20000-20999" : "40000-40999").ToList();

        var results = await Task.WhenAll(ranges.Select(r => Task.Run(async () =>
            await Record.ExceptionAsync(() => EnsureAsync(db, r)))));

        var stored = await ClusterRange.ReadAsync(db, "pk", CancellationToken.None);
        Assert.All(ranges.Zip(results), pair =>
        {
            if (pair.First == stored)
            {
                Assert.Null(pair.Second);
            }
            else
            {
                Assert.Equal(StartupFailure.ClusterPorts, Assert.IsType<StartupException>(pair.Second).Failure);
            }
        });
    }

    [Fact]
    public async Task node_whose_pools_differ_is_refused_naming_every_pool_and_an_accepted_change_replaces_them()
    {
        var db = await DatabaseAsync("range_pools");
        await ClusterRange.EnsureAsync(db, "pk", TestPools.Registry("20000-20999", ("eu", "20000-20999")), false, NullLogger.Instance, CancellationToken.None);

        var added = await Assert.ThrowsAsync<StartupException>(() => ClusterRange.EnsureAsync(
            db, "pk", TestPools.Registry("20000-20999", ("eu", "20000-20999"), ("us", "30000-30009")), false, NullLogger.Instance, CancellationToken.None));
        Assert.Equal(StartupFailure.ClusterPorts, added.Failure);
        var dropped = await Assert.ThrowsAsync<StartupException>(() => EnsureAsync(db, "20000-20999"));
        Assert.Equal(StartupFailure.ClusterPorts, dropped.Failure);
        await ClusterRange.EnsureAsync(db, "pk", TestPools.Registry("20000-20999", ("us", "30000-30009")), true, NullLogger.Instance, CancellationToken.None);

        Assert.StartsWith("this node's ports 20000-20999; pool eu: 20000-20999; pool us: 30000-30009 differ from the ports 20000-20999; pool eu: 20000-20999 of its cluster", added.Message, StringComparison.Ordinal);
        Assert.StartsWith("this node's ports 20000-20999 differ from the ports 20000-20999; pool eu: 20000-20999 of its cluster", dropped.Message, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string> { ["default"] = "20000-20999", ["us"] = "30000-30009" },
            await ClusterRange.ReadPoolsAsync(db, "pk", CancellationToken.None));
    }
}
