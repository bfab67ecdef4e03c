using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Gateway;

/// <summary>The operators' views over a pool: every lease with filters and pages, a user, a group.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OperatorTests(GatewayFactory gateway)
{
    private HttpClient Admin() => gateway.AdminClient();

    private static async Task<PageView> PageAsync(HttpClient admin, string query) =>
        (await admin.GetFromJsonAsync<PageView>(new Uri($"/leases?{query}", UriKind.Relative)))!;

    [Fact]
    public async Task leases_are_listed_in_port_order_a_page_at_a_time_until_the_last_page()
    {
        using var admin = Admin();
        var ports = new List<int>();
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            ports.Add((await admin.NewProxyAsync("paged", name)).GrantedPort()!.Value);
        }

        var first = await PageAsync(admin, "user=paged&limit=2");
        var second = await PageAsync(admin, $"user=paged&limit=2&after={first.Next}");
        var third = await PageAsync(admin, $"user=paged&limit=2&after={second.Next}");

        Assert.Equal(ports.Order(), first.Items.Concat(second.Items).Concat(third.Items).Select(l => l.Port));
        Assert.All(first.Items.Concat(second.Items).Concat(third.Items), l => Assert.Equal("paged", l.User));
        Assert.NotNull(second.Next);
        Assert.Single(third.Items);
        Assert.Null(third.Next);
    }

    [Fact]
    public async Task filters_keep_only_the_leases_they_name()
    {
        using var admin = Admin();
        var ssh = (await admin.NewProxyAsync("filtered", "ssh", runId: "f1")).GrantedPort()!.Value;
        var dns = (await admin.NewProxyAsync("filtered", "dns", type: "udp", runId: "f1")).GrantedPort()!.Value;
        var web = (await admin.NewProxyAsync("filtered", "web", runId: "f1")).GrantedPort()!.Value;
        await admin.CloseProxyAsync("filtered", "web", runId: "f1");

        var udp = await PageAsync(admin, "user=filtered&protocol=udp");
        var offline = await PageAsync(admin, "user=filtered&online=false");
        var online = await PageAsync(admin, "user=filtered&online=true&protocol=tcp");
        var named = await PageAsync(admin, "user=filtered&q=SS");
        var byPort = await PageAsync(admin, $"from={ssh}&to={ssh}&protocol=tcp");
        var nobody = await PageAsync(admin, "user=filtered&q=nothing-like-this");

        Assert.Equal([dns], udp.Items.Select(l => l.Port));
        Assert.Equal(["filtered.web"], offline.Items.Select(l => l.LastProxyName));
        Assert.Equal([ssh], online.Items.Select(l => l.Port));
        Assert.Equal(["filtered.ssh"], named.Items.Select(l => l.LastProxyName));
        Assert.Equal(["filtered.ssh"], byPort.Items.Select(l => l.LastProxyName));
        Assert.Empty(nobody.Items);
        Assert.NotEqual(web, ssh);
    }

    [Theory]
    [InlineData("protocol=sctp", "protocol must be tcp or udp")]
    [InlineData("from=0", "from must be a port")]
    [InlineData("from=20&to=10", "is above to")]
    [InlineData("limit=0", "limit must be a whole number from 1 to 1000")]
    [InlineData("limit=1001", "limit must be a whole number from 1 to 1000")]
    [InlineData("online=maybe", "online must be true or false")]
    [InlineData("after=tcp-5", "after must be a cursor")]
    [InlineData("user=a&user=b", "'user' is given more than once")]
    public async Task a_bad_lease_query_gets_a_problem_naming_what_is_wrong(string query, string expected)
    {
        using var admin = Admin();

        using var response = await admin.GetAsync(new Uri($"/leases?{query}", UriKind.Relative));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, problem?["detail"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_leaving_customer_is_released_all_at_once_and_not_while_a_proxy_is_connected()
    {
        using var admin = Admin();
        var kept = (await admin.NewProxyAsync("leaving", "kept", runId: "l1")).GrantedPort()!.Value;
        await admin.NewProxyAsync("leaving", "gone", runId: "l1");
        await admin.CloseProxyAsync("leaving", "gone", runId: "l1");

        using var refused = await admin.DeleteAsync(new Uri("/users/leaving", UriKind.Relative));
        var unchanged = await admin.GetFromJsonAsync<UserView>(new Uri("/users/leaving", UriKind.Relative));
        using var forced = await admin.DeleteAsync(new Uri("/users/leaving?force=true", UriKind.Relative));
        var released = await forced.Content.ReadFromJsonAsync<UserView>();
        using var afterwards = await admin.GetAsync(new Uri("/users/leaving", UriKind.Relative));
        using var holder = await admin.GetAsync(new Uri($"/ports/tcp/{kept}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("leaving.kept", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, unchanged!.Leases.Count);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal(["leaving.gone", "leaving.kept"], released!.Leases.Select(l => l.LastProxyName).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, afterwards.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, holder.StatusCode);
    }

    [Fact]
    public async Task a_group_shows_its_port_and_members_of_every_user()
    {
        using var admin = Admin();
        var port = (await admin.NewProxyAsync("ann", "web", group: "shop")).GrantedPort();
        await admin.NewProxyAsync("bob", "web", group: "shop");
        await admin.CloseProxyAsync("bob", "web");

        var group = await admin.GetFromJsonAsync<GroupView>(new Uri("/groups/tcp/shop", UriKind.Relative));
        using var missing = await admin.GetAsync(new Uri("/groups/udp/shop", UriKind.Relative));
        var listed = await PageAsync(admin, "q=shop");

        Assert.Equal(port, group!.Lease.Port);
        Assert.Equal([("ann", "ann.web", true), ("bob", "bob.web", false)], group.Members.Select(m => (m.User, m.ProxyName, m.Online)));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains(listed.Items, l => l.Key == "tcp/group/shop" && l.Port == port);
    }

    [Fact]
    public async Task the_node_serves_an_openapi_document_of_its_operator_api()
    {
        using var client = gateway.CreateClient();

        var document = await client.GetFromJsonAsync<JsonObject>(new Uri("/openapi/v1.json", UriKind.Relative));
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Contains("/leases", paths);
        Assert.Contains("/users/{user}", paths);
        Assert.Contains("/ports/{protocol}/{port}", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/port-registrations", StringComparison.Ordinal));
    }
}
