using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PortKeeper.Contracts;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Gateway;

/// <summary>A gateway with the default pool and a pool "eu" of the same ports.</summary>
public sealed class PoolsGatewayFactory() : GatewayHost("7100-7104")
{
    public override string? AdminToken => "pools-admin-token-0123456789";

    protected override IReadOnlyDictionary<string, string?> MoreSettings { get; } =
        new Dictionary<string, string?> { ["PortKeeper:Pools:eu"] = "7100-7104" };
}

public sealed class PoolsTests(PoolsGatewayFactory gateway) : IClassFixture<PoolsGatewayFactory>
{
    [Fact]
    public async Task the_same_user_and_proxy_in_two_pools_get_ports_of_their_own()
    {
        using var http = gateway.CreateClient();

        var home = (await http.NewProxyAsync("twin", "ssh", remotePort: 7101)).GrantedPort();
        var eu = (await http.NewProxyAsync("twin", "ssh", remotePort: 7102, pool: "eu")).GrantedPort();
        var homeAgain = (await http.NewProxyAsync("twin", "ssh")).GrantedPort();
        var euAgain = (await http.NewProxyAsync("twin", "ssh", pool: "eu")).GrantedPort();

        Assert.Equal((7101, 7102, 7101, 7102), (home, eu, homeAgain, euAgain));
    }

    [Fact]
    public async Task a_port_held_in_one_pool_is_free_in_the_other_and_held_there_for_its_own_proxy()
    {
        using var http = gateway.CreateClient();

        var held = (await http.NewProxyAsync("anna", "web", remotePort: 7103)).GrantedPort();
        var other = (await http.NewProxyAsync("bert", "web", remotePort: 7103, pool: "eu")).GrantedPort();
        var refusedHome = await http.NewProxyAsync("carl", "web", remotePort: 7103);
        var refusedEu = await http.NewProxyAsync("anna", "web", remotePort: 7103, pool: "eu");

        Assert.Equal((7103, 7103), (held, other));
        Assert.True(refusedHome["reject"]!.GetValue<bool>());
        Assert.True(refusedEu["reject"]!.GetValue<bool>());
        Assert.Contains("already kept for another proxy", refusedEu["reject_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("bert", (await gateway.Grains.Pool("eu").GetHolderAsync(Protocol.Tcp, 7103))?.User);
        Assert.Equal("anna", (await gateway.Grains.Pool("default").GetHolderAsync(Protocol.Tcp, 7103))?.User);
    }

    [Theory]
    [InlineData("/port-registrations/us")]
    [InlineData("/port-registrations/default")]
    [InlineData("/port-registrations/EU")]
    public async Task a_path_of_no_pool_gets_404_in_json_and_nothing_is_allocated(string path)
    {
        using var http = gateway.CreateClient();
        using var body = new StringContent(FrpsRequests.NewProxy("lost", "ssh").ToJsonString(), Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(new Uri($"{path}?version=0.1.0&op=NewProxy", UriKind.Relative), body);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("NOTFOUND", answer["error"]!.GetValue<string>());
        Assert.Contains("/port-registrations/eu", answer["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await gateway.Grains.User("default", "lost").GetAsync(Protocol.Tcp, "lost.ssh"));
    }

    [Fact]
    public async Task the_admin_api_reads_lists_and_releases_in_the_pool_it_is_asked_about()
    {
        using var http = gateway.CreateClient();
        var port = (await http.NewProxyAsync("dora", "db", pool: "eu")).GrantedPort();

        var pools = await Json<List<PoolStats>>(http, "/pools");
        var eu = await Json<PoolStats>(http, "/pool?pool=eu");
        var lease = await Json<LeaseInfo>(http, "/lease?protocol=tcp&user=dora&proxy=dora.db&pool=eu");
        var listed = (await Json<UserView>(http, "/users/dora?pool=eu")).Leases;
        using var notHome = await http.AdminGetAsync(gateway.AdminToken!, "/leases/tcp/proxy/dora.db");
        using var noPool = await http.AdminGetAsync(gateway.AdminToken!, "/pool?pool=us");

        Assert.Equal(["default", "eu"], pools.Select(p => p.Pool));
        Assert.Equal(("eu", "7100-7104"), (eu.Pool, eu.Range));
        Assert.Equal(port, lease.Port);
        Assert.Equal([port!.Value], listed.Select(l => l.Port));
        Assert.Equal([port!.Value], (await Json<PageView>(http, "/leases?pool=eu")).Items.Select(l => l.Port));
        Assert.Equal(HttpStatusCode.NotFound, notHome.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noPool.StatusCode);
        Assert.Contains("the pools are default, eu", await noPool.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var release = new HttpRequestMessage(HttpMethod.Delete, new Uri("/leases/tcp/proxy/dora.db?pool=eu&force=true", UriKind.Relative));
        release.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", gateway.AdminToken);
        using var released = await http.SendAsync(release);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Null(await gateway.Grains.User("eu", "dora").GetAsync(Protocol.Tcp, "dora.db"));
    }

    [Fact]
    public async Task pool_gauges_carry_the_pool_name()
    {
        using var http = gateway.CreateClient();

        var text = await http.ScrapeUntilAsync(t =>
            Regex.IsMatch(t, "^portkeeper_pool_size\\{[^}]*pool=\"eu\"[^}]*\\} 5$", RegexOptions.Multiline)
            && Regex.IsMatch(t, "^portkeeper_pool_size\\{[^}]*pool=\"default\"[^}]*\\} 5$", RegexOptions.Multiline));

        Assert.Matches(new Regex("^portkeeper_pool_taken\\{[^}]*pool=\"eu\"[^}]*protocol=\"udp\"[^}]*\\} 0$", RegexOptions.Multiline), text);
    }

    private async Task<T> Json<T>(HttpClient http, string path)
    {
        using var response = await http.AdminGetAsync(gateway.AdminToken!, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
