using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
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
        using var raised = await SendAsync(b, HttpMethod.Put, "/users/carol/limit", """{"maxPorts": 2}""");
        var second = (await a.Http.NewProxyAsync("carol", "web")).GrantedPort();
        using var listing = await a.Http.AdminGetAsync(Token, "/leases?user=carol");
        var page = await listing.Content.ReadFromJsonAsync<PageView>();

        Assert.NotNull(first);
        Assert.Contains("already holds 1 port,", refused["reject_reason"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        Assert.NotNull(second);
        Assert.Equal(new[] { first!.Value, second!.Value }.Order(), page!.Items.Select(l => l.Port));
    }

    [Fact]
    public async Task reservations_and_blocks_keep_ports_from_automatic_allocation_through_a_kill_of_the_embedded_node()
    {
        var data = Directory.CreateTempSubdirectory("portkeeper-reservations-").FullName;
        try
        {
            string[] node = ["--allow-ports", "22000-22002", "--data-dir", data, "--admin-token", Token];
            int? first, second, reserved;
            JsonObject full, blockedAsked;
            await using (var a = await NodeProcess.StartAsync(node))
            {
                using var block = await SendAsync(a, HttpMethod.Put, "/reservations/tcp/22000", """{"block": true}""");
                using var keep = await SendAsync(a, HttpMethod.Put, "/reservations/tcp/22001", """{"proxy": "bob.nas"}""");
                first = (await a.Http.NewProxyAsync("alice", "a")).GrantedPort();
                full = await a.Http.NewProxyAsync("alice", "b");
                blockedAsked = await a.Http.NewProxyAsync("alice", "c", remotePort: 22000);
                Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (block.StatusCode, keep.StatusCode));
                await a.KillAsync();
            }
            await using var b = await NodeProcess.StartAsync(node);
            var listed = await (await b.Http.AdminGetAsync(Token, "/reservations")).Content.ReadFromJsonAsync<List<ReservationView>>();
            using var who = await b.Http.AdminGetAsync(Token, "/ports/tcp/22001");
            reserved = (await b.Http.NewProxyAsync("bob", "nas")).GrantedPort();
            using var unblock = await SendAsync(b, HttpMethod.Delete, "/reservations/tcp/22000", null);
            second = (await b.Http.NewProxyAsync("alice", "b")).GrantedPort();

            Assert.Equal(22002, first);
            Assert.Contains("every port of 22000-22002 is kept for another proxy", full["reject_reason"]?.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("port 22000 is reserved by the frps operator", blockedAsked["reject_reason"]?.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal([(22000, null, null), (22001, "bob", "bob.nas")], listed!.Select(r => (r.Port, r.User, r.Proxy)));
            Assert.Contains("reserved for proxy 'bob.nas' of user 'bob'", await who.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(22001, reserved);
            Assert.Equal(HttpStatusCode.OK, unblock.StatusCode);
            Assert.Equal(22000, second);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(NodeProcess node, HttpMethod method, string path, string? body) =>
        node.Http.AdminSendAsync(Token, method, path, body);

    private sealed record ReservationView(string Protocol, int Port, string? User, string? Proxy, DateTimeOffset Since);
}
