using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortKeeper.Contracts;
using PortKeeper.Integration.Tests.Processes;

namespace PortKeeper.Integration.Tests.Gateway;

[Collection(GatewayCollection.Name)]
public sealed class AdminTests(GatewayFactory gateway, LoadGatewayFactory tokenless) : IClassFixture<LoadGatewayFactory>
{
    private static string NewProxy(string user, string name, int? port = null) =>
        FrpsRequests.NewProxy(user, name, remotePort: port).ToJsonString();

    private HttpClient Admin(string? token = null) => gateway.AdminClient(token);

    [Fact]
    public async Task operator_reads_and_releases_a_lease_and_its_port_goes_to_the_next_proxy_that_asks()
    {
        var (_, granted) = await gateway.PostAsync(NewProxy("admin", "gone"), "NewProxy");
        var port = granted["content"]!["remote_port"]!.GetValue<int>();
        using var admin = Admin();
        await admin.CloseProxyAsync("admin", "gone");

        var read = await admin.GetFromJsonAsync<LeaseInfo>(new Uri("/leases/tcp/proxy/admin.gone", UriKind.Relative));
        using var released = await admin.DeleteAsync(new Uri("/leases/tcp/proxy/admin.gone", UriKind.Relative));
        using var missing = await admin.GetAsync(new Uri("/leases/tcp/proxy/admin.gone", UriKind.Relative));
        var (_, taken) = await gateway.PostAsync(NewProxy("admin", "next", port), "NewProxy");
        var pool = await admin.GetFromJsonAsync<PoolStats>(new Uri("/pool", UriKind.Relative));

        Assert.Equal(port, read?.Port);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal(port, (await released.Content.ReadFromJsonAsync<LeaseInfo>())?.Port);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(port, taken["content"]!["remote_port"]!.GetValue<int>());
        Assert.Equal("6000-6999", pool?.Range);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-token-0123456789", HttpStatusCode.Unauthorized)]
    public async Task admin_calls_without_the_token_are_refused_and_change_nothing(string? token, HttpStatusCode expected)
    {
        await gateway.PostAsync(NewProxy("admin", "kept"), "NewProxy");
        using var client = gateway.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var release = await client.DeleteAsync(new Uri("/leases/tcp/proxy/admin.kept", UriKind.Relative));
        using var pool = await client.GetAsync(new Uri("/pool", UriKind.Relative));

        Assert.Equal(expected, release.StatusCode);
        Assert.Equal(expected, pool.StatusCode);
        Assert.NotNull(await gateway.LeaseAsync("tcp/proxy/admin.kept"));
    }

    [Fact]
    public async Task admin_api_is_off_without_a_configured_token()
    {
        using var client = tokenless.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "anything-0123456789");

        using var response = await client.GetAsync(new Uri("/pool", UriKind.Relative));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("--admin-token", problem?["detail"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/leases/tcp/proxy/nobody.here", HttpStatusCode.NotFound)]
    [InlineData("/leases/sctp/proxy/x.y", HttpStatusCode.BadRequest)]
    [InlineData("/leases/tcp/box/x.y", HttpStatusCode.BadRequest)]
    public async Task unknown_or_malformed_lease_names_get_a_problem(string path, HttpStatusCode expected)
    {
        using var admin = Admin();

        using var response = await admin.DeleteAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task every_proxy_name_is_addressable_by_query_and_a_user_lists_its_leases()
    {
        var (_, granted) = await gateway.PostAsync(NewProxy("ü", "ssh/../x"), "NewProxy");
        await gateway.PostAsync(NewProxy("ü", "web"), "NewProxy");
        var port = granted["content"]!["remote_port"]!.GetValue<int>();
        var lease = $"/lease?protocol=tcp&user={Uri.EscapeDataString("ü")}&proxy={Uri.EscapeDataString("ü.ssh/../x")}";
        using var admin = Admin();

        var read = await admin.GetFromJsonAsync<LeaseInfo>(new Uri(lease, UriKind.Relative));
        var listed = (await admin.GetFromJsonAsync<UserView>(new Uri($"/users/{Uri.EscapeDataString("ü")}", UriKind.Relative)))!.Leases;
        using var released = await admin.DeleteAsync(new Uri(lease + "&force=true", UriKind.Relative));
        using var missing = await admin.GetAsync(new Uri(lease, UriKind.Relative));

        Assert.Equal(port, read?.Port);
        Assert.Equal("ü", read?.User);
        Assert.Equal(["ü.ssh/../x", "ü.web"], listed!.Select(l => l.LastProxyName));
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("/lease?protocol=tcp")]
    [InlineData("/lease?proxy=a.b")]
    [InlineData("/lease?protocol=sctp&proxy=a.b")]
    [InlineData("/lease?protocol=tcp&proxy=a.b&group=g")]
    public async Task lease_queries_that_name_no_lease_get_a_problem(string path)
    {
        using var admin = Admin();

        using var response = await admin.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/leases/tcp/proxy/admin.live")]
    [InlineData("/lease?protocol=tcp&user=admin&proxy=admin.live")]
    public async Task release_of_a_connected_proxy_is_refused_unless_forced_and_says_why(string lease)
    {
        var (_, granted) = await gateway.PostAsync(NewProxy("admin", "live"), "NewProxy");
        var port = granted["content"]!["remote_port"]!.GetValue<int>();
        using var admin = Admin();
        var force = lease.Contains('?', StringComparison.Ordinal) ? "&force=true" : "?force=true";

        using var refused = await admin.DeleteAsync(new Uri(lease, UriKind.Relative));
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
        var kept = await gateway.LeaseAsync("tcp/proxy/admin.live");
        using var forced = await admin.DeleteAsync(new Uri(lease + force, UriKind.Relative));
        var (_, taken) = await gateway.PostAsync(NewProxy("admin", "taker", port), "NewProxy");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var detail = problem?["detail"]?.GetValue<string>();
        Assert.Contains("is connected", detail, StringComparison.Ordinal);
        Assert.Contains("?force=true", detail, StringComparison.Ordinal);
        Assert.Contains("port already used", detail, StringComparison.Ordinal);
        Assert.Equal(port, kept?.Port);
        Assert.True(kept?.Online);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        Assert.Equal(port, taken["content"]!["remote_port"]!.GetValue<int>());
        await gateway.PostAsync(FrpsRequests.NewProxy("admin", "live").ToJsonString(), "NewProxy");
    }

    [Fact]
    public async Task release_with_a_force_that_is_no_boolean_is_a_bad_request()
    {
        await gateway.PostAsync(NewProxy("admin", "forced"), "NewProxy");
        using var admin = Admin();

        using var response = await admin.DeleteAsync(new Uri("/leases/tcp/proxy/admin.forced?force=yes", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(await gateway.LeaseAsync("tcp/proxy/admin.forced"));
    }
}
