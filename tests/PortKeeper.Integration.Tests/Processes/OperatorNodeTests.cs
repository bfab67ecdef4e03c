using System.Net;
using System.Net.Http.Json;
using System.Text;
using PortKeeper.Integration.Tests.Gateway;
using PortKeeper.Integration.Tests.Postgres;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>The operators' API of real nodes on one PostgreSQL: limits and listings hold across the cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OperatorNodeTests(PostgresServer server)
{
    private const string Token = "operator-token-0123456789";

    [Fact]
    public async Task the_default_limit_refuses_a_users_second_proxy_until_an_operator_on_another_node_raises_it()
    {
        var db = await server.CreateDatabaseAsync("operator_limits");
        string[] node = ["--allow-ports", "21000-21099", "--postgres", db, "--cluster-id", "limits", "--admin-token", Token, "--max-ports-per-user", "1"];
        var nodes = await Task.WhenAll(NodeProcess.StartAsync(node), NodeProcess.StartAsync(node));
        await using var a = nodes[0];
        await using var b = nodes[1];

        var first = (await a.Http.NewProxyAsync("carol", "ssh")).GrantedPort();
        var refused = await b.Http.NewProxyAsync("carol", "web");
        using var raise = new HttpRequestMessage(HttpMethod.Put, new Uri("/users/carol/limit", UriKind.Relative))
        {
            Content = new StringContent("""{"maxPorts": 2}""", Encoding.UTF8, "application/json"),
        };
        raise.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var raised = await b.Http.SendAsync(raise);
        var second = (await a.Http.NewProxyAsync("carol", "web")).GrantedPort();
        using var listing = await a.Http.AdminGetAsync(Token, "/leases?user=carol");
        var page = await listing.Content.ReadFromJsonAsync<PageView>();

        Assert.NotNull(first);
        Assert.Contains("already holds 1 port,", refused["reject_reason"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        Assert.NotNull(second);
        Assert.Equal(new[] { first!.Value, second!.Value }.Order(), page!.Items.Select(l => l.Port));
    }
}
