using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Gateway;

/// <summary>Per-user limits set by an operator over the admin API, as frps's NewProxy meets them.</summary>
[Collection(GatewayCollection.Name)]
public sealed class LimitTests(GatewayFactory gateway)
{
    private HttpClient Admin() => gateway.AdminClient();

    private static async Task<HttpResponseMessage> PutLimitAsync(HttpClient admin, string user, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await admin.PutAsync(new Uri($"/users/{user}/limit", UriKind.Relative), content);
    }

    [Fact]
    public async Task a_user_past_its_limit_is_refused_with_a_reason_and_a_lowered_limit_takes_no_port_away()
    {
        using var admin = Admin();
        (await PutLimitAsync(admin, "capped", """{"maxPorts": 2}""")).Dispose();
        var ssh = (await admin.NewProxyAsync("capped", "ssh")).GrantedPort();
        var web = (await admin.NewProxyAsync("capped", "web")).GrantedPort();

        var third = await admin.NewProxyAsync("capped", "db");
        (await PutLimitAsync(admin, "capped", """{"maxPorts": 1}""")).Dispose();
        var sshAgain = (await admin.NewProxyAsync("capped", "ssh")).GrantedPort();
        var webAgain = (await admin.NewProxyAsync("capped", "web")).GrantedPort();
        var user = await admin.GetFromJsonAsync<UserView>(new Uri("/users/capped", UriKind.Relative));
        using var cleared = await admin.DeleteAsync(new Uri("/users/capped/limit", UriKind.Relative));
        var afterClear = (await admin.NewProxyAsync("capped", "db")).GrantedPort();

        Assert.NotNull(ssh);
        Assert.NotNull(web);
        Assert.True(third["reject"]!.GetValue<bool>());
        Assert.Contains("user 'capped' already holds 2 ports", third["reject_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((ssh, web), (sshAgain, webAgain));
        Assert.Equal((1, 2), (user!.Limits!.MaxPorts, user.Limits.Held));
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.NotNull(afterClear);
    }

    [Fact]
    public async Task a_user_with_ports_of_its_own_gets_one_of_them_and_is_refused_a_port_outside()
    {
        using var admin = Admin();
        using var set = await PutLimitAsync(admin, "ranged", """{"ports": "6990-6994"}""");

        var port = (await admin.NewProxyAsync("ranged", "ssh")).GrantedPort();
        var outside = await admin.NewProxyAsync("ranged", "web", remotePort: 6100);
        var limits = await admin.GetFromJsonAsync<LimitsView>(new Uri("/limits", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.InRange(port!.Value, 6990, 6994);
        Assert.Contains("port 6100 of proxy 'ranged.web' is outside the ports this server allows user 'ranged' (6990-6994)", outside["reject_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(limits!.Users, l => l.User == "ranged" && l.Limit.Ports == "6990-6994");
        Assert.Equal(0, limits.MaxPortsPerUser);
    }

    [Theory]
    [InlineData("""{"maxPorts": -1}""", "maxPorts must be 0 (no limit) or more")]
    [InlineData("""{"ports": "abc"}""", "ports: 'abc' is not a port")]
    [InlineData("""{"ports": "6990-7010"}""", "ports 7000-7010 are outside the pool's ports 6000-6999")]
    [InlineData("""{"maxPorts": "many"}""", "send a JSON body")]
    [InlineData("not json", "send a JSON body")]
    [InlineData("", "send a JSON body")]
    public async Task a_bad_limit_gets_a_problem_and_changes_nothing(string body, string expected)
    {
        using var admin = Admin();

        using var response = await PutLimitAsync(admin, "unlimited", body);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        using var user = await admin.GetAsync(new Uri("/users/unlimited", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, problem?["detail"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, user.StatusCode);
    }

    [Fact]
    public async Task every_operator_change_is_counted_by_action_and_result_in_metrics()
    {
        using var admin = Admin();
        using var done = await PutLimitAsync(admin, "audited", """{"maxPorts": 3}""");
        using var refused = await PutLimitAsync(admin, "audited", """{"maxPorts": -3}""");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest), (done.StatusCode, refused.StatusCode));

        var text = await admin.ScrapeUntilAsync(t =>
            t.Contains("action=\"set_limit\",result=\"done\"", StringComparison.Ordinal)
            && t.Contains("action=\"set_limit\",result=\"refused\"", StringComparison.Ordinal));

        Assert.Contains("portkeeper_admin_changes_total", text, StringComparison.Ordinal);
    }
}
