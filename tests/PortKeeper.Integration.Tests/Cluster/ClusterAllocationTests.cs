using PortKeeper.Domain;
using System.Collections.Concurrent;
using System.Diagnostics;
using PortKeeper.Contracts;
using PortKeeper.Integration.Tests.Postgres;
using Xunit.Abstractions;

namespace PortKeeper.Integration.Tests.Cluster;

[Collection(PostgresCollection.Name)]
public sealed class ClusterAllocationTests(PostgresServer server, ITestOutputHelper output)
{
    private const string Range = "20000-21999";
    private const int Keys = 1000;

    private static LeaseKey Key(string name) => LeaseKey.ForProxy(Protocol.Tcp, LeaseKeys.UserOf(name), name);

    private static async Task<int> AcquireAsync(IGrainFactory grains, string name)
    {
        var outcome = await new LeaseHandle(grains, Key(name)).AcquireAsync(new LeaseRequest(name));
        return Assert.IsType<Allocation.Granted>(outcome).Port;
    }

    [Fact]
    public async Task three_silos_give_a_thousand_concurrent_keys_distinct_ports_and_a_whole_cluster_restart_gives_each_its_port_back()
    {
        var db = await server.CreateDatabaseAsync("cluster_thousand");
        var names = Enumerable.Range(0, Keys).Select(i => $"u.k{i}").ToList();
        var clock = Stopwatch.StartNew();
        int[] ports;
        await using (var cluster = await PostgresCluster.StartAsync(db, Range, 3))
        {
            output.WriteLine($"3 silos up in {clock.ElapsedMilliseconds} ms");
            var entries = cluster.Cluster.Silos.Select(PostgresCluster.FactoryOf).ToList();
            clock.Restart();
            ports = await Task.WhenAll(names.Select((name, i) => Task.Run(() => AcquireAsync(entries[i % entries.Count], name))))
                .WithinAsync(Deadlines.Slow, $"{Keys} first allocations through 3 silos");
            output.WriteLine($"{Keys} first allocations through 3 silos in {clock.ElapsedMilliseconds} ms");

            Assert.Equal(Keys, ports.Distinct().Count());
            Assert.All(ports, p => Assert.True(cluster.Range.Contains(p), $"{p} is outside {Range}"));
            var stats = await cluster.Pool.GetStatsAsync();
            Assert.Equal(Keys, stats.TcpTaken);
            await cluster.Cluster.StopAllSilosAsync().WithinAsync(Deadlines.Slow, "the stop of all 3 silos");
        }

        clock.Restart();
        await using var restarted = await PostgresCluster.StartAsync(db, Range, 3);
        var again = await Task.WhenAll(names.Select((name, i) =>
            Task.Run(() => AcquireAsync(PostgresCluster.FactoryOf(restarted.Cluster.Silos[(i + 1) % 3]), name))))
            .WithinAsync(Deadlines.Slow, $"{Keys} known keys after the restart");
        output.WriteLine($"restart and {Keys} known keys in {clock.ElapsedMilliseconds} ms");

        Assert.Equal(ports, again);
        Assert.Equal(Keys, (await restarted.Pool.GetStatsAsync()).TcpTaken);
    }

    [Fact]
    public async Task killing_the_silo_of_the_pool_under_load_keeps_ports_unique_and_sticky_and_allocations_resume()
    {
        var db = await server.CreateDatabaseAsync("cluster_kill");
        await using var cluster = await PostgresCluster.StartAsync(db, Range, 3);
        var host = await cluster.PoolHostAsync();
        var entries = cluster.Cluster.Silos.Select(s => (Silo: s, Grains: PostgresCluster.FactoryOf(s))).ToList();
        var answers = new ConcurrentBag<(string Name, int Port, long At)>();
        var refusals = 0;
        var clock = Stopwatch.StartNew();
        long killedAt = -1;

        async Task RunAsync(string name, int index)
        {
            for (var attempt = 0; clock.Elapsed < Deadlines.Slow; attempt++)
            {
                var entry = entries[(index + attempt) % entries.Count];
                if (Volatile.Read(ref killedAt) >= 0 && entry.Silo == host)
                {
                    continue;
                }
                try
                {
                    var outcome = await new LeaseHandle(entry.Grains, Key(name)).AcquireAsync(new LeaseRequest(name));
                    if (outcome is Allocation.Granted granted)
                    {
                        answers.Add((name, granted.Port, clock.ElapsedMilliseconds));
                        return;
                    }
                    Interlocked.Increment(ref refusals);
                }
                catch (Exception)
                {
                    // The silo it went through, or the silo of its lease or of the pool, died: retry elsewhere.
                    Interlocked.Increment(ref refusals);
                }
                await Task.Delay(100);
            }
        }

        var names = Enumerable.Range(0, Keys).Select(i => $"u.kill{i}").ToList();
        var load = names.Select((name, i) => Task.Run(async () =>
        {
            // Spread the arrivals so that the kill lands in the middle of the load.
            await Task.Delay(i * 3);
            await RunAsync(name, i);
        })).ToList();
        await Deadlines.UntilAsync(() => answers.Count >= Keys / 3, Deadlines.Slow, () => $"{Keys / 3} grants before the kill ({answers.Count} so far, {refusals} refusals)");
        var grantedBefore = answers.ToDictionary(a => a.Name, a => a.Port);
        Volatile.Write(ref killedAt, clock.ElapsedMilliseconds);
        await cluster.Cluster.KillSiloAsync(host).WithinAsync(Deadlines.Quick, "the kill of the pool's silo");
        var killReturnedAt = clock.ElapsedMilliseconds;
        // Each key gives up at the same deadline; this one only names a load that did not end.
        await Task.WhenAll(load).WithinAsync(Deadlines.Slow + Deadlines.Quick, $"the end of the load ({answers.Count} of {Keys} granted)");

        var firstAfter = answers.Where(a => a.At > killReturnedAt).Min(a => (long?)a.At);
        output.WriteLine(
            $"pool silo ({(host == cluster.Cluster.Primary ? "primary" : "secondary")}) killed after {grantedBefore.Count} grants at {killedAt} ms; " +
            $"kill took {killReturnedAt - killedAt} ms; first grant after it {firstAfter - killReturnedAt} ms later; " +
            $"{refusals} refusals or failures retried; load done at {clock.ElapsedMilliseconds} ms");

        var byKey = answers.GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.Select(a => a.Port).Distinct().ToList());
        Assert.Equal(Keys, byKey.Count);
        Assert.All(byKey, kv => Assert.Single(kv.Value));
        Assert.Equal(Keys, byKey.Values.Select(p => p[0]).Distinct().Count());
        Assert.NotNull(firstAfter);

        // Every key, asked again through the survivors, has the port it was first given.
        var survivors = entries.Where(e => e.Silo != host).ToList();
        var again = await Task.WhenAll(names.Select((name, i) => AcquireAsync(survivors[i % survivors.Count].Grains, name)))
            .WithinAsync(Deadlines.Slow, $"{Keys} known keys through the survivors");
        Assert.Equal(names.Select(n => byKey[n][0]), again);
        Assert.Equal(Keys, (await cluster.Pool.GetStatsAsync()).TcpTaken);
        Assert.NotEqual(host, await cluster.PoolHostAsync());
    }
}
