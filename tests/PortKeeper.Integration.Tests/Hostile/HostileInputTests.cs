using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortKeeper.Integration.Tests.Processes;
using Xunit.Abstractions;

namespace PortKeeper.Integration.Tests.Hostile;

/// <summary>
/// A fuzz run against a real node process: seeded requests, most of them damaged, mixed with valid
/// requests of a fixed set of proxies. Re-run a seed with
/// <c>PORTKEEPER_FUZZ_SEED=n PORTKEEPER_FUZZ_REQUESTS=n dotnet test tests/PortKeeper.Integration.Tests -c Release --filter FullyQualifiedName~HostileInputTests</c>.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : IDisposable
{
    private const string Token = "hostile-admin-token-0123";
    private const int Connections = 8;
    private const int MaxBodyBytes = 65536;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly string _data = Directory.CreateTempSubdirectory("portkeeper-hostile-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task generated_requests_get_well_formed_answers_and_leave_the_map_as_the_valid_ones_made_it()
    {
        var seed = Setting("PORTKEEPER_FUZZ_SEED", 20260808);
        var count = Setting("PORTKEEPER_FUZZ_REQUESTS", 10_000);
        output.WriteLine($"seed {seed}, {count} requests, {Connections} connections; again with: PORTKEEPER_FUZZ_SEED={seed} PORTKEEPER_FUZZ_REQUESTS={count} "
            + "dotnet test tests/PortKeeper.Integration.Tests -c Release --filter FullyQualifiedName~HostileInputTests");
        await using var node = await NodeProcess.StartAsync("--allow-ports", HostileCases.AllowPorts, "--data-dir", _data, "--admin-token", Token);
        using var http = HostileWire.Client(node.BaseAddress, Connections);
        var ports = await FirstPortsAsync(node.Http);
        var before = await SnapshotAsync(node.Http);

        var run = await HostileRun.RunAsync(http, HostileCases.Generate(seed, count, MaxBodyBytes), ports, Connections, Deadline);
        output.WriteLine(run.Figures());
        run.Failures.Take(2000).ToList().ForEach(output.WriteLine);
        NodeLog.Errors(node.Output, 40).ToList().ForEach(output.WriteLine);

        Assert.True(run.Failures.Count == 0, $"{run.Failures.Count} answers were wrong:\n{string.Join('\n', run.Failures.Take(40))}");
        Assert.Equal(before, await SnapshotAsync(node.Http));
        Assert.False(node.HasExited);
        Assert.True((await node.Http.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).IsSuccessStatusCode);
        Assert.Equal(ports[HostileCases.Known[0]], (await node.Http.NewProxyAsync("alice", "ssh")).GrantedPort());
        NodeLog.AssertNoStackTrace(node.Output);
    }

    // The first NewProxy of each proxy of the fixed set, which grants the ports every later one must get.
    private static async Task<Dictionary<KnownProxy, int>> FirstPortsAsync(HttpClient http)
    {
        var ports = new Dictionary<KnownProxy, int>();
        foreach (var proxy in HostileCases.Known)
        {
            using var content = new ByteArrayContent(HostileCases.Plain(proxy));
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync(new Uri($"{HostileCases.PluginPath}?version=0.1.0&op=NewProxy", UriKind.Relative), content);
            var answer = (JsonObject)(await response.Content.ReadFromJsonAsync<JsonNode>())!;
            if (proxy.TakesPort)
            {
                ports[proxy] = answer.GrantedPort() ?? throw new InvalidOperationException($"{proxy.Name} got no port: {answer.ToJsonString()}");
            }
        }
        Assert.Equal(20100, ports[HostileCases.Known.Single(p => p.Name == "bob.web")]);
        Assert.Equal(ports[HostileCases.Known.Single(p => p.Name == "carol.lb")], ports[HostileCases.Known.Single(p => p.Name == "dave.lb")]);
        return ports;
    }

    private static Task<string> SnapshotAsync(HttpClient http) => MapSnapshot.TakeAsync(http, Token,
        HostileCases.Known.Select(p => p.User).Concat(HostileCases.FuzzUsers),
        [("tcp", "lbgroup")]);

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
