using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Gateway;

/// <summary>A gateway with a second pool, <c>eu</c>, and ranges of its own, for exports and imports.</summary>
public sealed class ExportGatewayFactory() : GatewayHost("7200-7299")
{
    public override string? AdminToken => "export-admin-token-0123456789";

    protected override IReadOnlyDictionary<string, string?> MoreSettings { get; } =
        new Dictionary<string, string?> { ["PortKeeper:Pools:eu"] = "7300-7309" };
}

/// <summary>GET /export and POST /import over HTTP: the document, the dry run that changes nothing, the import's report.</summary>
public sealed class ExportImportTests(ExportGatewayFactory gateway) : IClassFixture<ExportGatewayFactory>
{
    private HttpClient Admin() => gateway.AdminClient();

    private static async Task<JsonObject> ExportAsync(HttpClient admin) =>
        (JsonObject)(await admin.GetFromJsonAsync<JsonNode>(new Uri("/export", UriKind.Relative)))!;

    private static async Task<(HttpStatusCode Status, JsonObject Body)> ImportAsync(HttpClient admin, string document, string query = "")
    {
        using var content = new StringContent(document, Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync(new Uri($"/import{query}", UriKind.Relative), content);
        return (response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    // The leases of every pool, as an export has them: what an import may change.
    private static string Map(JsonObject export) => export["pools"]!.ToJsonString();

    private static JsonObject Pool(JsonObject document, string name) =>
        (JsonObject)document["pools"]!.AsArray().Single(p => (p!["name"] ?? p["pool"])!.GetValue<string>() == name)!;

    private static JsonObject Lease(string protocol, int port, string? user, string? proxy, string? group = null) => new()
    {
        ["protocol"] = protocol, ["port"] = port, ["user"] = user, ["proxy"] = proxy, ["group"] = group,
        ["grantedAt"] = "2024-01-02T03:04:05+00:00", ["lastSeen"] = "2024-01-02T03:04:05+00:00", ["online"] = false,
    };

    private static string Document(params (string Pool, JsonObject[] Leases)[] pools) => new JsonObject
    {
        ["format"] = "portkeeper-export",
        ["version"] = 1,
        ["exportedAt"] = "2024-01-02T03:04:05+00:00",
        ["pools"] = new JsonArray([.. pools.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Pool, ["range"] = "1-65535", ["leases"] = new JsonArray([.. p.Leases]), ["reservations"] = new JsonArray(),
        })]),
    }.ToJsonString();

    [Fact]
    public async Task an_export_holds_every_pool_with_its_proxies_groups_and_limits()
    {
        using var admin = Admin();
        var ssh = (await admin.NewProxyAsync("exported", "ssh")).GrantedPort()!.Value;
        var web = (await admin.NewProxyAsync("exported", "web", group: "exported-web")).GrantedPort()!.Value;
        var eu = (await admin.NewProxyAsync("exported", "dns", type: "udp", pool: "eu")).GrantedPort()!.Value;
        using var limit = JsonContent.Create(new { maxPorts = 4, ports = "7200-7249" });
        (await admin.PutAsync(new Uri("/users/exported/limit", UriKind.Relative), limit)).EnsureSuccessStatusCode();
        using var block = JsonContent.Create(new { block = true });
        (await admin.PutAsync(new Uri("/reservations/udp/7299", UriKind.Relative), block)).EnsureSuccessStatusCode();

        var export = await ExportAsync(admin);

        Assert.Equal("portkeeper-export", export["format"]!.GetValue<string>());
        Assert.Equal(1, export["version"]!.GetValue<int>());
        Assert.Equal(["default", "eu"], export["pools"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        var pool = Pool(export, "default");
        Assert.Equal("7200-7299", pool["range"]!.GetValue<string>());
        var leases = pool["leases"]!.AsArray().Select(l => l!.AsObject()).ToList();
        var proxy = Assert.Single(leases, l => l["proxy"]?.GetValue<string>() == "exported.ssh");
        Assert.Equal(("tcp", ssh, "exported", true), (proxy["protocol"]!.GetValue<string>(), proxy["port"]!.GetValue<int>(), proxy["user"]!.GetValue<string>(), proxy["online"]!.GetValue<bool>()));
        Assert.Null(proxy["group"]);
        var group = Assert.Single(leases, l => l["group"]?.GetValue<string>() == "exported-web");
        Assert.Equal(web, group["port"]!.GetValue<int>());
        Assert.Null(group["user"]);
        Assert.Null(group["proxy"]);
        var blocked = Assert.Single(pool["reservations"]!.AsArray());
        Assert.Equal(("udp", 7299), (blocked!["protocol"]!.GetValue<string>(), blocked["port"]!.GetValue<int>()));
        Assert.Null(blocked["proxy"]);
        var own = Assert.Single(pool["limits"]!["users"]!.AsArray(), u => u!["user"]!.GetValue<string>() == "exported");
        Assert.Equal(4, own!["limit"]!["maxPorts"]!.GetValue<int>());
        Assert.Equal(eu, Assert.Single(Pool(export, "eu")["leases"]!.AsArray(), l => l!["proxy"]!.GetValue<string>() == "exported.dns")!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_dry_run_reports_what_an_import_does_and_changes_nothing_and_the_import_reports_the_same()
    {
        using var admin = Admin();
        var kept = (await admin.NewProxyAsync("dry", "kept")).GrantedPort()!.Value;
        var moved = (await admin.NewProxyAsync("dry", "moved")).GrantedPort()!.Value;
        var taken = (await admin.NewProxyAsync("dry", "taken")).GrantedPort()!.Value;
        var unused = Enumerable.Range(7250, 50).Except([kept, moved, taken]).ToList();
        var free = unused[0];
        var document = Document(
            ("default", [
                Lease("tcp", kept, "dry", "dry.kept"),
                Lease("tcp", unused[1], "dry", "dry.moved"),
                Lease("tcp", taken, "other", "other.thief"),
                Lease("tcp", free, "dry", "dry.new"),
                Lease("udp", free, null, null, "dry-group"),
                Lease("tcp", 9000, "dry", "dry.far"),
            ]),
            ("us", [Lease("tcp", 7201, "dry", "dry.us")]));
        var before = Map(await ExportAsync(admin));

        var (dryStatus, dry) = await ImportAsync(admin, document, "?dryRun=true");
        var after = Map(await ExportAsync(admin));
        var (status, real) = await ImportAsync(admin, document);
        var (_, again) = await ImportAsync(admin, document);

        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.Equal(before, after);
        Assert.True(dry["dryRun"]!.GetValue<bool>());
        var pool = Pool(dry, "default");
        Assert.Equal((2, 1, 3), (pool["imported"]!.GetValue<int>(), pool["unchanged"]!.GetValue<int>(), pool["conflicts"]!.AsArray().Count));
        var reasons = pool["conflicts"]!.AsArray().Select(c => c!["reason"]!.GetValue<string>()).ToList();
        Assert.Contains(reasons, r => r.Contains($"holds port {moved} here and keeps it", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("proxy 'dry.taken' of user 'dry'", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("port 9000 is outside", StringComparison.Ordinal));
        Assert.Contains("pool 'us' is not on this node", Pool(dry, "us")["conflicts"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(real["dryRun"]!.GetValue<bool>());
        dry["dryRun"] = false;
        Assert.Equal(dry.ToJsonString(), real.ToJsonString());
        Assert.Equal((0, 3), (Pool(again, "default")["imported"]!.GetValue<int>(), Pool(again, "default")["unchanged"]!.GetValue<int>()));
        Assert.Equal(free, (await admin.NewProxyAsync("dry", "new")).GrantedPort());
        Assert.Equal(free, (await admin.NewProxyAsync("someone", "www", type: "udp", group: "dry-group")).GrantedPort());
        Assert.Equal(moved, (await admin.NewProxyAsync("dry", "moved")).GrantedPort());
        Assert.Equal(taken, (await admin.NewProxyAsync("dry", "taken")).GrantedPort());
        Assert.NotEqual(taken, (await admin.NewProxyAsync("other", "thief")).GrantedPort());
    }

    [Theory]
    [InlineData("not json", "", 400, "is not a PortKeeper export")]
    [InlineData("""{"format": "something-else", "version": 1, "pools": []}""", "", 400, "is not \"portkeeper-export\"")]
    [InlineData("""{"format": "portkeeper-export", "version": 7, "pools": []}""", "", 400, "version 7 is not one this node reads")]
    [InlineData("""{"format": "portkeeper-export", "version": 1, "pools": []}""", "?dryRun=maybe", 400, "dryRun must be true or false")]
    public async Task a_body_that_is_no_export_gets_a_problem_and_changes_nothing(string body, string query, int status, string detail)
    {
        using var admin = Admin();

        var (code, problem) = await ImportAsync(admin, body, query);

        Assert.Equal(status, (int)code);
        Assert.Contains(detail, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task export_and_import_need_the_token()
    {
        using var anonymous = gateway.CreateClient();

        using var export = await anonymous.GetAsync(new Uri("/export", UriKind.Relative));
        var (status, _) = await ImportAsync(anonymous, Document(("default", [])));

        Assert.Equal(HttpStatusCode.Unauthorized, export.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
