using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using PortKeeper.Contracts;
using PortKeeper.Integration.Tests.Gateway;
using PortKeeper.Integration.Tests.Postgres;
using Xunit.Abstractions;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>Real node processes on one PostgreSQL database, as two frps hosts run them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NodeClusterTests(PostgresServer server, ITestOutputHelper output)
{
    private const string Range = "20000-20999";

    private static string[] Node(string db, params string[] more) =>
        ["--allow-ports", Range, "--postgres", db, "--cluster-id", "frps", .. more];

    private static async Task<int> PortAsync(NodeProcess node, string name) =>
        (await node.Http.NewProxyAsync("u", name)).GrantedPort()
            ?? throw new InvalidOperationException($"{name} was refused:\n{node.Output}");

    [Fact]
    public async Task two_combined_nodes_agree_on_every_port_and_the_survivor_serves_when_the_pools_node_hangs_and_is_killed()
    {
        var db = await server.CreateDatabaseAsync("nodes_two");
        var clock = Stopwatch.StartNew();
        var nodes = await Task.WhenAll(NodeProcess.StartAsync(Node(db, Debug)), NodeProcess.StartAsync(Node(db, Debug)));
        await using var a = nodes[0];
        await using var b = nodes[1];
        output.WriteLine($"two nodes ready in {clock.ElapsedMilliseconds} ms");

        // One proxy per user, so that the users' grains live on both nodes, and a group of two users.
        List<(string User, string Name, string? Group)> proxies =
            [.. Enumerable.Range(0, 40).Select(i => ($"u{i}", "app", (string?)null)), ("w1", "web", "web"), ("w2", "web", "web")];
        var first = new Dictionary<string, int>();
        foreach (var (p, i) in proxies.Select((p, i) => (p, i)))
        {
            first[p.User] = await GrantedAsync(i % 2 == 0 ? a : b, p);
        }
        foreach (var (p, i) in proxies.Select((p, i) => (p, i)))
        {
            Assert.Equal(first[p.User], await GrantedAsync(i % 2 == 0 ? b : a, p));
        }
        Assert.Equal(first["w1"], first["w2"]);
        Assert.Equal(proxies.Count - 1, first.Values.Distinct().Count());

        // Freeze the node whose silo hosts the port pool (the harder case), as a node that hangs:
        // its sockets stay open, so calls to its grains wait, and every known proxy whose grain lived
        // there is answered from storage, at once, until the cluster declares the node dead.
        var poolSilo = (await PoolAsync(a)).Silo;
        var (victim, survivor) = poolSilo.Contains($":{a.SiloPort}:", StringComparison.Ordinal) ? (a, b) : (b, a);
        Assert.Contains($":{victim.SiloPort}:", poolSilo, StringComparison.Ordinal);
        victim.Freeze();
        clock.Restart();
        var longest = TimeSpan.Zero;
        foreach (var p in proxies)
        {
            var asked = Stopwatch.StartNew();
            Assert.Equal(first[p.User], await GrantedAsync(survivor, p));
            longest = asked.Elapsed > longest ? asked.Elapsed : longest;
        }
        var failover = clock.ElapsedMilliseconds;
        var fromStorage = Count(await survivor.Http.ScrapeUntilAsync(t => Count(t, "granted_from_storage") > 0), "granted_from_storage");
        // Then kill it (kill -9): every known proxy still gets its port on its first try, whether its
        // grain's calls fail at once (storage answers) or the grain lives on the survivor by now.
        await victim.KillAsync();
        clock.Restart();
        foreach (var p in proxies)
        {
            Assert.Equal(first[p.User], await GrantedAsync(survivor, p));
        }
        var afterKill = clock.ElapsedMilliseconds;
        // A new proxy needs the pool, which answers again once the cluster has declared the killed
        // node dead; until then it is refused, never given a port another proxy holds.
        int? fresh = null;
        while (fresh is null && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            var answer = await survivor.Http.NewProxyAsync("u-new", "after-kill");
            fresh = answer.GrantedPort();
            if (fresh is null)
            {
                Assert.Contains("could not record", answer["reject_reason"]!.GetValue<string>(), StringComparison.Ordinal);
                await Task.Delay(100);
            }
        }
        var allocating = clock.ElapsedMilliseconds;
        var movedPool = await PoolAsync(survivor);
        output.WriteLine($"with the pool's node frozen: every known proxy answered by the survivor within {failover} ms "
            + $"(longest answer {longest.TotalMilliseconds:0} ms, {fromStorage} from storage); after kill -9: every known proxy "
            + $"answered within {afterKill} ms, new proxies granted again {allocating} ms after the kill");

        // The debug log says which answers storage gave, and why.
        Assert.Contains("answered with its stored port", survivor.Output, StringComparison.Ordinal);
        Assert.NotNull(fresh);
        Assert.DoesNotContain(fresh.Value, first.Values);
        Assert.Contains($":{survivor.SiloPort}:", movedPool.Silo, StringComparison.Ordinal);
        Assert.Equal(proxies.Count - 1 + 1, movedPool.TcpTaken);
    }

    private static async Task<int> GrantedAsync(NodeProcess node, (string User, string Name, string? Group) proxy) =>
        (await node.Http.NewProxyAsync(proxy.User, proxy.Name, group: proxy.Group)).GrantedPort()
            ?? throw new InvalidOperationException($"{proxy} was refused:\n{node.Output}");

    // The count of plugin answers of one outcome in a scrape of /metrics.
    private static double Count(string metrics, string outcome) =>
        metrics.Split('\n').Where(l => l.StartsWith("portkeeper_plugin_answers_total{", StringComparison.Ordinal) && l.Contains($"outcome=\"{outcome}\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private const string AdminToken = "node-cluster-admin-token";

    // An admin token, and the plugin's debug log, which says when storage answered.
    private static readonly string[] Debug = ["--admin-token", AdminToken, "--Logging:LogLevel:PortKeeper.Gateway.Plugin=Debug"];

    private static async Task<PoolStats> PoolAsync(NodeProcess node)
    {
        using var response = await node.Http.AdminGetAsync(AdminToken, "/pool");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<PoolStats>())!;
    }

    [Fact]
    public async Task postgres_releases_the_port_of_a_proxy_offline_past_the_expiry_only()
    {
        var db = await server.CreateDatabaseAsync("nodes_expiry");
        await using var node = await NodeProcess.StartAsync(ExpiryTests.Expiring(Node(db)));

        await ExpiryTests.OnlyTheProxyThatStayedAwayLosesItsPortAsync(node);
    }

    [Fact]
    public async Task dedicated_silo_serves_a_gateway_only_node()
    {
        var db = await server.CreateDatabaseAsync("nodes_roles");
        var clock = Stopwatch.StartNew();
        await using var silo = await NodeProcess.StartAsync("--role", "silo", "--allow-ports", Range, "--postgres", db, "--cluster-id", "split");
        await using var gateway = await NodeProcess.StartAsync("--role", "gateway", "--postgres", db, "--cluster-id", "split");
        output.WriteLine($"silo and gateway ready in {clock.ElapsedMilliseconds} ms");

        // The silo serves no plugin and no admin endpoint, only health and metrics.
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.PostAsync("/port-registrations?version=0.1.0&op=NewProxy", new StringContent("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/metrics")).StatusCode);
        Assert.Contains("PortKeeper started as a silo node:", silo.Output, StringComparison.Ordinal);

        var port = await PortAsync(gateway, "web");

        Assert.True(Range.Length > 0 && port is >= 20000 and <= 20999);
        Assert.Equal(port, await PortAsync(gateway, "web"));
        Assert.NotEqual(port, await PortAsync(gateway, "db"));
    }

    [Fact]
    public async Task node_with_another_range_refuses_to_start_with_one_line_unless_the_change_is_accepted()
    {
        var db = await server.CreateDatabaseAsync("nodes_range");
        await using (var first = await NodeProcess.StartAsync(Node(db)))
        {
            await PortAsync(first, "kept");
            var (exit, text) = await NodeProcess.RunToExitAsync(["--allow-ports", "20000-21999", "--postgres", db, "--cluster-id", "frps"]);

            Assert.Equal(2, exit);
            Assert.Contains(
                "portkeeper: this node's ports 20000-21999 differ from the ports 20000-20999 of its cluster (service 'portkeeper' in 127.0.0.1:",
                text, StringComparison.Ordinal);
            // That one line, and nothing alarming besides: no stack trace, no repeats.
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            Assert.Single(text.Split('\n'), l => l.Contains("differ from the ports", StringComparison.Ordinal));
            Assert.InRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, 1, 3);
            // Stopped as an operator does before changing the range (a killed node's entry would
            // make the next node wait until it is stale).
            await first.StopAsync();
        }

        await using var changed = await NodeProcess.StartAsync(["--allow-ports", "20000-21999", "--postgres", db, "--cluster-id", "frps", "--accept-range-change", "true"]);
        Assert.Equal("20000-21999", await ClusterRangeOf(db));
        Assert.InRange(await PortAsync(changed, "kept"), 20000, 20999);
    }

    [Fact]
    public async Task node_with_other_pools_refuses_to_start_with_one_line_naming_them()
    {
        var db = await server.CreateDatabaseAsync("nodes_pools");
        await using var first = await NodeProcess.StartAsync(Node(db, "--pool", "eu=20000-20999"));
        var home = await PortAsync(first, "both");
        var eu = (await first.Http.NewProxyAsync("u", "both", remotePort: home, pool: "eu")).GrantedPort();

        var (exit, text) = await NodeProcess.RunToExitAsync(Node(db, "--pool", "eu=20000-20499"));

        Assert.Equal(home, eu);
        Assert.Equal(2, exit);
        Assert.Contains(
            "portkeeper: this node's ports 20000-20999; pool eu: 20000-20499 differ from the ports 20000-20999; pool eu: 20000-20999 of its cluster (service 'portkeeper' in 127.0.0.1:",
            text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.StartsWith("portkeeper:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task nodes_whose_range_holds_their_own_different_ports_agree_on_the_cluster_range()
    {
        var db = await server.CreateDatabaseAsync("nodes_own_ports");
        // A wide range holds every node's HTTP, silo and gateway ports; each leaves its own out locally.
        string[] Wide((int Http, int Silo, int Gateway) _) => ["--allow-ports", "1024-65000", "--postgres", db, "--cluster-id", "frps"];
        await using var first = await NodeProcess.StartAsync(Wide);
        await using var second = await NodeProcess.StartAsync(Wide);

        var port = await PortAsync(first, "own-ports");

        Assert.Equal(port, await PortAsync(second, "own-ports"));
        Assert.Equal("1024-65000", await ClusterRangeOf(db));
    }

    [Fact]
    public async Task database_that_hangs_still_gets_frps_an_answer_within_the_deadline_and_recovers()
    {
        var db = await server.CreateDatabaseAsync("nodes_frozen");
        var deadline = TimeSpan.FromSeconds(2);
        await using var node = await NodeProcess.StartAsync(Node(db, "--answer-timeout", $"{deadline.TotalSeconds}s"));
        var known = await PortAsync(node, "steady");

        server.Freeze();
        TimeSpan newIn, knownIn;
        FrozenAnswer fresh;
        int? again;
        try
        {
            var clock = Stopwatch.StartNew();
            var answer = await node.Http.NewProxyAsync("u", "new-while-frozen");
            newIn = clock.Elapsed;
            fresh = new(answer.GrantedPort(), answer["reject_reason"]?.GetValue<string>());
            clock.Restart();
            again = (await node.Http.NewProxyAsync("u", "steady")).GrantedPort();
            knownIn = clock.Elapsed;
        }
        finally
        {
            server.Thaw();
        }

        int? after = null;
        for (var attempt = 0; after is null && attempt < 120; attempt++)
        {
            after = (await node.Http.NewProxyAsync("u", "new-while-frozen")).GrantedPort();
            await Task.Delay(after is null ? 250 : 0);
        }
        output.WriteLine($"frozen database: new key refused in {newIn.TotalMilliseconds:0} ms, known key answered in {knownIn.TotalMilliseconds:0} ms");

        Assert.Null(fresh.Port);
        Assert.Contains("could not record", fresh.Reason, StringComparison.Ordinal);
        // Bounded, not a speed figure: frps itself would wait forever, and frpc re-sends after 20 s.
        Assert.True(newIn < deadline + Trip, $"the refusal took {newIn}, past the answer deadline of {deadline} and the trip to frps");
        Assert.Equal(known, again);
        Assert.NotNull(after);
        Assert.NotEqual(known, after);
    }

    private sealed record FrozenAnswer(int? Port, string? Reason);

    // What a real node adds to its answer deadline: the answer's trip through HTTP and the process.
    private static readonly TimeSpan Trip = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task database_outage_keeps_known_ports_refuses_new_keys_in_time_and_recovers_without_a_restart()
    {
        var db = await server.CreateDatabaseAsync("nodes_outage");
        var deadline = TimeSpan.FromSeconds(3);
        await using var node = await NodeProcess.StartAsync(Node(db, "--answer-timeout", $"{deadline.TotalSeconds}s"));
        var names = Enumerable.Range(0, 10).Select(i => $"live{i}").ToList();
        var known = new Dictionary<string, int>();
        foreach (var name in names)
        {
            known[name] = await PortAsync(node, name);
        }

        await server.StopAsync();
        int? during;
        string? reason;
        TimeSpan refusedIn;
        string logged;
        HttpStatusCode ready;
        try
        {
            foreach (var name in names)
            {
                Assert.Equal(known[name], await PortAsync(node, name));
            }
            var clock = Stopwatch.StartNew();
            var logBefore = node.Output.Length;
            var answer = await node.Http.NewProxyAsync("u", "new-during-outage");
            refusedIn = clock.Elapsed;
            await Task.Delay(500);
            logged = node.Output[logBefore..];
            during = answer.GrantedPort();
            reason = answer["reject_reason"]?.GetValue<string>();
            ready = (await node.Http.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode;
        }
        finally
        {
            await server.StartAsync();
        }

        var recovery = Stopwatch.StartNew();
        int? after = null;
        while (after is null && recovery.Elapsed < TimeSpan.FromSeconds(60))
        {
            after = (await node.Http.NewProxyAsync("u", "new-after-outage")).GrantedPort();
            await Task.Delay(after is null ? 250 : 0);
        }
        output.WriteLine($"new key refused in {refusedIn.TotalMilliseconds:0} ms during the outage; new allocations work again {recovery.ElapsedMilliseconds} ms after the restart of PostgreSQL");

        Assert.Null(during);
        Assert.Contains("could not record", reason, StringComparison.Ordinal);
        Assert.Contains("storage is down", reason, StringComparison.Ordinal);
        Assert.True(refusedIn < deadline + Trip, $"the refusal took {refusedIn}, past the answer deadline of {deadline} and the trip to frps");
        // One entry (two console lines) says what happened; no stack trace.
        output.WriteLine($"logged for the refusal:\n{logged}");
        Assert.DoesNotContain("   at ", logged, StringComparison.Ordinal);
        Assert.InRange(logged.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("new-during-outage", StringComparison.Ordinal)), 1, 2);
        Assert.InRange(logged.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, 1, 6);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        Assert.NotNull(after);
        Assert.DoesNotContain(after.Value, known.Values);
        foreach (var name in names)
        {
            Assert.Equal(known[name], await PortAsync(node, name));
        }
    }

    private static async Task<string?> ClusterRangeOf(string db) =>
        (await PostgresSchemaTests.ColumnAsync<string>(db, "SELECT allow_ports FROM portkeeper_range WHERE serviceid = 'portkeeper' AND pool = 'default'")).SingleOrDefault();
}
