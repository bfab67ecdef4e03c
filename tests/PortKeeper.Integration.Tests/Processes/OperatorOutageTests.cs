using System.Net;
using PortKeeper.Integration.Tests.Postgres;

namespace PortKeeper.Integration.Tests.Processes;

/// <summary>What an operator gets from a real node while its PostgreSQL is down: a 503 that says what could not be done, and nothing changed.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OperatorOutageTests(PostgresServer server)
{
    private const string Token = "outage-admin-token-0123456789";

    [Fact]
    public async Task release_repair_and_limits_answer_503_in_words_while_the_database_is_down_and_nothing_changes()
    {
        var db = await server.CreateDatabaseAsync("operator_outage");
        await using var node = await NodeProcess.StartAsync("--allow-ports", "20000-20999", "--postgres", db, "--cluster-id", "operator", "--admin-token", Token);
        var port = (await node.Http.NewProxyAsync("ops", "kept")).GrantedPort();
        Assert.NotNull(port);

        await server.StopAsync();
        (HttpStatusCode Status, string? Type, string Body) release, repair, limits;
        try
        {
            release = await AskAsync(node, HttpMethod.Delete, "/leases/tcp/proxy/ops.kept?force=true");
            repair = await AskAsync(node, HttpMethod.Post, "/pool/repair");
            limits = await AskAsync(node, HttpMethod.Get, "/limits");
        }
        finally
        {
            await server.StartAsync();
        }

        // The pool reloads after its failed write, so repair and limits find it unable to start
        // (storage down) or unable to read: either way a 503 in words.
        foreach (var (answer, says) in new[] { (release, "keeps its port, try again"), (repair, "try again"), (limits, "try again") })
        {
            Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"{says}: {(int)answer.Status} {answer.Body}\n{node.Output}");
            Assert.Equal("application/problem+json", answer.Type);
            Assert.Contains(says, answer.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", answer.Body, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("   at ", node.Output, StringComparison.Ordinal);
        // The release did not happen: once the database is back, the proxy still holds its port.
        var again = await Deadlines.UntilAsync(
            async () => (await node.Http.NewProxyAsync("ops", "kept")).GrantedPort(),
            p => p is not null, Deadlines.Quick, p => $"ops.kept answered again after the outage (last: {p})");
        Assert.Equal(port, again);
    }

    private static async Task<(HttpStatusCode, string?, string)> AskAsync(NodeProcess node, HttpMethod method, string path)
    {
        using var response = await node.Http.AdminSendAsync(Token, method, path);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }
}
