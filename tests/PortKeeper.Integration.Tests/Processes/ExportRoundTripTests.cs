using System.Text.Json.Nodes;
using PortKeeper.Integration.Tests.Postgres;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>A node's map moved with the operator commands (exported from the embedded store, imported into PostgreSQL) and with --import at start-up.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ExportRoundTripTests(PostgresServer server) : IDisposable
{
    private const string Token = "round-trip-admin-token-0123";

    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-round-trip-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static string[] Pools => ["--allow-ports", "22000-22199", "--pool", "eu=22200-22209", "--admin-token", Token];

    // Every proxy of the test: user, proxy name, protocol, group, pool.
    private static readonly (string User, string Name, string Type, string? Group, string? Pool)[] Proxies =
    [
        .. Enumerable.Range(0, 20).Select(i => ($"user{i % 7}", $"app{i}", i % 3 == 0 ? "udp" : "tcp", (string?)null, (string?)null)),
        ("user1", "www", "tcp", "web", null),
        ("user2", "www", "tcp", "web", null),
        ("user3", "vpn", "udp", null, "eu"),
    ];

    private static async Task<Dictionary<string, int>> PortsAsync(NodeProcess node) =>
        (await Task.WhenAll(Proxies.Select(async p => (Key: $"{p.Pool}/{p.Type}/{p.User}.{p.Name}",
            Port: (await node.Http.NewProxyAsync(p.User, p.Name, p.Type, group: p.Group, pool: p.Pool)).GrantedPort()
                ?? throw new InvalidOperationException($"{p.User}.{p.Name} was refused:\n{node.Output}")))))
        .ToDictionary(p => p.Key, p => p.Port);

    private static async Task<string> RunAsync(NodeProcess node, params string[] args)
    {
        var (exitCode, output, error) = await NodeProcess.RunProgramAsync("Gateway", [.. args, "--node", node.BaseAddress.ToString(), "--token", Token]);
        Assert.True(exitCode == 0, $"{string.Join(' ', args)} exited {exitCode}: {error}");
        return output;
    }

    // Every proxy gets a port from a node on the embedded store, whose map, with user4's limit of 5 and a
    // free TCP port reserved for user5.later, is then exported to the file; the ports and the reserved one.
    private async Task<(Dictionary<string, int> Ports, int Reserved)> ExportFromEmbeddedAsync(string file)
    {
        await using var embedded = await NodeProcess.StartAsync([.. Pools, "--data-dir", Path.Combine(_data, "store")]);
        var ports = await PortsAsync(embedded);
        var reserved = Enumerable.Range(22000, 200).First(p => !ports.ContainsValue(p));
        await RunAsync(embedded, "limit", "user4", "--max-ports", "5");
        await RunAsync(embedded, "reserve", "tcp", $"{reserved}", "user5", "user5.later");
        await RunAsync(embedded, "export", "-o", file);
        return (ports, reserved);
    }

    [Fact]
    public async Task every_proxy_exported_from_the_embedded_store_gets_its_port_from_a_node_on_postgres_after_the_import()
    {
        var file = Path.Combine(_data, "export.json");
        var (before, reserved) = await ExportFromEmbeddedAsync(file);
        var db = await server.CreateDatabaseAsync("export_round_trip");
        await using var postgres = await NodeProcess.StartAsync([.. Pools, "--postgres", db]);

        var dryRun = JsonNode.Parse(await RunAsync(postgres, "import", file, "--dry-run", "--json"))!;
        var import = JsonNode.Parse(await RunAsync(postgres, "import", file, "--json"))!;
        var after = await PortsAsync(postgres);
        var limit = JsonNode.Parse(await RunAsync(postgres, "user", "user4", "--json"))!;

        var leases = before.Values.Count - 1; // the two members of group web share one lease
        Assert.Equal((leases, 0), (dryRun["imported"]!.GetValue<int>(), dryRun["conflicts"]!.GetValue<int>()));
        Assert.Equal((leases, 0, 0), (import["imported"]!.GetValue<int>(), import["unchanged"]!.GetValue<int>(), import["conflicts"]!.GetValue<int>()));
        Assert.Equal(before, after);
        Assert.Equal(5, limit["limits"]!["maxPorts"]!.GetValue<int>());
        Assert.Equal(1, import["pools"]![0]!["reservationsImported"]!.GetValue<int>());
        Assert.Equal(reserved, (await postgres.Http.NewProxyAsync("user5", "later")).GrantedPort());
    }

    [Fact]
    public async Task an_export_given_to_import_at_start_up_is_taken_over_once()
    {
        var file = Path.Combine(_data, "export.json");
        var (before, _) = await ExportFromEmbeddedAsync(file);
        string[] args = [.. Pools, "--data-dir", Path.Combine(_data, "second"), "--import", file];
        await using (var second = await NodeProcess.StartAsync(args))
        {
            Assert.Contains("Imported", second.Output, StringComparison.Ordinal);
            Assert.Equal(before, await PortsAsync(second));
            await RunAsync(second, "release", "tcp", "user0", "user0.app7", "--force");
        }

        await using var third = await NodeProcess.StartAsync(args);
        Assert.Contains("taken over by an earlier import", third.Output, StringComparison.Ordinal);
        Assert.Equal(1, (await NodeProcess.RunProgramAsync("Gateway", "lease", "tcp", "user0", "user0.app7", "--node", third.BaseAddress.ToString(), "--token", Token)).ExitCode);
    }
}
