using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PortKeeper.Integration.Tests.Hostile;
using PortKeeper.Integration.Tests.Postgres;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Chaos;

/// <summary>
/// A chaos run: frps-like load of many proxies through random nodes of a three-node cluster,
/// a node killed with kill -9 every few seconds and started again, PostgreSQL stopped for a while,
/// every answer checked as it comes (<see cref="ChaosMap"/>), and the map audited at the end.
/// </summary>
public sealed class ChaosRun
{
    /// <summary>
    /// The ports the run's pool hands out: room for every holder, and to spare; below the system's
    /// ephemeral ports (32768 and up), where the nodes' own ports are chosen, as a cluster's own
    /// ports must lie outside its allow ports (a node moves a proxy off a port it listens on itself).
    /// </summary>
    public const string Range = "10000-29999";

    private const string AdminToken = "chaos-admin-token-0123456789";

    // Slack over the deadline for the HTTP exchange itself, on a loaded machine.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);

    private readonly ChaosSettings _settings;
    private readonly PostgresServer _server;
    private readonly ChaosProxy[] _proxies;
    private readonly ChaosMap _map = new();
    private readonly ConcurrentDictionary<string, int> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<NodeProcess, HttpClient> _clients = new();
    private long _longestTicks;
    private volatile bool _outage;

    private ChaosRun(ChaosSettings settings, PostgresServer server)
    {
        (_settings, _server) = (settings, server);
        _proxies = Proxies(settings);
    }

    /// <summary>Runs <paramref name="settings"/> against a new database of <paramref name="server"/>; the figures and what went wrong.</summary>
    public static async Task<ChaosFigures> RunAsync(ChaosSettings settings, PostgresServer server, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(server);
        return await new ChaosRun(settings, server).RunAsync(log);
    }

    // users u0000.., each with proxies p0..; p3 is udp; p4 of the first users is in one of the groups, which span users.
    private static ChaosProxy[] Proxies(ChaosSettings s)
    {
        var perUser = Math.Max(1, s.Proxies / s.Users);
        return [.. Enumerable.Range(0, s.Proxies).Select(i =>
        {
            var (user, n) = (i / perUser, i % perUser);
            var group = n == 4 && user < s.Groups * 4 ? $"g{user % s.Groups}" : null;
            return new ChaosProxy($"u{user:0000}", $"p{n}", n == 3 ? "udp" : "tcp", group);
        })];
    }

    private async Task<ChaosFigures> RunAsync(Action<string> log)
    {
        var database = await _server.CreateDatabaseAsync($"chaos_{Guid.NewGuid():N}"[..20]);
        await using var cluster = new ChaosCluster(database, AdminToken, Range, _settings.Deadline);
        var clock = Stopwatch.StartNew();
        await cluster.StartAsync();
        log($"3 nodes ready in {clock.ElapsedMilliseconds} ms; {_proxies.Length} proxies of {_settings.Users} users, {_settings.Groups} groups; {_settings.AsEnvironment()}");

        using var stop = new CancellationTokenSource();
        var random = new Random(_settings.Seed);
        var workers = Enumerable.Range(0, _settings.Workers).Select(w => Task.Run(() => WorkAsync(cluster, new Random(_settings.Seed + w + 1), stop.Token))).ToList();
        clock.Restart();
        var outageAt = _settings.Outage > TimeSpan.Zero ? _settings.Duration / 2 - _settings.Outage / 2 : TimeSpan.MaxValue;
        while (clock.Elapsed < _settings.Duration)
        {
            if (clock.Elapsed >= outageAt)
            {
                outageAt = TimeSpan.MaxValue;
                await RunOutageAsync(cluster, log);
                continue;
            }
            var pause = TimeSpan.FromMilliseconds(random.Next((int)_settings.KillEveryMin.TotalMilliseconds, (int)_settings.KillEveryMax.TotalMilliseconds));
            await Task.Delay(Min(pause, _settings.Duration - clock.Elapsed));
            if (clock.Elapsed < _settings.Duration && clock.Elapsed < outageAt && await cluster.KillOneAsync(random))
            {
                log($"{clock.Elapsed.TotalSeconds:0.0} s: killed a node with kill -9 ({cluster.Killed} so far)");
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        var loadTime = clock.Elapsed;

        log("load stopped; every node started again, then every proxy asked once more, then the audit");
        await cluster.SettleAsync();
        var sweep = await SweepAsync(cluster);
        var audit = await AuditAsync(cluster);
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
        // An unready node's health check is an error line; a stack trace is a defect an operator should not read.
        var errors = cluster.Logs.SelectMany(l => NodeLog.Errors(l, 1000)).Where(e => e.Contains("\n   at ", StringComparison.Ordinal)).ToList();
        return new ChaosFigures(_settings, loadTime, cluster.Killed, cluster.FailedStarts, new SortedDictionary<string, int>(_answers, StringComparer.Ordinal),
            TimeSpan.FromTicks(Interlocked.Read(ref _longestTicks)), _map.Ports.Count, [.. _map.Duplicated], [.. _map.Changed], sweep, audit, [.. _failures], errors);
    }

    // Stops PostgreSQL for the outage, with no node killed or starting meanwhile; answers in it are counted apart.
    private async Task RunOutageAsync(ChaosCluster cluster, Action<string> log)
    {
        await cluster.SettleAsync();
        log($"database stopped for {_settings.Outage.TotalSeconds:0} s");
        _outage = true;
        await _server.StopAsync();
        try
        {
            await Task.Delay(_settings.Outage);
        }
        finally
        {
            await _server.StartAsync();
            _outage = false;
        }
        log("database started again");
    }

    private async Task WorkAsync(ChaosCluster cluster, Random random, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var proxy = _proxies[random.Next(_proxies.Length)];
            if (!proxy.TryTake())
            {
                continue;
            }
            try
            {
                if (proxy.Online && random.Next(4) == 0)
                {
                    await CloseAsync(cluster, proxy, random);
                }
                else
                {
                    await NewProxyAsync(cluster, proxy, random, known: null);
                }
            }
            finally
            {
                proxy.Release();
            }
        }
    }

    // One NewProxy through a random ready node, checked; a node killed under it is not an answer,
    // and the request goes to another node, as frps would send it again. The port, or null.
    private async Task<int?> NewProxyAsync(ChaosCluster cluster, ChaosProxy proxy, Random random, bool? known)
    {
        var wasKnown = known ?? _map.Ports.ContainsKey(proxy.Key);
        var phase = _outage ? "outage " : "";
        proxy.Asked = true;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (Pick(cluster, random) is not { } node)
            {
                await Task.Delay(100);
                continue;
            }
            var body = FrpsRequests.NewProxy(proxy.User, proxy.Name, proxy.Type, runId: $"s{proxy.Session}", group: proxy.Group);
            var started = Stopwatch.GetTimestamp();
            JsonObject answer;
            try
            {
                using var response = await Client(node).PostAsJsonAsync(new Uri("/port-registrations?version=0.1.0&op=NewProxy", UriKind.Relative), body);
                answer = (JsonObject)(await response.Content.ReadFromJsonAsync<JsonNode>())!;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                if (node.HasExited || !cluster.Ready.Contains(node))
                {
                    Count("lost with a killed node");
                    continue;
                }
                _failures.Enqueue($"{proxy}: no answer from a live node ({e.GetType().Name}: {e.Message})");
                Count("no answer");
                return null;
            }
            var took = Stopwatch.GetElapsedTime(started);
            Longest(took);
            if (took > _settings.Deadline + Slack)
            {
                _failures.Enqueue($"{proxy}: answered in {took.TotalMilliseconds:0} ms, past the {_settings.Deadline.TotalSeconds:0} s deadline");
            }
            if (answer.GrantedPort() is int port)
            {
                _map.Granted(proxy, port);
                proxy.Online = true;
                Count($"{phase}granted, {(wasKnown ? "known" : "new")}");
                return port;
            }
            var reason = answer["reject_reason"]?.GetValue<string>() ?? "";
            Count($"{phase}refused, {(wasKnown ? "known" : "new")}: {Reason(reason)}");
            if (!reason.Contains("frpc retries by itself", StringComparison.Ordinal))
            {
                _failures.Enqueue($"{proxy}: refused for a reason that does not heal: {reason}");
            }
            return null;
        }
        return null;
    }

    private async Task CloseAsync(ChaosCluster cluster, ChaosProxy proxy, Random random)
    {
        if (Pick(cluster, random) is not { } node)
        {
            return;
        }
        try
        {
            var content = new JsonObject
            {
                ["user"] = new JsonObject { ["user"] = proxy.User, ["run_id"] = $"s{proxy.Session}" },
                ["proxy_name"] = $"{proxy.User}.{proxy.Name}",
            };
            using var response = await Client(node).PostAsJsonAsync(
                new Uri("/port-registrations?version=0.1.0&op=CloseProxy", UriKind.Relative),
                new JsonObject { ["version"] = "0.1.0", ["op"] = "CloseProxy", ["content"] = content });
            var answer = (JsonObject)(await response.Content.ReadFromJsonAsync<JsonNode>())!;
            if (answer["unchange"]?.GetValue<bool>() != true || answer["reject"]?.GetValue<bool>() == true)
            {
                _failures.Enqueue($"{proxy}: CloseProxy answered {answer.ToJsonString()}");
            }
            proxy.Online = false;
            proxy.Session++;
            Count("closed");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Count("close lost with a killed node");
        }
    }

    // Every proxy asked once more, until its answer is a port (at most 60 s): the one it had, or a first one.
    private async Task<SweepFigures> SweepAsync(ChaosCluster cluster)
    {
        var asked = _proxies.Where(p => p.Asked).ToList();
        var pending = new ConcurrentQueue<ChaosProxy>(asked);
        var unanswered = new ConcurrentBag<ChaosProxy>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, _settings.Workers).Select(async w =>
        {
            var mine = new Random(_settings.Seed - w);
            while (pending.TryDequeue(out var proxy))
            {
                while (await NewProxyAsync(cluster, proxy, mine, known: true) is null)
                {
                    if (clock.Elapsed > TimeSpan.FromSeconds(60))
                    {
                        unanswered.Add(proxy);
                        break;
                    }
                    await Task.Delay(200);
                }
            }
        }));
        return new SweepFigures(asked.Count, clock.Elapsed, [.. unanswered.Select(p => p.ToString())]);
    }

    // The pool's view after a repair: what repair found, and every listed lease against the map.
    private async Task<AuditFigures> AuditAsync(ChaosCluster cluster)
    {
        var node = cluster.Ready[0];
        var http = Client(node);
        using var repair = new HttpRequestMessage(HttpMethod.Post, new Uri("/pool/repair", UriKind.Relative));
        repair.Headers.Authorization = new("Bearer", AdminToken);
        using var repaired = await http.SendAsync(repair);
        var report = (JsonObject)(await repaired.Content.ReadFromJsonAsync<JsonNode>())!;

        var listed = new Dictionary<string, int>(StringComparer.Ordinal);
        string? after = null;
        do
        {
            using var response = await http.AdminGetAsync(AdminToken, "/leases?limit=1000" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"));
            var page = (JsonObject)(await response.Content.ReadFromJsonAsync<JsonNode>())!;
            foreach (var item in (JsonArray)page["items"]!)
            {
                listed[item!["key"]!.GetValue<string>()] = item["port"]!.GetValue<int>();
            }
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);

        var missing = new List<string>();
        foreach (var (key, port) in _map.Ports.Where(p => !listed.ContainsKey(p.Key)))
        {
            // What the holder's grain and the pool say of a holder left out, through every node, for the first few.
            missing.Add($"{key} (port {port}) is not listed" + (missing.Count < 5 ? await AskEveryNodeAsync(cluster, key, port) : ""));
        }
        var moved = _map.Ports.Where(p => listed.TryGetValue(p.Key, out var port) && port != p.Value).Select(p => $"{p.Key} is listed with {listed[p.Key]}, was granted {p.Value}").ToList();
        var leaked = listed.Where(l => !_map.Ports.ContainsKey(l.Key)).Select(l => $"{l.Key} holds port {l.Value}, which no answer granted").ToList();
        return new AuditFigures(listed.Count, report.ToJsonString(), Number(report, "freed"), Number(report, "claimed"), Number(report, "moved"), missing, moved, leaked);
    }

    private async Task<string> AskEveryNodeAsync(ChaosCluster cluster, string key, int port)
    {
        var text = new StringBuilder();
        foreach (var node in cluster.Ready)
        {
            foreach (var path in new[] { $"/leases/{key}", $"/ports/{key[..key.IndexOf('/', StringComparison.Ordinal)]}/{port}" })
            {
                using var response = await Client(node).AdminGetAsync(AdminToken, path);
                text.Append(CultureInfo.InvariantCulture, $"\n    {node.BaseAddress} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        return text.ToString();
    }

    private static int Number(JsonObject report, string name) => report[name]?.GetValue<int>() ?? -1;

    private static NodeProcess? Pick(ChaosCluster cluster, Random random) =>
        cluster.Ready is { Count: > 0 } ready ? ready[random.Next(ready.Count)] : null;

    private HttpClient Client(NodeProcess node) => _clients.GetOrAdd(node, n => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
    {
        BaseAddress = n.BaseAddress,
        // Past the deadline and the slack, an answer is late; this bounds a hang.
        Timeout = _settings.Deadline + Slack + TimeSpan.FromSeconds(10),
    });

    private void Count(string outcome) => _answers.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    private void Longest(TimeSpan took)
    {
        long seen;
        while (took.Ticks > (seen = Interlocked.Read(ref _longestTicks)) && Interlocked.CompareExchange(ref _longestTicks, took.Ticks, seen) != seen)
        {
        }
    }

    // A refusal's reason without the proxy's name: one bucket per cause.
    private static string Reason(string reason) =>
        reason.IndexOf("': ", StringComparison.Ordinal) is var at and > 0 ? reason[(at + 3)..].Replace("; frpc retries by itself", "", StringComparison.Ordinal) : reason;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

/// <summary>What the run's last requests found: every proxy asked once more, and those that got no port within 60 s.</summary>
public sealed record SweepFigures(int Asked, TimeSpan Took, IReadOnlyList<string> Unanswered);

/// <summary>What the audit found: the leases listed, the repair's report, and the listing against the map.</summary>
public sealed record AuditFigures(int Listed, string Repair, int Freed, int Claimed, int Moved, IReadOnlyList<string> Missing, IReadOnlyList<string> Changed, IReadOnlyList<string> Leaked);

/// <summary>The figures of a run, and what went wrong in it.</summary>
public sealed record ChaosFigures(
    ChaosSettings Settings,
    TimeSpan LoadTime,
    int Killed,
    int FailedStarts,
    SortedDictionary<string, int> Answers,
    TimeSpan Longest,
    int Holders,
    IReadOnlyList<string> Duplicated,
    IReadOnlyList<string> Changed,
    SweepFigures Sweep,
    AuditFigures Audit,
    IReadOnlyList<string> Failures,
    IReadOnlyList<string> StackTraces)
{
    /// <summary>Everything that breaks a promise: a port given twice or changed, a late or missing answer, a map that disagrees.</summary>
    public IReadOnlyList<string> Violations =>
    [
        .. Duplicated, .. Changed, .. Failures, .. Sweep.Unanswered.Select(p => $"{p}: no port in the last sweep"),
        .. Audit.Missing, .. Audit.Changed, .. Audit.Leaked,
        .. (Audit.Freed != 0 || Audit.Claimed != 0 || Audit.Moved != 0 ? [$"repair found disagreements: {Audit.Repair}"] : Array.Empty<string>()),
    ];

    public override string ToString()
    {
        var text = new StringBuilder();
        var answers = Answers.Where(a => !a.Key.Contains("lost", StringComparison.Ordinal) && a.Key != "closed").Sum(a => a.Value);
        text.AppendLine(CultureInfo.InvariantCulture, $"load: {LoadTime.TotalSeconds:0} s, {Settings.Workers} workers, 3 nodes, {Killed} killed with kill -9 and started again ({FailedStarts} starts failed and were retried)");
        text.AppendLine(CultureInfo.InvariantCulture, $"answers to NewProxy: {answers:N0}; longest {Longest.TotalMilliseconds:0} ms (deadline {Settings.Deadline.TotalSeconds:0} s)");
        foreach (var (outcome, count) in Answers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {outcome}: {count:N0}");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"holders granted a port: {Holders:N0}; ports granted twice: {Duplicated.Count}; ports changed: {Changed.Count}");
        text.AppendLine(CultureInfo.InvariantCulture, $"last sweep: {Sweep.Asked:N0} proxies asked again in {Sweep.Took.TotalSeconds:0.0} s, {Sweep.Unanswered.Count} without a port");
        text.AppendLine(CultureInfo.InvariantCulture, $"audit: {Audit.Listed:N0} leases listed; repair {Audit.Repair}; not listed {Audit.Missing.Count}, listed with another port {Audit.Changed.Count}, leaked ports {Audit.Leaked.Count}");
        text.AppendLine(CultureInfo.InvariantCulture, $"stack traces in the nodes' logs: {StackTraces.Count}");
        text.AppendLine(CultureInfo.InvariantCulture, $"violations: {Violations.Count}");
        return text.ToString();
    }
}
